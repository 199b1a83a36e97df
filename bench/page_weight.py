"""Page weight of every public page type: bytes over the wire, requests and load time on a cold
load under an emulated slow 3G connection, in Debian's headless Chromium (cache off).

    .venv/bin/python bench/page_weight.py [--axe] [--only home,finder]

Boots a throw-away SQLite database with the full demo (`load_demo`), serves it on 127.0.0.1 with
Django's threaded WSGI server, and loads each page in a fresh browser context. The slow 3G profile
is Chrome DevTools' preset: 2,000 ms round trip, 400 kbit/s down and up. Bytes are what crossed the
wire (headers + compressed bodies) as Chromium's network log reports them; requests count every
request the page made until its `load` event (favicon and manifest included when fetched).
Budget (DESIGN §9): at most 60 KB and 5 requests per page type. `--axe` also runs axe-core on each
page at 360 px and 1280 px and prints the count of critical/serious and of all violations.
"""

import argparse
import os
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # noqa: E402

BUDGET_BYTES = 60 * 1024
BUDGET_REQUESTS = 5
SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}


def page_types():
    """(name, path) of one page of each public type in the demo."""
    from counselling.models import CounsellingArticlePage, CounsellingIndexPage, Topic
    from home.models import Kelurahan
    from openinfo.models import PublicInformation

    index = CounsellingIndexPage.objects.live().first()
    article = CounsellingArticlePage.objects.live().order_by("pk").first()
    topic = article.topics.order_by("pk").first() or Topic.objects.order_by("pk").first()
    kel = Kelurahan.objects.select_related("kecamatan").order_by("code").first()
    info = (
        PublicInformation.objects.filter(live=True)
        .exclude(category="dikecualikan")
        .order_by("pk")
        .first()
    )
    pages = [
        ("home", "/"),
        ("finder", "/temukan-bhabinkamtibmas/"),
        (
            "finder result",
            f"/temukan-bhabinkamtibmas/?kecamatan={kel.kecamatan.code}&kelurahan={kel.code}",
        ),
        ("guidance index", index.url),
        ("guidance topic", f"{index.url}topik/{topic.slug}/" if topic else index.url),
        ("guidance article", article.url),
        ("search", "/cari/?q=motor+hilang"),
        ("public information", "/informasi-publik/"),
        ("register", "/informasi-publik/daftar/"),
        ("request form", "/informasi-publik/permohonan/"),
        ("tracking form", "/informasi-publik/lacak/"),
        ("service report", "/informasi-publik/laporan/"),
        ("activities", "/kegiatan/"),
        ("kecamatan activities", f"/kegiatan/{kel.kecamatan.slug}/"),
        ("kelurahan activities", f"/kegiatan/{kel.kecamatan.slug}/{kel.slug}/"),
        ("not found", "/tidak-ada-halaman-ini/"),
    ]
    if info is not None:
        pages.insert(9, ("register item", f"/informasi-publik/daftar/{info.slug}/"))
    return pages


def serve():
    """The production path: WhiteNoise serves static files inside the middleware stack, so
    GZipMiddleware compresses them as it does in a deployment (runserver's static handler would
    bypass the middleware and send CSS uncompressed)."""
    from django.conf import settings
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    settings.WHITENOISE_USE_FINDERS = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def measure(browser, url, width=360):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="id-ID")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    seen, sizes = set(), {}
    cdp.on("Network.requestWillBeSent", lambda e: seen.add(e["requestId"]))
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    started = time.perf_counter()
    response = page.goto(url, wait_until="load", timeout=120_000)
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(300)  # late requests started by the load event (favicon, manifest)
    status = response.status if response else 0
    result = {
        "bytes": sum(sizes.values()),
        "requests": len(seen),
        "seconds": elapsed,
        "status": status,
    }
    context.close()
    return result


def axe_counts(browser, url):
    from axe_playwright_python.sync_playwright import Axe

    axe, counts = Axe(), {}
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="id-ID")
        page = context.new_page()
        page.goto(url)
        violations = axe.run(page).response["violations"]
        serious = [v for v in violations if v.get("impact") in ("critical", "serious")]
        counts[width] = (len(serious), len(violations), sorted({v["id"] for v in serious}))
        context.close()
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--axe", action="store_true", help="also count axe-core violations")
    parser.add_argument("--only", default="", help="comma-separated page type names")
    parser.add_argument(
        "--demo-db",
        default="",
        help="a SQLite file that already holds the demo (copied, never changed); skips load_demo",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    url = _django.fresh_sqlite_url("page-weight")
    if args.demo_db:
        shutil.copyfile(args.demo_db, url.removeprefix("sqlite:///"))
    _django.setup(url)
    if not args.demo_db:
        from django.core.management import call_command

        call_command("load_demo", stdout=open(os.devnull, "w"))
    server, base = serve()
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    over = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        header = f"{'page type':22} {'status':>6} {'KB':>7} {'requests':>8} {'slow 3G load s':>14}"
        if args.axe:
            header += "   axe serious/all @360 | @1280"
        print(header)
        for name, path in page_types():
            if wanted and name not in wanted:
                continue
            figures = measure(browser, base + path)
            within = figures["bytes"] <= BUDGET_BYTES and figures["requests"] <= BUDGET_REQUESTS
            over += not within
            line = (
                f"{name:22} {figures['status']:>6} {figures['bytes'] / 1024:>7.1f} "
                f"{figures['requests']:>8} {figures['seconds']:>14.1f}"
            )
            line += "" if within else "  OVER BUDGET"
            if args.axe:
                counts = axe_counts(browser, base + path)
                line += "   " + " | ".join(
                    f"{counts[w][0]}/{counts[w][1]}"
                    + (f" {','.join(counts[w][2])}" if counts[w][2] else "")
                    for w in (360, 1280)
                )
            print(line, flush=True)
        browser.close()
    server.shutdown()
    print(
        f"budget: <= {BUDGET_BYTES // 1024} KB and <= {BUDGET_REQUESTS} requests; "
        f"page types over budget: {over}"
    )


if __name__ == "__main__":
    main()
