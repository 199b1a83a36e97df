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


class SiskamlingPost(models.Model):
    """A neighbourhood-watch post (pos kamling) supervised by Binkamsa; checked each quarter."""

    kelurahan = models.ForeignKey(
        "home.Kelurahan",
        on_delete=models.PROTECT,
        related_name="siskamling_posts",
        verbose_name=_("kelurahan"),
    )
    name = models.CharField(_("name"), max_length=120)
    rw = models.CharField(_("RW"), max_length=10, blank=True)
    rt = models.CharField(_("RT"), max_length=10, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("As found at the last check.")
    )
    retired = models.BooleanField(
        _("no longer exists"), default=False, help_text=_("Retired posts are not checked.")
    )

    class Meta:
        ordering = ["kelurahan__name", "rw", "name"]
        verbose_name = _("Siskamling post")
        verbose_name_plural = _("Siskamling posts")
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan", "rw", "name"], name="siskamling_post_unique_name"
            )
        ]

    def __str__(self):
        where = f"RW {self.rw}" if self.rw else ""
        return " · ".join(part for part in (self.name, where, str(self.kelurahan)) if part)


class FkpmForum(models.Model):
    """A community policing forum (Forum Kemitraan Polisi dan Masyarakat) followed by BinPolmas."""

    kelurahan = models.ForeignKey(
        "home.Kelurahan",
        on_delete=models.PROTECT,
        related_name="fkpm_forums",
        verbose_name=_("kelurahan"),
    )
    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kelurahan__name", "name"]
        verbose_name = _("FKPM forum")
        verbose_name_plural = _("FKPM forums")
        constraints = [
            models.UniqueConstraint(fields=["kelurahan", "name"], name="fkpm_forum_unique_name")
        ]

    def __str__(self):
        return f"{self.name} · {self.kelurahan}"
