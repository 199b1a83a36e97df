"""Search index state of the database engine, and the synonym groups editors maintain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One indexed public document. The analysed text lives beside it: in the FTS5 table
    `search_fts` (rowid = id) on SQLite, in the raw `search_vector` tsvector column on PostgreSQL
    (both created by migration 0002, outside Django's model state)."""

    key = models.CharField(max_length=80, unique=True)
    type = models.CharField(max_length=32, db_index=True)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=500)
    title_folded = models.CharField(max_length=520, db_index=True)  # " word word" for suggestions
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, blank=True)
    topics = models.JSONField(default=list)
    topic_names = models.JSONField(default=list)
    kecamatan = models.JSONField(default=list)
    # "name=value" for each facet (type, topic, year, kecamatan): filters and counts read them from
    # the row the full-text match has already found, with no second table to join.
    facet_keys = models.JSONField(default=list)
    extra = models.JSONField(default=dict)  # SearchDocument.extra, e.g. a reference's articles
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.key


class SearchTerm(models.Model):
    """The indexed vocabulary (folded surface words and their stems) for "did you mean"."""

    term = models.CharField(max_length=64, unique=True)
    stem = models.CharField(max_length=64, db_index=True)
    length = models.PositiveSmallIntegerField()
    doc_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # "Did you mean" reads the most frequent terms of one initial and length range: the
            # index answers it alone (no table read).
            models.Index(fields=["term", "length", "doc_count"], name="search_term_correction"),
        ]

    def __str__(self):
        return self.term


class SynonymGroup(models.Model):
    """Editors' own synonym or abbreviation groups, applied at query time beside the shipped file."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Words or phrases that mean the same, separated by commas, e.g. 'hilang, ilang, raib'."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self):
        return self.terms[:80]

    def term_list(self):
        return [term.strip() for term in self.terms.split(",") if term.strip()]
