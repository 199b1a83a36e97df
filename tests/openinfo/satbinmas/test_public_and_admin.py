"""The other units' activities on the public side (their detail models' PUBLIC_FIELDS only; the
visit items keep their shape), the redaction guard on public detail texts, the admin report form
with per-type details, the registers' admin and the admin home panels per role."""

import pytest
from django.core.management import call_command

from openinfo.documents import VisitAdapter
from openinfo.models import SiskamlingCheck, VisitReport
from openinfo.visits.aggregates import rebuild_all
from tests.openinfo.visits.conftest import build_report, token_client
from tests.openinfo.visits.test_admin import denied

pytestmark = pytest.mark.django_db
BASE = "/admin/snippets/openinfo/visitreport"

# The items of /api/v1/visits/ before the other units joined: unchanged, `details` added.
VISIT_KEYS = {
    "id",
    "url",
    "activity_type",
    "activity_type_label",
    "started_at",
    "duration_minutes",
    "kecamatan",
    "kelurahan",
    "rw",
    "participants",
    "participant_total",
    "topics",
    "articles",
    "public_summary",
    "officer",
    "approved_at",
    "updated_at",
}


@pytest.fixture
def published(units, people):
    k3 = people["k3"]
    return {
        "sambang": build_report(people["officer_a"], people["k1"], status="approved"),
        "siskamling": build_report(
            units["binkamsa_member"],
            k3,
            status="approved",
            activity_type="siskamling_check",
            details={"post": units["post_k3"], "post_active": False, "findings": "Qzfindpos"},
        ),
        "fkpm": build_report(
            units["binpolmas_member"],
            k3,
            status="approved",
            activity_type="fkpm_meeting",
            details={"forum": units["forum_k3"], "problems_raised": "Qzproblem"},
        ),
        "guidance": build_report(
            units["bintibsos_member"],
            k3,
            status="approved",
            activity_type="bintibsos_session",
            details={"audience_kind": "school", "audience_name": "SMPN 7", "attendees": 120},
        ),
        "satpam": build_report(
            units["binkamsa_member"],
            k3,
            status="approved",
            activity_type="satpam_supervision",
            summary="Qzsatpamsummary",
            details={"company": "Qzcompany", "site": "Qzsite", "guards_count": 3},
        ),
    }


def test_public_api_adds_the_public_details_and_keeps_the_visit_shape(published, api_client):
    items = {item["id"]: item for item in api_client.get("/api/v1/visits/").json()["results"]}
    sambang = items[published["sambang"].pk]
    assert set(sambang) == VISIT_KEYS | {"details"} and sambang["details"] is None
    assert items[published["siskamling"].pk]["details"] == {
        "post": "Pos Melati",
        "post_active": False,
    }
    assert items[published["fkpm"].pk]["details"] == {"forum": "FKPM Kenanga"}
    assert items[published["guidance"].pk]["details"] == {
        "audience_kind": "school",
        "audience_kind_label": "Sekolah",  # the site's language
        "audience_name": "SMPN 7",
        "attendees": 120,
    }
    assert published["satpam"].pk not in items
    assert api_client.get(f"/api/v1/visits/{published['satpam'].pk}/").status_code == 404
    text = (
        api_client.get("/api/v1/visits/").content.decode()
        + api_client.get("/api/v1/changes/").content.decode()
    )
    for marker in ("Qzfindpos", "Qzproblem", "Qzsatpamsummary", "Qzcompany", "Qzsite"):
        assert marker not in text
    assert "SMPN 7" in api_client.get("/api/v1/changes/").content.decode()


def test_public_pages_and_search_show_the_public_details(published, client, people):
    rebuild_all()
    k3 = people["k3"]
    page = client.get(f"/kegiatan/{k3.kecamatan.slug}/{k3.slug}/").content.decode()
    assert "Pos Melati" in page and "FKPM Kenanga" in page and "SMPN 7" in page
    for marker in ("Qzfindpos", "Qzproblem", "Qzsatpamsummary", "Qzcompany"):
        assert marker not in page
    ids = set(VisitAdapter().public_queryset().values_list("pk", flat=True))
    assert published["guidance"].pk in ids and published["satpam"].pk not in ids
    document = VisitAdapter().to_document(published["guidance"])
    assert "SMPN 7" in document.body


