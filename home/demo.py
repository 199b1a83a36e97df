"""Demo content for the home app: site tree, settings, officers for every kelurahan (idempotent)."""

import io
import json
import random
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Page, Site

from home.models import HomePage, Kecamatan, Officer, OfficerFinderPage, PoliceUnit, PortalSettings
from home.regions import DATA_DIR

DEMO_ADMIN = ("admin", "sambang-demo-2026")
EMERGENCY_NUMBERS = [
    ("Polisi", "110", "Layanan darurat Polri, 24 jam, gratis"),
    ("Panggilan darurat", "112", "Nomor darurat tunggal"),
    ("Pemadam kebakaran", "113", ""),
    ("Ambulans", "119", "Layanan gawat darurat medis"),
]


def ensure_wagtail_root():
    """The tree root and default locale Wagtail's migrations create (gone after a test flush)."""
    from django.conf import settings
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


def ensure_site():
    """One HomePage at the root of the default site, with the officer finder beneath it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Sambang Digital",
            slug="beranda",
            hero_title="Polisi sahabat warga Kota Tangerang",
            hero_text="<p>Panduan hukum, informasi publik, dan kegiatan Bhabinkamtibmas di kelurahan Anda.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    # The default site answers at BASE_URL, so sitemaps and full URLs name the real host.
    base = urlsplit(settings.BASE_URL)
    hostname = base.hostname or "localhost"
    port = base.port or (443 if base.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Sambang Digital",
        )
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        site.root_page, site.hostname, site.port = home, hostname, port
        site.site_name = "Sambang Digital"
        site.save()
    # Wagtail's initial "Welcome" page is left behind by the first migration; drop it once.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()

    if not OfficerFinderPage.objects.exists():
        finder = OfficerFinderPage(
            title="Temukan Bhabinkamtibmas Anda",
            slug="temukan-bhabinkamtibmas",
            intro="<p>Pilih kecamatan lalu kelurahan tempat Anda tinggal untuk melihat petugas "
            "Bhabinkamtibmas dan Polsek yang melayani wilayah Anda.</p>",
        )
        home.add_child(instance=finder)
        finder.save_revision().publish()
    return home


def ensure_settings():
    portal = PortalSettings.load()
    if not portal.emergency_numbers:
        portal.emergency_numbers = [
            ("number", {"label": label, "number": number, "description": description})
            for label, number, description in EMERGENCY_NUMBERS
        ]
        portal.contact_email = portal.contact_email or "ppid@sambang.local"
        # Hours are a service promise, not a contact detail; phone, WhatsApp and address stay empty
        # until editors enter checked ones (the pages then fall back to 110 and the e-mail).
        portal.service_hours = (
            portal.service_hours or "Senin–Jumat 08.00–15.00 WIB; darurat 110 setiap saat"
        )
        portal.save()
    return portal


def _avatar(initials, seed):
    rng = random.Random(seed)
    colour = (rng.randint(20, 90), rng.randint(60, 120), rng.randint(110, 170))
    img = PILImage.new("RGB", (240, 240), colour)
    draw = ImageDraw.Draw(img)
    draw.ellipse((60, 30, 180, 150), fill=(235, 215, 190))
    draw.rectangle((40, 160, 200, 240), fill=(90, 70, 40))
    draw.text((105, 180), initials, fill=(255, 255, 255))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=80)
    return ImageFile(buffer, name=f"officer-{seed}.jpg")


def ensure_officers():
    """Every kelurahan gets an officer; each officer serves neighbouring kelurahan in one kecamatan."""
    if Officer.objects.exists():
        return 0
    spec = json.loads((DATA_DIR / "demo_officers.json").read_text(encoding="utf-8"))
    rng = random.Random(2026)
    polres = PoliceUnit.objects.filter(kind=PoliceUnit.Kind.POLRES).first()
    per_officer = spec["kelurahan_per_officer"]
    created = 0
    for kecamatan in Kecamatan.objects.prefetch_related("kelurahan", "police_units"):
        unit = next(
            (u for u in kecamatan.police_units.all() if u.kind == PoliceUnit.Kind.POLSEK), polres
        )
        kelurahan = list(kecamatan.kelurahan.all())
        for start in range(0, len(kelurahan), per_officer):
            given = spec["given_names"][created % len(spec["given_names"])]
            family = rng.choice(spec["family_names"])
            name = f"{given} {family}"
            photo = Image.objects.create(
                title=f"Foto {name}", file=_avatar(given[0] + family[0], created)
            )
            opted_in = created % 3 != 2
            officer = Officer.objects.create(
                name=name,
                rank=spec["ranks"][created % len(spec["ranks"])],
                nrp=f"{rng.randint(70, 99):02d}{rng.randint(10, 12):02d}{rng.randint(1000, 9999)}",
                unit=unit,
                photo=photo,
                # No invented numbers: a made-up 08xx number may belong to a real person. Editors
                # fill in real ones; until then the card falls back to the Polsek, the Polres and 110.
                contact_opt_in=opted_in,
            )
            officer.kelurahan.set(kelurahan[start : start + per_officer])
            created += 1
    return created


def ensure_admin():
    User = get_user_model()
    username, password = DEMO_ADMIN
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": "admin@sambang.local", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(password)
        user.save()
    return username, password
