"""Builders for counselling tests: the index page, articles in any publication state, images."""

import itertools

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText
from wagtail_factories import ImageFactory

from counselling.models import (
    Audience,
    CounsellingArticlePage,
    CounsellingIndexPage,
    LegalReference,
    Topic,
)
from home.models import HomePage

_numbers = itertools.count(1)


def counselling_index():
    index = CounsellingIndexPage.objects.first()
    if index is None:
        index = CounsellingIndexPage(title="Panduan Hukum", slug="panduan")
        HomePage.objects.get().add_child(instance=index)
        index.save_revision().publish()
    return index


def topic(slug):
    return Topic.objects.get(slug=slug)


def reference(citation="UU 1/2023 tentang KUHP Pasal 476", verified=True, **extra):
    instrument, _, article = citation.partition(" Pasal ")
    ref, _ = LegalReference.objects.get_or_create(
        instrument=instrument,
        article=f"Pasal {article}" if article else "",
        defaults={"verified": verified, **extra},
    )
    return ref


def make_article(
    index=None,
    *,
    title=None,
    summary=None,
    publish=True,
    topics=None,
    audiences=None,
    references=None,
    body=None,
    related=None,
    private=False,
    image=False,
    **fields,
):
    index = index or counselling_index()
    n = next(_numbers)
    page = CounsellingArticlePage(
        title=title or f"Artikel uji {n}",
        slug=fields.pop("slug", f"artikel-uji-{n}"),
        summary=summary or f"Ringkasan artikel uji {n}.",
        body=body
        if body is not None
        else [
            ("paragraph", RichText(f"<p>Isi artikel {n}.</p>")),
            ("steps", [{"title": "Lapor ke SPKT", "text": "Bawa KTP."}]),
        ],
        live=False,
        **fields,
    )
    if image:
        page.hero_image = ImageFactory(title=f"Gambar {n}")
    page.topics = topics if topics is not None else [Topic.objects.order_by("order").first()]
    page.audiences = audiences if audiences is not None else [Audience.objects.get(slug="umum")]
    page.legal_references = references or []
    page.related_articles = related or []
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    if private:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
        )
    return page
