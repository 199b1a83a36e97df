"""How counselling content becomes search documents (public fields only): live public articles and
verified legal references. Registered in CounsellingConfig.ready()."""

from django.db.models import Prefetch

from counselling.models import CounsellingArticlePage, LegalReference, Topic
from search.documents import SearchAdapter, SearchDocument, register, register_vocabulary


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
            body=page.body_text(),
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
        return SearchDocument(
            key=f"{self.type}:{reference.pk}",
            type=self.type,
            id=reference.pk,
            title=reference.citation,
            body=reference.explanation,
            url=url,
            summary=" ".join(a.title for a in articles[:5]),
            topics=tuple(t.slug for t in topics),
            topic_names=tuple(t.name for t in topics),
        )


register(ArticleAdapter())
register(LegalReferenceAdapter())


def _topic_labels(slugs):
    return dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _popular_topics():
    return Topic.objects.only("name", "slug").order_by("order", "name")[:8]


register_vocabulary("topic", _topic_labels, popular=_popular_topics)
