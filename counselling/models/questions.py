"""Tanya Jawab: residents' legal questions answered as public guidance.

An entry is written by an editor from an answered "Lapor & Tanya" question (openinfo.reports), never
copying who asked: only the question's text and the answer are carried over, and the redaction guard
(no NIK, phone numbers or e-mail addresses) must pass before it can be saved. It is a snippet with
drafts, revisions and the editorial workflow ("Persetujuan Kasat Binmas"): it is public only once a
supervisor approved and published it.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from core.redaction import find_personal_data, findings_message


def redaction_errors(**texts):
    """{field: message} for every text in which the guard finds personal data."""
    errors = {}
    for name, text in texts.items():
        findings = find_personal_data(text or "")
        if findings:
            errors[name] = findings_message(findings)
    return errors


class QuestionAnswerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)


class QuestionAnswer(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel
):
    title = models.CharField(_("question in one line"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    question = models.TextField(
        _("question"),
        max_length=2000,
        help_text=_(
            "Rewritten without names, places that identify anyone, "
            "NIK, phone numbers or e-mail addresses."
        ),
    )
    answer = models.TextField(_("answer"), max_length=5000)
    topics = ParentalManyToManyField(
        "counselling.Topic", related_name="questions", verbose_name=_("topics")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="questionanswer")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="questionanswer",
        for_concrete_model=False,
    )

    objects = QuestionAnswerQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("topics"),
    ]

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("Tanya Jawab entry")
        verbose_name_plural = _("Tanya Jawab")

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        errors = redaction_errors(title=self.title, question=self.question, answer=self.answer)
        if errors:
            raise ValidationError(errors)

    def get_url(self):
        return reverse("counselling:question", args=[self.slug])

    get_absolute_url = get_url
