"""Who may see and edit action plans and situation periods.

- edit (create plans, stages, targets and situation periods): superusers, leadership (group
  Pimpinan) and the head of Urbin Opsnal, the unit that plans operations;
- read: those, with every unit's targets (city-wide); the head of any other unit: their unit's
  targets only; nobody else (plan figures name officers in their drill-down).
"""

from openinfo.satbinmas.units import URBIN_OPSNAL
from openinfo.visits import permissions as visit_perms


def headed_unit(user):
    """The Satbinmas unit the user heads (None if they head none)."""
    officer = visit_perms.officer_of(user)
    if officer is None:
        return None
    try:
        membership = officer.satbinmas_membership
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        return None
    return membership.unit if membership.role == "head" else None


def _active(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def can_edit_plans(user):
    if not _active(user):
        return False
    if visit_perms.is_leadership(user):
        return True
    unit = headed_unit(user)
    return unit is not None and unit.code == URBIN_OPSNAL


def visible_unit_ids(user):
    """None: every unit (city-wide); a list: only those units' targets; [] nothing."""
    if not _active(user):
        return []
    if can_edit_plans(user):
        return None
    unit = headed_unit(user)
    return [unit.pk] if unit is not None else []


def can_view_plans(user):
    return visible_unit_ids(user) != []


def visible_targets(user, queryset):
    units = visible_unit_ids(user)
    if units is None:
        return queryset
    return queryset.filter(unit_id__in=units)


def can_see_situation(user):
    """The situation summary is for leadership (and the planners)."""
    return can_edit_plans(user)
