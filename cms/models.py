"""Project-level models shared by the API's parts."""

from django.conf import settings
from django.db import models


class IdempotencyRecord(models.Model):
    """The first response to a write sent with an Idempotency-Key (see cms/api/idempotency.py)."""

    MAX_KEY_LENGTH = 200

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    scope = models.CharField(max_length=200, help_text="The view the key was used on.")
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key")]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
