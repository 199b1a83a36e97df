"""How counselling content becomes search documents (public fields only): live public articles and
verified legal references. Registered in CounsellingConfig.ready()."""

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save

from counselling.models import CounsellingArticlePage, LegalReference, QuestionAnswer, Topic
from search.documents import SearchAdapter, SearchDocument, register, register_vocabulary
from search.intent import clear_cache, register_words
from search.text import stream_text


def _phrasings(topics):
    return ", ".join(t.phrasings.replace(";", ",") for t in topics if t.phrasings)


class ArticleAdapter(SearchAdapter):
    type = "article"
    model = CounsellingArticlePage

    def public_queryset(self):
        return (
            CounsellingArticlePage.objects.live()
            .public()
            .select_related("target_kecamatan")
            .prefetch_related("topics")
            .order_by("pk")
        )

    def to_document(self, page) -> SearchDocument:
        topics = list(page.topics.all())
        return SearchDocument(
            key=f"{self.type}:{page.pk}",
            type=self.type,
            id=page.pk,
            title=page.title,
            summary=page.summary or "",
            body=stream_text(page.body),
            url=page.get_url() or "",
            date=page.last_published_at or page.first_published_at,
            keywords=_phrasings(topics),  # editors' everyday phrasings of each topic
            topics=tuple(t.slug for t in topics),
            topic_names=tuple(t.name for t in topics),
            kecamatan=(page.target_kecamatan.code,) if page.target_kecamatan_id else (),
        )


class LegalReferenceAdapter(SearchAdapter):
    """Only verified references are shown to residents as fact, so only they are indexed."""

    type = "legal_reference"
    model = LegalReference

    def public_queryset(self):
        articles = (
            CounsellingArticlePage.objects.live()
            .public()
            .prefetch_related("topics")
            .order_by("path")
        )
        return (
            LegalReference.objects.filter(verified=True)
            .prefetch_related(Prefetch("articles", queryset=articles, to_attr="public_articles"))
            .order_by("pk")
        )

    def to_document(self, reference) -> SearchDocument:
        articles = getattr(reference, "public_articles", None)
        if articles is None:
            articles = list(reference.articles.live().public().order_by("path"))
        topics = list({t.slug: t for a in articles for t in a.topics.all()}.values())
        if hasattr(reference, "get_absolute_url"):
            url = reference.get_absolute_url()
        elif articles:
            url = articles[0].get_url() or ""
        else:
            url = reference.source_url
        # The explanation alone is its text: the titles of the articles citing it made every
        # reference a near-duplicate of its article. The results page shows a reference as
        # "Dasar hukum" under those articles (extra["articles"]).
        return SearchDocument(
            key=f"{self.type}:{reference.pk}",
            type=self.type,
            id=reference.pk,
            title=reference.citation,
            body=reference.explanation,
            url=url,
            topics=tuple(t.slug for t in topics),
            topic_names=tuple(t.name for t in topics),
            topic_weight="low",
            extra={"articles": [a.pk for a in articles]},
        )


class QuestionAnswerAdapter(SearchAdapter):
    """Published Tanya Jawab entries, as guidance: the editor's anonymised question and the answer."""

    type = "qa"
    model = QuestionAnswer

    def public_queryset(self):
        return QuestionAnswer.objects.published().prefetch_related("topics").order_by("pk")

    def to_document(self, entry) -> SearchDocument:
        topics = list(entry.topics.all())
        return SearchDocument(
            key=f"{self.type}:{entry.pk}",
            type=self.type,
            id=entry.pk,
            title=entry.title,
            summary=entry.question,
            body=entry.answer,
            url=entry.get_url(),
            date=entry.last_published_at or entry.updated_at,
            keywords=_phrasings(topics),
            topics=tuple(t.slug for t in topics),
            topic_names=tuple(t.name for t in topics),
        )


register(ArticleAdapter())
register(QuestionAnswerAdapter())
register(LegalReferenceAdapter())


def _topic_names():
    """The names of the topics guidance answers: what a resident's question is about
    (search/intent.py weighs a query's words that name a topic above its context words)."""
    return list(Topic.objects.values_list("name", flat=True))


register_words("topic", _topic_names)
post_save.connect(clear_cache, sender=Topic, dispatch_uid="search_intent_topic")
post_delete.connect(clear_cache, sender=Topic, dispatch_uid="search_intent_delete_topic")


def _topic_labels(slugs):
    return dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _popular_topics():
    return Topic.objects.only("name", "slug").order_by("order", "name")[:8]


register_vocabulary("topic", _topic_labels, popular=_popular_topics)
