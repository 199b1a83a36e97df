"""The site-wide marker leak test: a unique marker is seeded in every protected place (draft and
private guidance, an unpublished revision, exempt register items and their documents, internal visit
notes, signals, participants, unapproved summaries, PPID requesters' identity, residents' messages
and contacts), then everything public is crawled — pages by following links from the home page and
the sitemap, feeds, search, every GET path of API v1 with a key of each scope and without one,
API v2 and document URLs — and no marker may appear anywhere."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from openinfo.models import Category, PublicInformationDocument
from openinfo.visits.aggregates import rebuild_all
from partners.models import Scope
from tests.counselling.factories import make_article
from tests.openinfo.factories import PublicInformationFactory, file_request
from tests.openinfo.reports.conftest import form_data
from tests.openinfo.visits.conftest import build_report, topics  # noqa: F401
from tests.partners.factories import ApiKeyFactory, auth

pytestmark = pytest.mark.django_db

MARKERS = {
    "draft_article": "Qzdraftguide",
    "draft_revision": "Qzpendingedit",
    "private_article": "Qzpasswordonly",
    "exempt_body": "Qzexemptbody",
    "exempt_document": "Qzexemptfile",
    "internal_notes": "Qzinternalnote",
    "participants": "Qzparticipant",
    "signal": "Qzsignaltext",
    "follow_up": "Qzfollowup",
    "pending_summary": "Qzpendingsummary",
    "draft_summary": "Qzdraftsummary",
    "requester_name": "Qzrequester",
    "nik": "3671099988776655",
    "requester_phone": "081277665544",
    "requester_address": "Qzjalanrahasia",
    "resident_message": "Qzwargamessage",
    "resident_place": "Qzgangrahasia",
    "resident_phone": "081233445566",
    # Every internal field of every unit-specific detail model, and the internal activity types.
    "satpam_company": "Qzsatpamcompany",
    "satpam_site": "Qzsatpamsite",
    "satpam_findings": "Qzsatpamfinding",
    "satpam_summary": "Qzsatpamsummary",
    "siskamling_findings": "Qzsiskamlingfinding",
    "fkpm_problems": "Qzfkpmproblem",
    "fkpm_follow_ups": "Qzfkpmfollowup",
    "ops_planning_summary": "Qzopsplanning",
    "administration_summary": "Qzadministration",
    "post_rt": "Qzpostrt",
}
# Phone numbers also in the international form a wa.me link would use.
SECRETS = [*MARKERS.values(), "6281277665544", "6281233445566"]


def leaked(text):
    lowered = text.lower()
    return [marker for marker in SECRETS if marker.lower() in lowered]


def body_of(response):
    if hasattr(response, "streaming_content"):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(data)).active
        return "\n".join(" ".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True))
    return data.decode("utf-8", "replace")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.found.append(value)


def same_site_links(base, html):
    parser = Links()
    parser.feed(html)
    for href in parser.found:
        url, _ = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(("/admin/", "/i18n/", "/static/", "/lapangan/")):
            continue
        yield path


@pytest.fixture
def seeded(people, topics, home_page, django_capture_on_commit_callbacks):  # noqa: F811
    body = [("paragraph", RichText(f"<p>{MARKERS['private_article']}</p>"))]
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title=f"Panduan {MARKERS['draft_article']}", publish=False)
        live = make_article(title="Panduan terbit tentang ronda")
        live.summary = f"Perubahan {MARKERS['draft_revision']} belum terbit."
        live.save_revision()  # a draft revision of a live page
        make_article(title="Panduan dengan kata sandi", body=body, private=True)

        exempt = PublicInformationFactory(
            title="Berkas penyelidikan",
            category=Category.DIKECUALIKAN,
            exemption_basis="a",
            consequence_test_summary="Menghambat penyidikan",
            body=f"<p>{MARKERS['exempt_body']}</p>",
        )
        document = get_document_model().objects.create(
            title=f"Berkas {MARKERS['exempt_document']}",
            file=ContentFile(f"%PDF-1.4 {MARKERS['exempt_document']}".encode(), name="rahasia.pdf"),
        )
        PublicInformationDocument.objects.create(item=exempt, document=document)
        PublicInformationFactory(title="Laporan kegiatan terbuka")

        approved = build_report(
            people["officer_a"],
            people["k1"],
            status="approved",
            approver=people["supervisor"],
            summary="Dialog kamtibmas dengan warga tentang ronda malam.",
            internal_notes=MARKERS["internal_notes"],
            participant_names=MARKERS["participants"],
            signals=[("narkoba", "tinggi", MARKERS["signal"], "open")],
        )
        approved.follow_up_actions = MARKERS["follow_up"]
        approved.save()
        build_report(
            people["officer_a"],
            people["k1"],
            status="submitted",
            summary=f"{MARKERS['pending_summary']} belum disetujui.",
        )
        build_report(people["officer_b"], people["k2"], summary=f"{MARKERS['draft_summary']}.")
        seed_unit_activities(people)
        rebuild_all()

        file_request(
            requester_name=MARKERS["requester_name"],
            identity_number=MARKERS["nik"],
            phone=MARKERS["requester_phone"],
            address=MARKERS["requester_address"],
        )
        response = Client().post(
            "/lapor/",
            form_data(
                people["k1"],
                message=f"Ada {MARKERS['resident_message']} di dekat pos ronda setiap malam.",
                when_where=MARKERS["resident_place"],
                contact_choice="telepon",
                contact_phone=MARKERS["resident_phone"],
            ),
        )
        assert response.status_code == 302, response.content[:500]
    return {"document": document, "approved": approved}


def seed_unit_activities(people):
    """Approved activities of every other Satbinmas unit, a marker in each internal field."""
    from openinfo.models import FkpmForum, SiskamlingPost
    from tests.factories import OfficerFactory
    from tests.openinfo.visits.conftest import join_unit

    def member(code):
        officer = OfficerFactory(unit=people["officer_a"].unit, kelurahan=[])
        return join_unit(officer, code)

    k1 = people["k1"]
    post = SiskamlingPost.objects.create(
        kelurahan=k1, name="Pos Ronda Melati", rw="03", rt=MARKERS["post_rt"]
    )
    forum = FkpmForum.objects.create(kelurahan=k1, name="FKPM Kenanga")
    binkamsa = member("binkamsa")
    activities = [
        (
            binkamsa,
            "satpam_supervision",
            f"Pengawasan satpam {MARKERS['satpam_summary']}.",
            {
                "company": f"PT {MARKERS['satpam_company']}",
                "site": MARKERS["satpam_site"],
                "guards_count": 9,
                "trained_count": 7,
                "certified_count": 5,
                "findings": MARKERS["satpam_findings"],
            },
        ),
        (
            binkamsa,
            "siskamling_check",
            "Pemeriksaan pos ronda bersama warga.",
            {"post": post, "post_active": True, "findings": MARKERS["siskamling_findings"]},
        ),
        (
            member("binpolmas"),
            "fkpm_meeting",
            "Pertemuan FKPM membahas keamanan lingkungan.",
            {
                "forum": forum,
                "problems_raised": MARKERS["fkpm_problems"],
                "follow_ups": MARKERS["fkpm_follow_ups"],
            },
        ),
        (
            member("bintibsos"),
            "bintibsos_session",
            "Penyuluhan tertib sosial di sekolah.",
            {"audience_kind": "school", "audience_name": "SMP Negeri 9", "attendees": 80},
        ),
        (
            member("urbin_opsnal"),
            "ops_planning",
            f"Rencana {MARKERS['ops_planning_summary']}.",
            None,
        ),
        (member("urmintu"), "administration", f"Surat {MARKERS['administration_summary']}.", None),
    ]
    for officer, kind, summary, details in activities:
        build_report(
            officer, k1, status="approved", activity_type=kind, summary=summary, details=details
        )


def test_no_marker_appears_anywhere_public(seeded):
    anonymous, checked = Client(), []

    def check(client, url, **headers):
        response = client.get(url, **headers)
        assert response.status_code < 500, url
        text = body_of(response) if response.status_code == 200 else ""
        assert leaked(text) == [], url
        checked.append(url)
        return response, text

    # Pages: everything reachable by links from the home page, plus the sitemap and feeds.
    queue, seen = ["/", "/sitemap.xml"], set()
    while queue and len(seen) < 400:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response, text = check(anonymous, url)
        content_type = response.get("Content-Type", "")
        if "xml" in content_type:
            found = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)]
            queue += [path for path in found if path not in seen]
        elif "html" in content_type:
            queue += [link for link in same_site_links(url, text) if link not in seen]
    assert len(seen) > 40, sorted(seen)
    assert any(path.startswith("/panduan/") for path in seen)
    assert any(path.startswith("/kegiatan/") for path in seen)
    assert any(path.startswith("/informasi-publik/") for path in seen)

    # Search, as a resident types the marker words. The page and the API repeat the query, so a
    # marker may appear exactly as often as a word that was never seeded anywhere does.
    def echoes(url, word):
        response = anonymous.get(url.format(word))
        assert response.status_code < 500, url
        return body_of(response).lower().count(word.lower())

    for url in ("/cari/?q={}", "/api/v1/search/?q={}"):
        baseline = echoes(url, "Qzneverseeded")
        for marker in MARKERS.values():
            assert echoes(url, marker) <= baseline, url.format(marker)
            checked.append(url.format(marker))

    # API v1: every GET path of the schema without path parameters, then the items of each list,
    # without a key and with a key of each scope.
    api = APIClient()
    schema = api.get("/api/v1/schema/?format=json").json()
    paths = [path for path, ops in schema["paths"].items() if "get" in ops and "{" not in path] + [
        "/api/v1/"
    ]
    keys = [None] + [ApiKeyFactory(scopes=[scope], rate="100000/min") for scope in Scope.values]
    for key in keys:
        headers = auth(key) if key is not None else {}
        for path in paths:
            response, _ = check(api, path, **headers)
            if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
                continue
            data = response.json()
            results = data.get("results") if isinstance(data, dict) else data
            for item in (results or [])[:5] if isinstance(results, list) else []:
                if isinstance(item, dict) and "id" in item:
                    check(api, f"{path.rstrip('/')}/{item['id']}/", **headers)

    # API v2 (Wagtail's) with every field, and each page it lists.
    for url in ["/api/v2/pages/?fields=*&limit=100", "/api/v2/images/", "/api/v2/documents/"]:
        response, _ = check(api, url)
        if response.status_code == 200:
            for item in response.json().get("items", []):
                check(api, f"{url.split('?')[0]}{item['id']}/?fields=*")

    # The exempt document's own URLs.
    document = seeded["document"]
    assert anonymous.get(document.url).status_code == 404
    assert anonymous.get(f"/media/{document.file.name}").status_code == 404
    assert anonymous.get(f"/berkas/{document.file.name}").status_code == 404

    assert len(checked) > 150
