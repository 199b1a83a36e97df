"""E-mail about tasks, queued after commit (core/mail.py): a mail server that is down never undoes a
recorded step. The overdue notice goes once per task: its `TaskEvent` is the record that it went."""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.links import absolute_url
from core.mail import queue_mail
from openinfo.tasks.models import Task


def overdue_recipients(task):
    """The assignee's account (or every member's of the assigned unit) and the assigner's."""
    emails = [u.email for u in task.assignee_users() if u.email]
    if task.created_by.is_active and task.created_by.email:
        emails.append(task.created_by.email)
    return sorted(set(emails))


@transaction.atomic
def notify_overdue(task, today=None):
    """Flag one overdue task and notify its people once. Returns the number of recipients queued
    for, or None when the task is not overdue or was already notified."""
    today = today or timezone.localdate()
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("created_by", "kelurahan")
        .get(pk=task.pk)
    )
    if not task.is_overdue(today) or not task.record_overdue_notice():
        return None
    with translation.override("id"):
        subject = f"[Sambang] Tugas terlambat: {task}"
        body = render_to_string(
            "tasks/email/overdue.txt",
            {
                "task": task,
                "today": today,
                "late_days": (today - task.due_date).days,
                "url": absolute_url(reverse("tasks_detail", args=[task.pk])),
            },
        )
    return queue_mail(subject, body, overdue_recipients(task))


def notify_all_overdue(today=None):
    """Every open task past its due date that has not been notified yet: (tasks, recipients)."""
    today = today or timezone.localdate()
    pending = Task.objects.overdue(today).exclude(events__kind="overdue").order_by("due_date", "pk")
    flagged = recipients = 0
    for task in pending.iterator():
        sent = notify_overdue(task, today)
        if sent is not None:
            flagged += 1
            recipients += sent
    return flagged, recipients
