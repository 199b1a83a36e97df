"""Tasks (tugas) between Satbinmas personnel and their timeline.

A head of a unit or leadership assigns a task (the activity expected, where, by when, what to do) to
one officer or to a whole unit; the assignee comments on it and completes it by naming the activity
report that fulfils it. Every step is a `TaskEvent`. Each state change is one method that checks the
status under a row lock, records the event and saves; a refused change raises `TransitionError` and
changes nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import TransitionError
from openinfo.models import ActivityType, VisitStatus

MAX_TEXT = 4000
KEY_LENGTH = 64


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
# The reports that may fulfil a task: filed for approval or approved (never a draft).
FULFILLING_REPORT_STATUSES = (VisitStatus.SUBMITTED, VisitStatus.APPROVED)


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _invalid(field, message):
    return TransitionError(message, code="validation_error", status=400, fields={field: [message]})


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def assigned_to_officer(self, officer):
        """Tasks the officer holds: assigned to them, or to the Satbinmas unit they belong to."""
        condition = Q(assignee_officer=officer)
        membership = getattr(officer, "satbinmas_membership", None) if officer else None
        if membership is not None:
            condition |= Q(assignee_unit_id=membership.unit_id)
        return self.filter(condition)


class Task(models.Model):
    """One task; assigned to exactly one officer or one Satbinmas unit (a database constraint)."""

    activity_type = models.CharField(
        _("activity expected"), max_length=20, choices=ActivityType.choices
    )
    kelurahan = models.ForeignKey(
        "home.Kelurahan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("kelurahan"),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("E.g. RW 05, the market, a school.")
    )
    due_date = models.DateField(_("due date"))
    instructions = models.TextField(_("instructions"), max_length=MAX_TEXT)
    assignee_officer = models.ForeignKey(
        "home.Officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assigned officer"),
    )
    assignee_unit = models.ForeignKey(
        "openinfo.SatbinmasUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assigned unit"),
    )
    # The unit the task counts for on the dashboard: the assigned unit, or the officer's unit at
    # assignment (None for an officer outside every Satbinmas unit).
    unit = models.ForeignKey(
        "openinfo.SatbinmasUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("unit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks_created",
        verbose_name=_("assigned by"),
    )
    # The key of the request that created the task: a retried create with the same key finds this
    # task instead of making a second one.
    creation_key = models.CharField(max_length=KEY_LENGTH, null=True, blank=True, editable=False)
    signal = models.ForeignKey(
        "openinfo.EarlyWarningSignal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("early-warning signal"),
    )
    resident_message = models.ForeignKey(
        "reports.ResidentMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("resident message"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TaskStatus.choices,
        default=TaskStatus.OPEN,
        editable=False,
    )
    fulfilled_by = models.ForeignKey(
        "openinfo.VisitReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fulfilled_tasks",
        editable=False,
        verbose_name=_("fulfilled by"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=(Q(assignee_officer__isnull=False) & Q(assignee_unit__isnull=True))
                | (Q(assignee_officer__isnull=True) & Q(assignee_unit__isnull=False)),
                name="task_one_assignee",
            ),
            models.UniqueConstraint(
                fields=["created_by", "creation_key"],
                condition=Q(creation_key__isnull=False),
                name="task_creation_key_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(fulfilled_by__isnull=False),
                name="task_done_has_report",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="task_status_due"),
            models.Index(fields=["unit", "status"], name="task_unit_status"),
            models.Index(fields=["assignee_officer", "status"], name="task_officer_status"),
            models.Index(fields=["assignee_unit", "status"], name="task_assunit_status"),
        ]

    def __str__(self):
        where = self.kelurahan.name if self.kelurahan_id else self.place
        return " · ".join(
            part for part in (str(self.get_activity_type_display()), where or "") if part
        )

    # -- reading ---------------------------------------------------------------------------------
    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or timezone.localdate())

    @property
    def assignee(self):
        return self.assignee_officer if self.assignee_officer_id else self.assignee_unit

    def assignee_users(self):
        """The accounts that hold the task: the officer's, or every member's of the unit."""
        users = get_user_model().objects.filter(is_active=True)
        if self.assignee_officer_id:
            return users.filter(officer=self.assignee_officer_id)
        return users.filter(officer__satbinmas_membership__unit=self.assignee_unit_id)

    def report_may_fulfil(self, report):
        """None when `report` fulfils this task, else the reason (translated) why not."""
        if report.activity_type != self.activity_type:
            return _("The report is not of the activity this task expects (%(type)s).") % {
                "type": self.get_activity_type_display()
            }
        if report.status not in FULFILLING_REPORT_STATUSES:
            return _("Only a submitted or approved report completes a task.")
        if report.created_at < self.created_at:
            return _("The report was filed before the task was assigned.")
        if self.kelurahan_id and report.kelurahan_id != self.kelurahan_id:
            return _("The report is not for the task's kelurahan.")
        if self.assignee_officer_id:
            if report.officer_id != self.assignee_officer_id:
                return _("Only a report of the assigned officer completes this task.")
        else:
            membership = getattr(report.officer, "satbinmas_membership", None)
            if membership is None or membership.unit_id != self.assignee_unit_id:
                return _("Only a report of a member of the assigned unit completes this task.")
        return None

    # -- lifecycle ---------------------------------------------------------------------------------
    @classmethod
    def assign(
        cls,
        *,
        created_by,
        activity_type,
        due_date,
        instructions,
        officer=None,
        unit=None,
        kelurahan=None,
        place="",
        signal=None,
        resident_message=None,
        key=None,
    ):
        """Create and assign a task (the caller has checked the assigner may assign to this
        assignee). With `key`, a retry of the same request returns the task made the first time:
        returns (task, created)."""
        if key:
            existing = cls.objects.filter(created_by=created_by, creation_key=key).first()
            if existing is not None:
                return existing, False
        errors = {}
        if (officer is None) == (unit is None):
            errors["assignee"] = [str(_("Choose either one officer or one unit."))]
        if activity_type not in ActivityType.values:
            errors["activity_type"] = [str(_("Choose a valid activity type."))]
        if not (instructions or "").strip():
            errors["instructions"] = [str(_("Write the instructions for the task."))]
        elif len(instructions) > MAX_TEXT:
            errors["instructions"] = [str(_("At most %(n)d characters.") % {"n": MAX_TEXT})]
        if due_date is None:
            errors["due_date"] = [str(_("Choose the due date."))]
        elif due_date < timezone.localdate():
            errors["due_date"] = [str(_("The due date cannot be in the past."))]
        if officer is not None and not officer.active:
            errors["assignee"] = [str(_("This officer is no longer active."))]
        if errors:
            raise TransitionError(
                _("The task is not valid."), code="validation_error", status=400, fields=errors
            )
        membership = getattr(officer, "satbinmas_membership", None) if officer else None
        task = cls(
            created_by=created_by,
            creation_key=key or None,
            activity_type=activity_type,
            due_date=due_date,
            instructions=instructions.strip(),
            assignee_officer=officer,
            assignee_unit=unit,
            unit_id=unit.pk if unit is not None else getattr(membership, "unit_id", None),
            kelurahan=kelurahan,
            place=(place or "").strip(),
            signal=signal,
            resident_message=resident_message,
        )
        try:
            with transaction.atomic():
                task.save()
                task._record(TaskEvent.Kind.CREATED, created_by)
                task._record(TaskEvent.Kind.ASSIGNED, created_by, text=str(task.assignee))
        except IntegrityError:
            # The same key raced us to it: the first request's task is the answer.
            existing = cls.objects.filter(created_by=created_by, creation_key=key).first()
            if key and existing is not None:
                return existing, False
            raise
        return task, True

    def _record(self, kind, user, text="", from_status="", to_status=""):
        return TaskEvent.objects.create(
            task=self,
            kind=kind,
            user=_user(user),
            text=text,
            from_status=from_status,
            to_status=to_status,
        )

    def _locked(self):
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        self.status = locked.status
        return locked

    def _require_open(self, verb):
        if not self.is_open:
            raise TransitionError(
                _("Cannot %(verb)s a task that is %(status)s.")
                % {"verb": verb, "status": self.get_status_display().lower()}
            )

    @transaction.atomic
    def comment(self, user, text):
        text = (text or "").strip()
        if not text:
            raise _invalid("text", _("Write a comment first."))
        if len(text) > MAX_TEXT:
            raise _invalid("text", _("At most %(n)d characters.") % {"n": MAX_TEXT})
        self._locked()
        return self._record(TaskEvent.Kind.COMMENT, user, text=text)

    @transaction.atomic
    def start(self, user):
        """The assignee has started on it (open -> in progress); a second start changes nothing."""
        self._locked()
        self._require_open(_("start"))
        if self.status == TaskStatus.IN_PROGRESS:
            return False
        self._set_status(TaskStatus.IN_PROGRESS, user)
        return True

    @transaction.atomic
    def complete(self, user, report, note=""):
        """Done, fulfilled by `report` (checked by `report_may_fulfil`)."""
        self._locked()
        self._require_open(_("complete"))
        if report is None:
            raise _invalid("report", _("Choose the activity report that fulfils the task."))
        reason = self.report_may_fulfil(report)
        if reason:
            raise _invalid("report", reason)
        self.fulfilled_by = report
        self.completed_at = timezone.now()
        previous = self.status
        self.status = TaskStatus.DONE
        self.save(update_fields=["status", "fulfilled_by", "completed_at", "updated_at"])
        self._record(
            TaskEvent.Kind.COMPLETED,
            user,
            text=(note or "").strip()[:MAX_TEXT] or str(report),
            from_status=previous,
            to_status=self.status,
        )

    @transaction.atomic
    def cancel(self, user, reason):
        reason = (reason or "").strip()
        if not reason:
            raise _invalid("reason", _("Give the reason for cancelling."))
        self._locked()
        self._require_open(_("cancel"))
        self._set_status(TaskStatus.CANCELLED, user, text=reason[:MAX_TEXT])

    def _set_status(self, status, user, text=""):
        previous = self.status
        self.status = status
        self.save(update_fields=["status", "updated_at"])
        self._record(
            TaskEvent.Kind.STATUS_CHANGED, user, text=text, from_status=previous, to_status=status
        )

    def record_overdue_notice(self):
        """Record that the overdue notice went out; False when it already had (once per task,
        guarded by a unique constraint, so two runs at once still record it once)."""
        try:
            with transaction.atomic():
                self._record(TaskEvent.Kind.OVERDUE_NOTIFIED, None)
        except IntegrityError:
            return False
        return True


class TaskEvent(models.Model):
    """One step in a task's timeline."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        ASSIGNED = "assigned", _("Assigned")
        COMMENT = "comment", _("Comment")
        STATUS_CHANGED = "status", _("Status changed")
        COMPLETED = "completed", _("Completed")
        OVERDUE_NOTIFIED = "overdue", _("Overdue: assignee and assigner notified")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    text = models.TextField(_("text"), blank=True)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(kind="overdue"), name="task_overdue_notified_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def status_label(self):
        return TaskStatus(self.to_status).label if self.to_status in TaskStatus.values else ""