def test_redaction_guard_covers_public_detail_texts(units, people):
    report = build_report(
        units["bintibsos_member"],
        people["k3"],
        status="submitted",
        activity_type="bintibsos_session",
        details={"audience_kind": "other", "audience_name": "Ibu Ani 081234567890", "attendees": 9},
    )
    head = token_client(units["binkamsa_head"].user)  # not their unit: 404
    assert head.post(f"/api/v1/field/reports/{report.pk}/approve/").status_code == 404
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root-19a", "r@example.org", "pw")
    response = token_client(admin).post(f"/api/v1/field/reports/{report.pk}/approve/")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "personal_data_in_summary"
    assert "details" in response.json()["error"]["fields"]
    assert VisitReport.objects.get(pk=report.pk).status == "submitted"


def test_submit_requires_the_details_row(units, people):
    """A report of a type with details cannot be submitted without them (the model's rule)."""
    from core.errors import TransitionError

    report = build_report(units["binkamsa_member"], people["k3"], activity_type="siskamling_check")
    with pytest.raises(TransitionError) as raised:
        report.submit(units["binkamsa_member"].user)
    assert "details" in raised.value.fields


# -- admin ------------------------------------------------------------------------------------------
def form_data(officer, kelurahan, activity_type, **details):
    data = {
        "officer": officer.pk,
        "kelurahan": kelurahan.pk,
        "rw": "01",
        "rt": "",
        "activity_type": activity_type,
        "started_at": "2026-01-10 09:00",
        "duration_minutes": "45",
        "public_summary": "Pemeriksaan pos ronda.",
        "internal_notes": "",
        "participant_names": "",
        "follow_up_actions": "",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "signals-TOTAL_FORMS": "0",
        "signals-INITIAL_FORMS": "0",
        "signals-MIN_NUM_FORMS": "0",
        "signals-MAX_NUM_FORMS": "1000",
    }
    data.update(details)
    return data


def test_admin_form_records_a_siskamling_check_with_its_details(client, units, people):
    member = units["binkamsa_member"]
    client.force_login(member.user)
    form = client.get(f"{BASE}/add/")
    assert form.status_code == 200
    choices = [value for value, _label in form.context["form"].fields["activity_type"].choices]
    assert choices == ["", "satpam_supervision", "siskamling_check"]
    assert 'data-activity-details="siskamling_check"' in form.content.decode()
    # Missing details: a form error, nothing saved.
    data = form_data(member, people["k3"], "siskamling_check")
    response = client.post(f"{BASE}/add/", data)
    assert response.status_code == 200 and VisitReport.objects.count() == 0
    assert response.context["form"].errors["siskamling_check__post"]
    # A post of another kelurahan: refused.
    data["siskamling_check__post"] = units["post_k1"].pk
    response = client.post(f"{BASE}/add/", data)
    assert response.status_code == 200 and VisitReport.objects.count() == 0
    # Another type's details filled in: refused.
    data.update(
        siskamling_check__post=units["post_k3"].pk,
        siskamling_check__post_active="on",
        siskamling_check__guards_on_duty="3",
        satpam_supervision__company="PT X",
    )
    response = client.post(f"{BASE}/add/", data)
    assert response.context["form"].errors["satpam_supervision__company"]
    del data["satpam_supervision__company"]
    response = client.post(f"{BASE}/add/", data)
    assert response.status_code == 302, response.context["form"].errors
    check = SiskamlingCheck.objects.get()
    assert (check.post, check.post_active, check.guards_on_duty) == (units["post_k3"], True, 3)
    assert check.report.kelurahan == people["k3"] and check.report.satbinmas_unit.code == "binkamsa"
    # The edit form shows the stored details.
    edit = client.get(f"{BASE}/edit/{check.report.pk}/")
    assert edit.context["form"].initial.get("siskamling_check__post") in (None, units["post_k3"].pk)
    assert edit.context["form"]["siskamling_check__post"].value() == units["post_k3"].pk


