"""Print a JSON fingerprint of a site's content: pages, API answers, document and private files,
search results. Run against two databases (and media folders) to see that a restore is complete.

    DATABASE_URL=... MEDIA_ROOT=... PPID_PRIVATE_ROOT=... python scripts/site_fingerprint.py
"""

import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.documents.models import Document  # noqa: E402
from wagtail.models import Page  # noqa: E402

from openinfo.ppid.storage import private_root  # noqa: E402

API_LISTS = [
    "regions",
    "police-units",
    "officers",
    "articles",
    "topics",
    "legal-references",
    "disclosures",
    "visits",
]
QUERIES = ["narkoba", "penipuan online", "informasi publik", "sambang"]


def digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def files_under(root):
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def main():
    client = Client()
    pages = list(
        Page.objects.live().order_by("path").values_list("url_path", "title", "latest_revision_id")
    )
    page_bodies = {}
    for page in Page.objects.live().filter(depth__gt=1).order_by("path")[:60]:
        response = client.get(page.url or "/")
        page_bodies[page.url_path] = response.status_code
    api = {}
    for name in API_LISTS:
        response = client.get(f"/api/v1/{name}/?limit=100", HTTP_ACCEPT="application/json")
        api[name] = [
            response.status_code,
            digest(response.json() if response.status_code == 200 else None),
        ]
    documents = {
        doc.title: hashlib.sha256(doc.file.read()).hexdigest()[:16]
        for doc in Document.objects.order_by("pk")
        if doc.file.storage.exists(doc.file.name)
    }
    missing_documents = [
        d.title for d in Document.objects.all() if not d.file.storage.exists(d.file.name)
    ]
    search = {}
    for q in QUERIES:
        response = client.get("/api/v1/search/", {"q": q})
        body = response.json() if response.status_code == 200 else {}
        search[q] = [
            response.status_code,
            body.get("count"),
            [r.get("url") or r.get("title") for r in body.get("results", [])][:10],
        ]
    print(
        json.dumps(
            {
                "pages": {
                    "count": len(pages),
                    "digest": digest(pages),
                    "status": digest(page_bodies),
                },
                "api": api,
                "documents": {
                    "count": len(documents),
                    "digest": digest(documents),
                    "missing": missing_documents,
                },
                "media_files": {
                    "count": len(files_under(settings.MEDIA_ROOT)),
                    "digest": digest(files_under(settings.MEDIA_ROOT)),
                },
                "private_files": {
                    "count": len(files_under(private_root())),
                    "digest": digest(files_under(private_root())),
                },
                "search": {
                    "digest": digest(search),
                    "counts": {q: v[1] for q, v in search.items()},
                },
            },
            indent=1,
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
