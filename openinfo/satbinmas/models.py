"""Satbinmas units (Urbin Opsnal, Urmintu, BinPolmas, Bintibsos, Binkamsa, Bhabinkamtibmas), their
members and heads. App label `openinfo` (re-exported by `openinfo.models`).

A unit's head approves its members' activity reports and assigns its tasks; members see their
unit's work. An officer belongs to at most one Satbinmas unit (`UnitMembership.officer` is unique).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openinfo.satbinmas import units as unit_data


class SatbinmasUnitQuerySet(models.QuerySet):
    def by_code(self, code):
        return self.get(code=code)

    def ensure(self):
        """The six units from the package data (idempotent; the migration seeds them too)."""
        for row in unit_data.unit_rows():
            self.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "description": row["description"],
                    "order": int(row["order"]),
                },
            )


class SatbinmasUnit(models.Model):
    class Code(models.TextChoices):
        URBIN_OPSNAL = unit_data.URBIN_OPSNAL, _("Urbin Opsnal (operations planning)")
        URMINTU = unit_data.URMINTU, _("Urmintu (administration)")
        BINPOLMAS = unit_data.BINPOLMAS, _("BinPolmas (community policing)")
        BINTIBSOS = unit_data.BINTIBSOS, _("Bintibsos (social order)")
        BINKAMSA = unit_data.BINKAMSA, _("Binkamsa (Satpam and Siskamling)")
        BHABINKAMTIBMAS = unit_data.BHABINKAMTIBMAS, _("Bhabinkamtibmas")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SatbinmasUnitQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Satbinmas unit")
        verbose_name_plural = _("Satbinmas units")

    def __str__(self):
        return self.short_name or self.name

    @property
    def head(self):
        membership = next(
            (m for m in self.memberships.all() if m.role == UnitMembership.Role.HEAD), None
        )
        return membership.officer if membership else None

    def activity_types(self):
        return unit_data.activity_types_of(self.code)


class UnitMembership(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Head of unit")
        MEMBER = "member", _("Member")

    unit = models.ForeignKey(
        SatbinmasUnit,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    officer = models.OneToOneField(
        "home.Officer",
        on_delete=models.CASCADE,
        related_name="satbinmas_membership",
        verbose_name=_("officer"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["unit__order", "role", "officer__name"]
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(role="head"),
                name="one_head_per_satbinmas_unit",
            )
        ]

    def __str__(self):
        return f"{self.officer} · {self.unit} ({self.get_role_display()})"
