"""A phone (360×740, touch) driving the field app at /lapangan/ in Debian's chromium."""

import importlib
import io
import random
import time

import pytest
from PIL import Image

PASSWORD = "pw-12345678"


@pytest.fixture(autouse=True)
def visit_groups(db):
    """The role groups a data migration seeds: a transactional test's flush empties them."""
    from django.apps import apps

    importlib.import_module("openinfo.migrations.0004_visits_groups").create_groups(apps, None)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        has_touch=True,
        is_mobile=True,
        locale="id-ID",
        device_scale_factor=1,
        service_workers="allow",
    )
    yield context
    context.close()


def photo_bytes(size=(2400, 1800), seed=1):
    """A camera-like JPEG (noisy, so it does not compress to nothing)."""
    rng = random.Random(seed)
    small = Image.new("RGB", (size[0] // 40, size[1] // 40))
    small.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(small.width * small.height)
        ]
    )
    img = small.resize(size, Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def open_app(page, base_url):
    page.goto(base_url + "/lapangan/")
    page.wait_for_selector("body[data-ready='1']")


def wait_until(page, expression, timeout=30_000):
    """Poll `expression` with page.evaluate: wait_for_function evaluates a string inside the page,
    which the site's Content-Security-Policy (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(100)


def sign_in(page, base_url, username, password=PASSWORD):
    open_app(page, base_url)
    page.fill("#s-user", username)
    page.fill("#s-pass", password)
    page.click("#signin button[type=submit]")
    page.wait_for_selector("#new-report")
    # The service worker has taken control: from now on the shell opens with no network.
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout=15_000)


def fill_report(
    page,
    *,
    photos=2,
    signal="tinggi",
    summary="Sambang ke pos kamling RW 04, membahas ronda malam.",
    topic=None,
):
    page.click("#new-report")
    page.wait_for_selector("#report")
    page.click("label[for=f-type-sambang]")
    page.fill("#f-rw", "04")
    page.fill("#f-p-warga", "15")
    if topic:
        page.click(f"label[for=f-topic-{topic}]")
    page.fill("#f-summary", summary)
    page.fill("#f-notes", "Catatan internal: ketua RW minta patroli tambahan.")
    if photos:
        page.set_input_files(
            "#f-photos",
            files=[
                {"name": f"kamera-{n}.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes(seed=n)}
                for n in range(photos)
            ],
        )
        wait_until(page, f"document.querySelectorAll('#photo-list li').length === {photos}")
    if signal:
        page.click("#f-add-signal")
        page.select_option("#s-category-0", "tawuran")
        page.click(f"label[for=s-sev-0-{signal}]")
        page.fill("#s-description-0", "Ajakan tawuran antarkelompok remaja di media sosial.")


def save_report(page):
    page.click("#f-save")
    page.wait_for_selector("#outbox .item")


def wait_state(page, state, timeout=30_000):
    page.wait_for_selector(f"#outbox .item[data-state='{state}']", timeout=timeout)
