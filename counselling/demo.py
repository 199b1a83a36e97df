"""Demo content of the counselling section: the "Panduan Hukum" index, its workflow, demo articles."""

import io
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from counselling.importer import ArticleImporter
from counselling.models import CounsellingArticlePage, CounsellingIndexPage
from home.models import HomePage

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_articles.jsonl"
INDEX_SLUG = "panduan"
INDEX_INTRO = (
    "<p>Panduan hukum sederhana dari Satbinmas Polres Metro Tangerang Kota: apa yang harus dilakukan "
    "saat Anda atau keluarga mengalami masalah hukum, ke mana melapor, dan apa kata undang-undang.</p>"
)

PALETTE = [(11, 37, 69), (19, 49, 92), (200, 16, 46), (18, 140, 74), (224, 161, 0), (91, 101, 115)]


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


def _banner(text, colour):
    img = PILImage.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(img)
    for i in range(0, 1200, 60):
        draw.line((i, 675, i + 300, 0), fill=tuple(min(255, c + 18) for c in colour), width=14)
    draw.rectangle((60, 470, 1140, 610), fill=(255, 255, 255))
    draw.text((90, 520), text[:60], fill=colour, font_size=44)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=82)
    return ImageFile(buffer, name="panduan-hukum.jpg")


def ensure_hero_images():
    """One simple generated banner per topic of the demo articles that have none."""
    created = 0
    pages = CounsellingArticlePage.objects.filter(
        hero_image__isnull=True, external_id__startswith="demo-"
    )
    for page in pages.prefetch_related("topics"):
        topic = page.topics.first()
        title = f"Panduan: {topic.name}" if topic else "Panduan hukum"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image.objects.create(
                title=title, file=_banner(title, PALETTE[(topic.pk if topic else 0) % len(PALETTE)])
            )
            created += 1
        CounsellingArticlePage.objects.filter(pk=page.pk).update(hero_image=image)
        # Keep the latest revision in step, so a later publish does not drop the image.
        if page.latest_revision_id:
            revision = page.latest_revision
            revision.content["hero_image"] = image.pk
            revision.save(update_fields=["content"])
    return created


def load_demo_articles(index, path=DEMO_FILE):
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    return ArticleImporter(index, publish=True).run(lines)
