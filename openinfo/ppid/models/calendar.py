"""The PPID calendar: editable holidays (read once, cached until edited) and the yearly
registration counter that numbers requests without gaps."""

from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HOLIDAY_CACHE_KEY = "openinfo:holiday-dates"


class Holiday(models.Model):
    """A national holiday or cuti bersama; editors add and correct dates (2027 dates may move)."""

    class Kind(models.TextChoices):
        LIBUR_NASIONAL = "libur_nasional", _("national holiday")
        CUTI_BERSAMA = "cuti_bersama", _("collective leave (cuti bersama)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.LIBUR_NASIONAL
    )
    name = models.CharField(_("name"), max_length=160)
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.name}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(HOLIDAY_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(HOLIDAY_CACHE_KEY)
        return result


def holidays():
    """The holiday calendar as a set of dates, cached until a holiday is edited."""
    dates = cache.get(HOLIDAY_CACHE_KEY)
    if dates is None:
        dates = set(Holiday.objects.values_list("date", flat=True))
        cache.set(HOLIDAY_CACHE_KEY, dates, 3600)
    return dates


def local_today():
    return timezone.localdate()


class RegistrationCounter(models.Model):
    """The last registration number given in a year; its row is locked while a number is drawn."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration counter")

    def __str__(self):
        return f"{self.year}: {self.last_number}"

    @classmethod
    def next_number(cls, year):
        """Draw the next number of `year`; must run inside the caller's transaction."""
        if not cls.objects.filter(year=year).exists():
            try:
                with transaction.atomic():
                    cls.objects.create(year=year)
            except IntegrityError:
                pass  # another submission created the year's row first
        counter = cls.objects.select_for_update().get(year=year)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return counter.last_number
