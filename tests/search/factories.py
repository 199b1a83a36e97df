"""Counselling pages for search tests."""

import itertools

from counselling.models import CounsellingArticlePage, CounsellingIndexPage, Topic

_numbers = itertools.count(1)


def counselling_index(home_page):
    index = CounsellingIndexPage.objects.first()
    if index is None:
        index = CounsellingIndexPage(title="Penyuluhan Hukum", slug="penyuluhan")
        home_page.add_child(instance=index)
        index.save_revision().publish()
    return index


def article(
    home_page,
    title="Motor hilang dicuri",
    summary="Langkah bila motor dicuri.",
    text="Segera lapor ke Polsek terdekat.",
    topics=("T01",),
    publish=True,
    **fields,
):
    n = next(_numbers)
    page = CounsellingArticlePage(
        title=title,
        slug=f"artikel-{n}",
        summary=summary,
        body=[("paragraph", f"<p>{text}</p>")],
        live=publish,
        **fields,
    )
    counselling_index(home_page).add_child(instance=page)
    page.topics.set(Topic.objects.filter(code__in=topics))
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page
