"""Demo content of the counselling section: the "Panduan Hukum" index, its workflow, demo articles."""

from pathlib import Path

from counselling.importer import ArticleImporter
from counselling.models import CounsellingIndexPage
from home.models import HomePage

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_articles.jsonl"
INDEX_SLUG = "panduan"
INDEX_INTRO = (
    "<p>Panduan hukum sederhana dari Satbinmas Polres Metro Tangerang Kota: apa yang harus dilakukan "
    "saat Anda atau keluarga mengalami masalah hukum, ke mana melapor, dan apa kata undang-undang.</p>"
)


def ensure_index_page():
    index = CounsellingIndexPage.objects.first()
    if index is not None:
        return index, False
    home = HomePage.objects.first()
    index = CounsellingIndexPage(
        title="Panduan Hukum",
        slug=INDEX_SLUG,
        intro=INDEX_INTRO,
        seo_title="Panduan Hukum untuk Warga Kota Tangerang",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


def link_from_home(index):
    """Adds the index to the home page's featured pages and quick links (once)."""
    home = HomePage.objects.first().specific
    changed = False
    if not any(block.value and block.value.pk == index.pk for block in home.featured):
        home.featured.append(("page", index))
        changed = True
    if not any(
        block.value.get("page") and block.value["page"].pk == index.pk for block in home.quick_links
    ):
        home.quick_links.append(
            (
                "link",
                {
                    "title": "Panduan hukum untuk warga",
                    "page": index,
                    "url": "",
                    "description": "Kena tipu online, motor hilang, diteror pinjol? Baca langkahnya di sini.",
                },
            )
        )
        changed = True
    if changed:
        home.save_revision().publish()
    return changed


DEMO_PASSWORD = "sambang-demo-2026"
EDITORIAL_ACCOUNTS = [
    ("editor", "Editor Satbinmas", "Dewi", "Lestari"),
    ("kasat", "Supervisor Satbinmas", "Agus", "Setiawan"),
]


def ensure_editorial_accounts():
    """An editor and an approver (Kasat Binmas) so the "Persetujuan Kasat Binmas" workflow can be
    tried end to end: `editor` submits an article, `kasat` approves or asks for changes."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    names = []
    for username, group, first, last in EDITORIAL_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@sambang.local",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=group))
        names.append(username)
    return names


def load_demo_articles(index, path=DEMO_FILE):
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    return ArticleImporter(index, publish=True).run(lines)
