"""Alerts for high-severity early-warning signals.

When a report is submitted (the app submits right after filing), each of its high-severity signals
that has not alerted yet, and a high-severity signal an officer files on its own (no report),
notifies the officer's supervisors (reviewers of the report's unit or its
parent unit) and the leadership group: one in-admin notification per recipient (SignalAlert), one
e-mail through Django's mail backend, and every channel in FIELD_ALERT_CHANNELS (console by
default; an SMS/WhatsApp gateway is one more AlertChannel subclass named there). Everything that
can fail runs after commit and is logged, never raised: a saved report never turns into an error.
The messages carry no participants' data and no signal description (it may name people): only the
category, severity, place, officer and a link to the admin.
"""

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from openinfo.models import Severity
from openinfo.satbinmas import roles
from openinfo.satbinmas.units import BHABINKAMTIBMAS, unit_for_activity
from openinfo.visits import permissions as perms
from openinfo.visits.fieldapp.models import SignalAlert

logger = logging.getLogger(__name__)
ALERT_SEVERITIES = (Severity.TINGGI,)


@dataclass
class Alert:
    """What every channel gets: no personal data by construction."""

    signal_id: int
    report_id: int | None
    subject: str
    body: str
    short: str
    url: str


class AlertChannel:
    """A way to tell people. Subclasses implement send(); they are named in FIELD_ALERT_CHANNELS."""

    def send(self, alert: Alert, recipients) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleChannel(AlertChannel):
    """The default extra channel: one line on standard output (like Django's console e-mail)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, alert, recipients):
        names = ", ".join(sorted(user.get_username() for user in recipients))
        self.stream.write(f"[sambang-alert] {alert.short} → {names}\n")
        self.stream.flush()


class EmailChannel(AlertChannel):
    """One e-mail per signal to every recipient with an address."""

    def send(self, alert, recipients):
        addresses = sorted({user.email for user in recipients if user.email})
        if not addresses:
            return
        EmailMessage(alert.subject, alert.body, None, addresses).send()


def extra_channels():
    paths = getattr(
        settings, "FIELD_ALERT_CHANNELS", ["openinfo.visits.fieldapp.alerts.ConsoleChannel"]
    )
    return [import_string(path)() for path in paths]


def recipients_for(report):
    """The supervisors of the report's unit (their own unit or its parent) and the leadership group;
    for another Satbinmas unit's report, that unit's head and the leadership group."""
    if unit_for_activity(report.activity_type) != BHABINKAMTIBMAS:
        return recipients_for_satbinmas_unit(report.satbinmas_unit_id, report.officer.user_id)
    return recipients_for_unit(report.unit, report.officer.user_id)


def recipients_for_satbinmas_unit(unit_id, author_id=None):
    """The head of a Satbinmas unit (not Bhabinkamtibmas: its supervisors are the Polsek's) and
    the leadership group, never the author."""
    User = get_user_model()
    heads = User.objects.filter(
        is_active=True,
        officer__satbinmas_membership__unit_id=unit_id,
        officer__satbinmas_membership__role="head",
    )
    leaders = User.objects.filter(is_active=True, groups__name=perms.LEADERSHIP_GROUP)
    people = {user.pk: user for user in [*heads, *leaders] if user.pk != author_id}
    return [people[pk] for pk in sorted(people)]


def recipients_for_unit(unit, author_id=None):
    """The supervisors of a unit (reviewers whose officer profile is in it or its parent) and the
    leadership group, never the author."""
    User = get_user_model()
    units = [unit.pk]
    parent_id = getattr(unit, "parent_id", None)
    if parent_id:
        units.append(parent_id)
    supervisors = User.objects.with_perm(
        perms.REVIEW_PERM,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",  # axes' backend grants nothing
    ).filter(is_active=True, officer__unit_id__in=units)
    leaders = User.objects.filter(is_active=True, groups__name=perms.LEADERSHIP_GROUP)
    people = {user.pk: user for user in [*supervisors, *leaders] if user.pk != author_id}
    return [people[pk] for pk in sorted(people)]


def build_alert(signal):
    report = signal.report
    # A signal filed on its own carries its own place, time, officer and unit.
    kelurahan = report.kelurahan if report else signal.kelurahan
    officer = report.officer if report else signal.officer
    unit = report.unit if report else signal.unit
    with translation.override(settings.LANGUAGE_CODE):
        place = _("Kelurahan %(kelurahan)s, Kecamatan %(kecamatan)s") % {
            "kelurahan": kelurahan.name,
            "kecamatan": kelurahan.kecamatan.name,
        }
        target = (
            reverse("visit_review", args=[report.pk])
            if report
            else reverse("fieldapp_signal", args=[signal.pk])
        )
        url = settings.BASE_URL.rstrip("/") + target
        category = str(signal.get_category_display())
        severity = str(signal.get_severity_display())
        subject = _("[Early warning] %(severity)s: %(category)s — %(place)s") % {
            "severity": severity,
            "category": category,
            "place": place,
        }
        if report:
            when = _("Visit: %(when)s") % {
                "when": timezone.localtime(report.started_at).strftime("%d-%m-%Y %H:%M")
            }
        else:
            when = _("Filed without a visit report: %(when)s") % {
                "when": timezone.localtime(signal.created_at).strftime("%d-%m-%Y %H:%M")
            }
        rw = f", RW {report.rw}" if report and report.rw else ""
        lines = [
            _("An early-warning signal of high severity was reported from the field."),
            "",
            _("Category: %(category)s") % {"category": category},
            _("Severity: %(severity)s") % {"severity": severity},
            _("Place: %(place)s") % {"place": place} + rw,
            when,
            _("Officer: %(officer)s (%(unit)s)")
            % {"officer": f"{officer.rank} {officer.name}", "unit": unit.name},
            "",
            _("Details (internal) in the admin: %(url)s") % {"url": url},
            _("The signal's description and participants' data are not included in this message."),
        ]
        short = _("High signal: %(category)s, %(place)s") % {"category": category, "place": place}
    return Alert(
        signal.pk,
        report.pk if report else None,
        str(subject),
        "\n".join(str(line) for line in lines),
        str(short),
        url,
    )


def alert_new_signals(report):
    """Record the in-admin alerts now (in the caller's transaction) and send after commit."""
    pending = [
        s for s in report.signals.filter(severity__in=ALERT_SEVERITIES) if not s.alerts.exists()
    ]
    if not pending:
        return []
    return _alert(pending, recipients_for(report))


def alert_standalone_signal(signal):
    """A signal an officer filed on its own: the same alert, once, to its unit's supervisors and
    leadership (in the caller's transaction; sent after commit)."""
    if signal.severity not in ALERT_SEVERITIES or signal.alerts.exists():
        return []
    author = signal.officer.user_id if signal.officer_id else None
    membership = roles.membership_of(signal.officer)
    if membership is not None and roles.works_citywide(signal.officer):
        return _alert([signal], recipients_for_satbinmas_unit(membership.unit_id, author))
    return _alert([signal], recipients_for_unit(signal.unit, author))


def _alert(pending, recipients):
    if not recipients:
        return []
    sent = []
    for signal in pending:
        SignalAlert.objects.bulk_create(
            [SignalAlert(signal=signal, recipient=user) for user in recipients],
            ignore_conflicts=True,
        )
        alert = build_alert(signal)
        transaction.on_commit(lambda alert=alert: dispatch(alert, recipients))
        sent.append(alert)
    return sent


def dispatch(alert, recipients):
    for channel in [EmailChannel(), *extra_channels()]:
        try:
            channel.send(alert, recipients)
        except Exception:  # noqa: BLE001 - a channel's failure never undoes the report
            logger.exception(
                "Alert channel %s failed for signal %s", type(channel).__name__, alert.signal_id
            )


def on_transition(sender, instance, created, **kwargs):
    if created and instance.action == "submit":
        alert_new_signals(instance.report)


def unread_count(user):
    return SignalAlert.objects.filter(recipient=user, read_at__isnull=True).count()
