"""How open information becomes search documents (public fields only). Registered in OpeninfoConfig.ready().

- Disclosures: live register items (`PublicInformation`). Exempt items (dikecualikan) are indexed as
  the public register lists them, by title, legal basis (Pasal 17) and consequence test only: a resident
  searching for something exempt should learn that it exists, why it is withheld and that it can still
  be requested — never its content, summary or documents.
- Visits: approved reports only, with their public summary, activity type, kelurahan/kecamatan, date
  and the topics delivered. Internal notes, signal descriptions, participant names, RT and photos are
  never read here.

Lifecycle: both models are plain (non-page) models, so search's post_save/post_delete hooks sync them
(publish/unpublish/delete of a disclosure; approve/return/delete of a report). Visit transitions are
also hooked on `VisitTransition` creation, which happens after the report and its topics are committed.
"""

from django.db.models.signals import post_save
from django.utils import translation
from django.utils.translation import gettext as _

from openinfo.models import ActivityType, Category, PublicInformation, VisitReport, VisitTransition
from search.documents import SearchAdapter, SearchDocument, register
from search.intent import register_words
from search.signals import enqueue_sync

# The public-information register's own vocabulary (UU 14/2008 and the PPID's documents): a query
# with one of these is about the register (search/intent.py), as are its category names.
REGISTER_TERMS = (
    "ppid",
    "informasi publik",
    "daftar informasi",
    "keterbukaan informasi",
    "permohonan informasi",
    "keberatan informasi",
    "laporan keuangan",
    "laporan kinerja",
    "laporan tahunan",
    "lakip",
    "renstra",
    "rencana kerja",
    "rencana strategis",
    "anggaran",
    "dipa",
    "realisasi anggaran",
    "lhkpn",
    "sop",
    "standar operasional",
    "struktur organisasi",
    "nota kesepahaman",
    "mou",
    "dikecualikan",
    "informasi berkala",
    "serta merta",
    "setiap saat",
    "uji konsekuensi",
)


def _register_terms():
    return [*REGISTER_TERMS, *(value.replace("_", " ") for value, _label in Category.choices)]


def _activity_words():
    """The activity types' names as residents read them, in Indonesian and English."""
    words = ["kegiatan", "kunjungan", "laporan"]
    for language in ("id", "en"):
        with translation.override(language):
            for value, label in ActivityType.choices:
                words += [str(label), value.replace("_", " ")]
    return words


class RegisterItemAdapter(SearchAdapter):
    type = "disclosure"
    model = PublicInformation

    def public_queryset(self):
        return (
            PublicInformation.objects.filter(live=True)
            .select_related("unit")
            .prefetch_related("unit__covered_kecamatan")
            .order_by("pk")
        )

    def to_document(self, item) -> SearchDocument:
        with translation.override("id"):
            category = str(item.get_category_display())
            if item.is_exempt:
                # What the public register shows of an exempt item, minus the summary.
                summary = " ".join(
                    p for p in [category, str(item.get_exemption_basis_display())] if p
                )
                body = item.consequence_test_summary
            else:
                fields = item.public_text_fields()
                summary = " ".join(p for p in [fields["summary"], category] if p)
                body = " ".join(
                    p for p in [fields["body"], fields["holding_official"], fields["period"]] if p
                )
        kecamatan = ()
        if item.unit_id and item.unit.kind == "polsek":
            kecamatan = tuple(sorted(k.code for k in item.unit.covered_kecamatan.all()))
        return SearchDocument(
            key=f"{self.type}:{item.pk}",
            type=self.type,
            id=item.pk,
            title=item.title,
            summary=summary,
            body=body,
            url=item.get_absolute_url(),
            date=item.created_on or item.last_published_at or item.first_published_at,
            kecamatan=kecamatan,
        )


class VisitAdapter(SearchAdapter):
    type = "visit"
    model = VisitReport

    def public_queryset(self):
        return (
            VisitReport.objects.published()
            .select_related(
                "kelurahan__kecamatan",
                "siskamling_detail__post",
                "fkpm_detail__forum",
                "guidance_detail",
            )
            .prefetch_related("topics")
            .order_by("pk")
        )

    def to_document(self, report) -> SearchDocument:
        # Public fields only (VisitReport.PUBLIC_FIELDS); built explicitly so that nothing internal
        # (internal_notes, participant_names, rt, follow_up_actions, signals, photos) can leak in.
        topics = list(report.topics.all())
        kelurahan = report.kelurahan
        with translation.override("id"):
            activity = str(report.get_activity_type_display())
            title = _("%(activity)s in Kelurahan %(kelurahan)s, Kecamatan %(kecamatan)s") % {
                "activity": activity,
                "kelurahan": kelurahan.name,
                "kecamatan": kelurahan.kecamatan.name,
            }
            place = _("Kelurahan %(kelurahan)s, Kecamatan %(kecamatan)s") % {
                "kelurahan": kelurahan.name,
                "kecamatan": kelurahan.kecamatan.name,
            }
        # The public summary and the place are the text; the topics delivered weigh like the body
        # (a report that a talk on pinjol took place does not answer a question about pinjol).
        return SearchDocument(
            key=f"{self.type}:{report.pk}",
            type=self.type,
            id=report.pk,
            title=title,
            summary=report.public_summary,
            keywords=activity,
            body=" · ".join([place, *report.public_detail_texts()]),
            url=report.get_public_url(),
            date=report.visit_date,
            topics=tuple(t.slug for t in topics),
            topic_names=tuple(t.name for t in topics),
            topic_weight="low",
            kecamatan=(kelurahan.kecamatan.code,),
        )


def visit_transition_recorded(sender, instance, created, raw=False, **kwargs):
    """Approve/return/submit: resync once the report (and its topics) are saved."""
    if created and not raw:
        enqueue_sync(VisitAdapter.type, instance.report_id)


register(RegisterItemAdapter())
register(VisitAdapter())
register_words("activity", _activity_words)
register_words("register", _register_terms)
post_save.connect(
    visit_transition_recorded,
    sender=VisitTransition,
    dispatch_uid="search_visit_transition_recorded",
)
