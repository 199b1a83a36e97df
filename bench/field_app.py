"""Field app (/lapangan/) figures: shell size, time to interactive and time to file a report on an
emulated slow 3G phone, user actions for a typical report, sync time for 20 queued reports.

    .venv/bin/python bench/field_app.py [--queued 20] [--skip-slow-sync]

Headless Debian chromium (playwright), 360×740 touch. Slow 3G is Chrome DevTools' preset through
CDP Network.emulateNetworkConditions: 2,000 ms latency, 400 kbit/s down and up. The server is
Django's live-server thread on a throw-away SQLite database.
"""

import argparse
import gzip
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import _django  # noqa: E402

SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
}
NO_THROTTLE = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
PASSWORD = "bench-pw-2026"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-quic",
]


def photo(seed, size=(3264, 2448)):
    """A phone-camera-sized JPEG (8 MP) with texture, so it does not shrink to nothing."""
    from PIL import Image

    rng = random.Random(seed)
    small = Image.new("RGB", (size[0] // 32, size[1] // 32))
    small.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(small.width * small.height)
        ]
    )
    buffer = io.BytesIO()
    small.resize(size, Image.Resampling.BICUBIC).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def prepare():
    _django.setup(_django.fresh_sqlite_url("field-app"))
    importlib = __import__("importlib")
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.conftest import ensure_reference_data
    from tests.factories import OfficerFactory

    ensure_reference_data()
    importlib.import_module("openinfo.migrations.0004_visits_groups").create_groups(apps, None)
    from home.models import Kecamatan

    kelurahan = Kecamatan.objects.order_by("code").first().kelurahan.order_by("code").first()
    user = get_user_model().objects.create_user("bhabin-bench", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Bhabinkamtibmas"))
    OfficerFactory(name="Bench Officer", user=user, kelurahan=[kelurahan])
    return user


def start_server():
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("localhost", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return f"http://localhost:{thread.port}"


def shell_bytes():
    """What a first visit downloads before the app is usable: the page (CSS and JS inline, gzip as
    served), plus what the service worker fetches afterwards (sw.js, manifest, the module files it
    precaches for offline use) and the icons."""
    from django.contrib.staticfiles import finders
    from django.test import Client

    from openinfo.visits.fieldapp import views

    client = Client()
    page = client.get("/lapangan/", HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    raw_page = client.get("/lapangan/").content
    rows = [("/lapangan/ (HTML, CSS + JS inline)", len(raw_page), len(page.content))]
    for url in ("/lapangan/sw.js", "/lapangan/manifest.webmanifest"):
        data = client.get(url).content
        rows.append((url, len(data), len(gzip.compress(data, 9))))
    precached = sum(
        Path(finders.find(p)).stat().st_size for p in views.SHELL_FILES if not p.endswith(".png")
    )
    icons = sum(
        Path(finders.find(p)).stat().st_size for p in views.SHELL_FILES if p.endswith(".png")
    )
    return rows, icons, precached


class Actions:
    """Counts what the officer does on the app's own controls: taps and keystrokes, except free text."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def tap(self, selector):
        self.page.tap(selector)
        self.count += 1

    def keys(self, text):
        self.page.keyboard.type(text)
        self.count += len(text)

    def free_text(self, selector, text):
        self.page.fill(selector, text)  # the tap into the field counts, the words do not
        self.count += 1

    def pick_photos(self, files):
        # Opening the picker is a tap; choosing each photo in the gallery is one more.
        self.page.set_input_files("#f-photos", files=files)
        self.count += 1 + len(files)


def typical_report(page, photos, with_signal=False):
    """The typical sambang: own (preselected) kelurahan, type and time preset, RW, residents, a topic,
    the public summary, photos; optionally one high signal."""
    act = Actions(page)
    act.tap("#new-report")
    page.wait_for_selector("#report")
    act.keys("04")  # the keyboard opens on RW
    act.tap("#f-p-warga")
    act.keys("15")
    act.tap("#f-topics label")  # the first topic chip
    act.free_text(
        "#f-summary", "Sambang ke pos kamling RW 04, membahas ronda malam dan nomor darurat 110."
    )
    act.pick_photos(photos)
    poll(page, f"document.querySelectorAll('#photo-list li').length === {len(photos)}", 60)
    if with_signal:
        act.tap("#f-add-signal")
        page.select_option("#s-category-0", "tawuran")
        act.count += 2  # open the list, choose
        act.tap("label[for=s-sev-0-tinggi]")
        act.free_text("#s-description-0", "Ajakan tawuran di media sosial.")
    act.tap("#f-save")
    page.wait_for_selector("#outbox .item")
    return act.count


def queue_reports(page, n):
    """n reports straight into the outbox (as n saves of the form would leave them)."""
    return page.evaluate(
        """async (n) => {
      const { createItem } = await import('/static/fieldapp/outbox.mjs');
      const { openStore } = await import('/static/fieldapp/store.mjs');
      const store = await openStore();
      const session = await store.getMeta('session');
      for (let i = 0; i < n; i++) {
        await store.put(createItem({ owner: session.username, now: Date.now() + i, body: {
          kelurahan: session.kelurahan[0].code, activity_type: 'sambang',
          started_at: new Date(Date.now() - 3600e3).toISOString(), duration_minutes: 60, rw: '0' + (i % 9 + 1),
          rt: '', participants: [{ role: 'warga', count: 10 + i }], topics: [], articles: [],
          public_summary: 'Sambang antrean nomor ' + (i + 1) + '.', participant_names: '', internal_notes: '',
          signals: [] } }));
      }
      return n;
    }""",
        n,
    )


def count_state(page, state):
    return page.evaluate(
        """async (state) => {
      const { openStore } = await import('/static/fieldapp/store.mjs');
      const store = await openStore();
      return (await store.all()).filter((i) => i.state === state).length;
    }""",
        state,
    )


def wait_all(page, state, n, timeout_s):
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if count_state(page, state) >= n:
            return True
        time.sleep(0.25)
    return False


def poll(page, expression, timeout_s):
    """Wait until `expression` holds. Not page.wait_for_function: it evaluates a string inside the
    page, which the app's Content-Security-Policy (no 'unsafe-eval') refuses."""
    deadline = time.perf_counter() + timeout_s
    while not page.evaluate(expression):
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for: {expression}")
        time.sleep(0.1)


def tti(page, url):
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector("body[data-ready='1']", timeout=120_000)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queued", type=int, default=20)
    parser.add_argument(
        "--skip-slow-sync", action="store_true", help="sync the queue only without throttling"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = prepare()
    base = start_server()
    from openinfo.models import VisitPhoto, VisitReport

    rows, icons, precached = shell_bytes()
    print("== App shell ==")
    for name, raw, packed in rows:
        print(f"  {name:36s} {raw:7,d} B raw  {packed:6,d} B gzip")
    total_raw, total_gzip = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(
        f"  {'total (HTML+CSS+JS, sw, manifest)':36s} {total_raw:7,d} B raw  {total_gzip:6,d} B gzip"
        f"   (target <= 100 KB)"
    )
    print(f"  then precached for offline: module files {precached:,d} B raw, icons {icons:,d} B")

    from playwright.sync_api import sync_playwright

    photos = [
        {"name": f"IMG_{n}.jpg", "mimeType": "image/jpeg", "buffer": photo(n)} for n in range(2)
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, locale="id-ID"
        )
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        first = tti(page, base + "/lapangan/")
        print("\n== Slow 3G (2,000 ms latency, 400 kbit/s) ==")
        print(f"  time to interactive, first visit      {first:6.2f} s   (target <= 5 s)")
        page.fill("#s-user", user.username)
        page.fill("#s-pass", PASSWORD)
        start = time.perf_counter()
        page.click("#signin button[type=submit]")
        page.wait_for_selector("#new-report", timeout=120_000)
        poll(page, "navigator.serviceWorker.controller !== null", 120)
        print(f"  sign-in (token + options)             {time.perf_counter() - start:6.2f} s")

        context.set_offline(True)
        cdp.send("Network.emulateNetworkConditions", {**SLOW_3G, "offline": True})
        offline = min(tti(page, base + "/lapangan/") for _ in range(3))
        print(f"  time to interactive, offline after     {offline:6.2f} s   (target <= 1 s)")
        context.set_offline(False)
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        tti(page, base + "/lapangan/")

        start = time.perf_counter()
        actions = typical_report(page, photos)
        filled = time.perf_counter() - start
        if not wait_all(page, "waiting", 1, 300):
            raise SystemExit("the report did not arrive")
        arrived = time.perf_counter() - start
        report = VisitReport.objects.get()
        print(
            f"  file a report with 2 photos: form     {filled:6.2f} s (scripted taps, photos shrunk on the phone)"
        )
        print(
            f"  ... until waiting for approval        {arrived:6.2f} s "
            f"({report.photos.count()} photos on the server, "
            f"{sum(p.image.size for p in VisitPhoto.objects.all()) / 1024:.0f} KB after shrinking)"
        )
        print("\n== User actions (taps + keystrokes, free text excluded) ==")
        print(
            f"  typical report (RW, residents, topic, summary, 2 photos)   {actions}   (target <= 12)"
        )
        cdp.send("Network.emulateNetworkConditions", NO_THROTTLE)
        with_signal = typical_report(page, photos[:1], with_signal=True)
        print(f"  ... with one high early-warning signal                     {with_signal}")
        wait_all(page, "waiting", 2, 120)

        print(f"\n== Sync of {args.queued} reports queued offline ==")
        profiles = [("local network", NO_THROTTLE)] + (
            [] if args.skip_slow_sync else [("slow 3G", SLOW_3G)]
        )
        for label, profile in profiles:
            before = VisitReport.objects.count()
            context.set_offline(True)
            cdp.send("Network.emulateNetworkConditions", {**profile, "offline": True})
            queue_reports(page, args.queued)
            waiting_before = count_state(page, "waiting")
            context.set_offline(False)
            cdp.send("Network.emulateNetworkConditions", profile)
            start = time.perf_counter()
            page.evaluate("window.dispatchEvent(new Event('online'))")
            ok = wait_all(page, "waiting", waiting_before + args.queued, 900)
            took = time.perf_counter() - start
            created = VisitReport.objects.count() - before
            print(
                f"  {label:14s} {took:7.2f} s  ({created} reports created, {'all' if ok else 'NOT all'} "
                f"waiting for approval; {took / max(1, args.queued):.2f} s per report)"
            )
        browser.close()


if __name__ == "__main__":
    main()