def test_admin_form_refuses_another_units_type(client, units, people):
    member = units["binkamsa_member"]
    client.force_login(member.user)
    data = form_data(member, people["k3"], "fkpm_meeting", fkpm_meeting__forum=units["forum_k3"].pk)
    response = client.post(f"{BASE}/add/", data)
    assert response.status_code == 200 and VisitReport.objects.count() == 0


def test_review_screen_approval_by_the_head(client, units, people):
    report = build_report(
        units["binpolmas_member"],
        people["k3"],
        status="submitted",
        activity_type="fkpm_meeting",
        details={"forum": units["forum_k3"], "problems_raised": "Qzreviewproblem"},
    )
    client.force_login(units["binkamsa_head"].user)
    assert denied(client.get(f"/admin/kunjungan/review/{report.pk}/"))
    client.force_login(units["binpolmas_head"].user)
    page = client.get(f"/admin/kunjungan/review/{report.pk}/").content.decode()
    assert "FKPM Kenanga" in page and "Qzreviewproblem" in page  # the head reads the internals
    response = client.post(f"/admin/kunjungan/review/{report.pk}/", {"action": "approve"})
    assert response.status_code == 302
    assert VisitReport.objects.get(pk=report.pk).status == "approved"


def test_admin_home_shows_each_role_its_units_work(client, units, people, admin_user):
    waiting = build_report(
        units["binkamsa_member"],
        people["k3"],
        status="submitted",
        activity_type="siskamling_check",
        details={"post": units["post_k3"], "post_active": True},
    )
    client.force_login(units["binkamsa_head"].user)
    home = client.get("/admin/").content.decode()
    assert "unit-panel-title" in home and f"/admin/kunjungan/review/{waiting.pk}/" in home
    client.force_login(units["binpolmas_head"].user)
    home = client.get("/admin/").content.decode()
    assert "unit-panel-title" in home and f"/admin/kunjungan/review/{waiting.pk}/" not in home
    client.force_login(units["binkamsa_member"].user)
    home = client.get("/admin/").content.decode()
    assert f"/admin/kunjungan/review/{waiting.pk}/" in home  # their own recent report
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert "unit-counts-title" in response.content.decode()
    panel = next(p for p in response.context["panels"] if p.name == "satbinmas_units")
    context = panel.get_context_data()
    rows = {row["unit"].code: row for row in context["rows"]}
    assert rows["binkamsa"]["waiting"] == (1 if waiting.visit_date >= context["month_start"] else 0)
    assert rows["binkamsa"]["head"] == units["binkamsa_head"]
    assert rows["binkamsa"]["people"] == 2


def test_registers_admin_lists_posts_and_forums(client, units, admin_user):
    client.force_login(admin_user)
    assert "Pos Melati" in client.get("/admin/snippets/openinfo/siskamlingpost/").content.decode()
    assert "FKPM Kenanga" in client.get("/admin/snippets/openinfo/fkpmforum/").content.decode()
    units_page = client.get("/admin/snippets/openinfo/satbinmasunit/").content.decode()
    assert "Binkamsa" in units_page and "Kasi Binkamsa" in units_page
    assert client.get("/admin/snippets/openinfo/unitmembership/").status_code == 200


def test_demo_data_shows_every_units_work(db):
    call_command("visits_demo")
    for kind in ("satpam_supervision", "siskamling_check", "fkpm_meeting", "bintibsos_session"):
        approved = VisitReport.objects.filter(activity_type=kind, status="approved")
        assert approved.exists(), kind
        assert all(report.detail() is not None for report in approved)
    from openinfo.models import SatbinmasUnit, UnitMembership

    for unit in SatbinmasUnit.objects.all():
        assert unit.head is not None, unit  # Bhabinkamtibmas: the demo Kanit
        if unit.code != "bhabinkamtibmas":  # its members are the officers of home's demo
            assert unit.memberships.filter(role="member").count() == 2, unit
    # Idempotent: a second run adds nobody and nothing.
    people, reports = UnitMembership.objects.count(), VisitReport.objects.count()
    call_command("visits_demo")
    assert (UnitMembership.objects.count(), VisitReport.objects.count()) == (people, reports)
