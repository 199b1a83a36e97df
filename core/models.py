"""The one model of the kit: content versions (core/contentcache.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A generation number of public content (see core/contentcache.py): `global`, `pages`, each
    change-feed type and each tracked model. Bumped in the transaction that changes the content."""

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return f"{self.name}={self.value}"
