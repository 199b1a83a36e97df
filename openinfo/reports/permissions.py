"""Who may see and act on which resident's message: one rule for the admin and the field API,
scoped like visit reports (openinfo.visits.permissions):

- officer (an active Officer profile): messages for the kelurahan they are assigned to;
- supervisor (`openinfo.review_visitreport`): messages of their unit and the units under it;
- leadership (group Pimpinan): every message, read-only;
- superuser: everything.
Editors with `counselling.add_questionanswer` see answered questions (text only, never the contact
or photo) to turn them into Tanya Jawab entries.
"""

from django.db.models import Q

from openinfo.reports.models import Kind, ResidentMessage, Status
from openinfo.visits.permissions import is_leadership, officer_of, supervised_unit_ids

GUIDANCE_PERM = "counselling.add_questionanswer"


def _active(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def _scope(user):
    """Q of the messages the user may act on, or None for all."""
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    officer = officer_of(user)
    if officer is not None and officer.active:
        condition |= Q(kelurahan__in=officer.kelurahan.all())
    units = supervised_unit_ids(user)
    if units:
        condition |= Q(unit_id__in=units)
    return condition


def actionable_messages(user, queryset=None):
    queryset = ResidentMessage.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    scope = _scope(user)
    return queryset if scope is None else queryset.filter(scope)


def visible_messages(user, queryset=None):
    queryset = ResidentMessage.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if is_leadership(user):
        return queryset
    return actionable_messages(user, queryset)


def can_view(user, message):
    return visible_messages(user).filter(pk=message.pk).exists()


def can_act(user, message):
    return actionable_messages(user).filter(pk=message.pk).exists()


def has_triage_access(user):
    return _active(user) and (
        user.is_superuser
        or is_leadership(user)
        or officer_of(user) is not None
        or bool(supervised_unit_ids(user))
    )


def can_make_guidance(user):
    return _active(user) and user.has_perm(GUIDANCE_PERM)


def answered_questions():
    """What editors may turn into guidance: answered legal questions not yet used, text only."""
    return ResidentMessage.objects.filter(
        kind=Kind.QUESTION,
        first_reply_at__isnull=False,
        anonymised_at__isnull=True,
        guidance__isnull=True,
    ).exclude(status=Status.CLOSED, close_reason__in=["spam", "duplicate"])
