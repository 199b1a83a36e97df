"""Every Satbinmas unit's activities over the field API: details per activity type (required,
refused, bounded, post/forum in the report's kelurahan), the area rule per unit, approval by the
unit's head, and one unit never seeing another's work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openinfo.models import (
    EarlyWarningSignal,
    FkpmMeeting,
    GuidanceSession,
    SatpamSupervision,
    SiskamlingCheck,
    VisitReport,
)
from tests.openinfo.visits.conftest import build_report, token_client
from tests.openinfo.visits.test_admin import denied

pytestmark = pytest.mark.django_db
URL = "/api/v1/field/reports/"


def payload(kelurahan, activity_type, details, **overrides):
    data = {
        "kelurahan": kelurahan.code,
        "activity_type": activity_type,
        "started_at": (timezone.now() - timedelta(hours=3)).isoformat(),
        "duration_minutes": 60,
        "participants": [{"role": "warga", "count": 6}],
        "public_summary": "Pemeriksaan rutin bersama warga.",
        "details": details,
    }
    data.update(overrides)
    return data


def satpam(**overrides):
    return {
        "company": "PT Aman Sentosa",
        "site": "Gudang Jatiuwung",
        "guards_count": 12,
        "trained_count": 10,
        "certified_count": 8,
        "findings": "Dua satpam belum ber-KTA.",
        **overrides,
    }


@pytest.mark.parametrize(
    ("member", "activity_type", "details", "model"),
    [
        ("binkamsa_member", "satpam_supervision", "satpam", SatpamSupervision),
        ("binkamsa_member", "siskamling_check", "siskamling", SiskamlingCheck),
        ("binpolmas_member", "fkpm_meeting", "fkpm", FkpmMeeting),
        ("bintibsos_member", "bintibsos_session", "guidance", GuidanceSession),
    ],
)
def test_each_unit_files_its_activity_citywide_with_its_details(
    units, people, member, activity_type, details, model
):
    """Members of the Polres units have no assigned kelurahan and file anywhere in the city."""
    k3 = people["k3"]
    values = {
        "satpam": satpam(),
        "siskamling": {"post": units["post_k3"].pk, "post_active": True, "guards_on_duty": 4},
        "fkpm": {"forum": units["forum_k3"].pk, "problems_raised": "Parkir liar"},
        "guidance": {"audience_kind": "school", "audience_name": "SMPN 7", "attendees": 120},
    }[details]
    client = units["clients"][member]
    response = client.post(URL, payload(k3, activity_type, values), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    for key, value in values.items():
        assert body["details"][key] == value
    report = VisitReport.objects.get(pk=body["id"])
    assert report.satbinmas_unit.code == units[member].satbinmas_membership.unit.code
    assert model.objects.get(report=report)
    # Submitting checks the whole report again (the model's rule): it passes.
    assert client.post(f"{URL}{report.pk}/submit/").status_code == 200


BAD_DETAILS = [
    # (case, member, activity_type, details, error field)
    ("missing", "binkamsa_member", "siskamling_check", None, "details"),
    ("empty", "binkamsa_member", "satpam_supervision", {}, "details"),
    ("not an object", "binkamsa_member", "satpam_supervision", ["x"], "details"),
    ("count too big", "binkamsa_member", "satpam_supervision", "big", "details.guards_count"),
    ("negative count", "bintibsos_member", "bintibsos_session", "negative", "details.attendees"),
    (
        "trained > guards",
        "binkamsa_member",
        "satpam_supervision",
        "trained",
        "details.trained_count",
    ),
    ("post elsewhere", "binkamsa_member", "siskamling_check", "post_k1", "details.post"),
    ("unknown post", "binkamsa_member", "siskamling_check", "post_unknown", "details.post"),
    ("forum elsewhere", "binpolmas_member", "fkpm_meeting", "forum_k1", "details.forum"),
    ("bad audience", "bintibsos_member", "bintibsos_session", "audience", "details.audience_kind"),
    ("details on a visit", "officer_a", "sambang", "satpam", "details"),
    ("another unit's type", "binkamsa_member", "fkpm_meeting", "forum_k3", "activity_type"),
    ("visit type by Binkamsa", "binkamsa_member", "sambang", None, "activity_type"),
]


@pytest.mark.parametrize(
    ("case", "member", "activity_type", "details", "field"),
    BAD_DETAILS,
    ids=[c[0] for c in BAD_DETAILS],
)
def test_bad_details_are_400_with_a_message_and_save_nothing(
    units, people, case, member, activity_type, details, field
):
    values = {
        "big": satpam(guards_count=100_001),
        "negative": {"audience_kind": "school", "audience_name": "SMA 1", "attendees": -3},
        "trained": satpam(guards_count=5, trained_count=6),
        "post_k1": {"post": units["post_k1"].pk, "post_active": True},
        "post_unknown": {"post": 999999, "post_active": True},
        "forum_k1": {"forum": units["forum_k1"].pk},
        "forum_k3": {"forum": units["forum_k3"].pk},
        "audience": {"audience_kind": "pasar", "audience_name": "X", "attendees": 3},
        "satpam": satpam(),
    }
    values = values.get(details, details) if isinstance(details, str) else details
    client = token_client(people["user_a"]) if member == "officer_a" else units["clients"][member]
    kelurahan = people["k1"] if member == "officer_a" else people["k3"]
    data = payload(kelurahan, activity_type, values)
    if details is None:
        data.pop("details")
    before = VisitReport.objects.count()
    english = client.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    indonesian = client.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE="id")
    assert english.status_code == indonesian.status_code == 400, english.content
    error = english.json()["error"]
    assert error["code"] and error["message"]
    assert field in error["fields"], error
    assert all(isinstance(m, str) and m for m in error["fields"][field])
    assert indonesian.json()["error"]["fields"][field] != error["fields"][field]
    assert VisitReport.objects.count() == before
    assert not SatpamSupervision.objects.exists() and not SiskamlingCheck.objects.exists()


def test_details_messages_in_both_languages(units, people):
    data = payload(people["k3"], "siskamling_check", None)
    data.pop("details")
    client = units["clients"]["binkamsa_member"]
    english = client.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    indonesian = client.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE="id").json()
    assert english["error"]["fields"]["details"] == ["The details of this activity are required."]
    assert indonesian["error"]["fields"]["details"] == ["Rincian kegiatan ini wajib diisi."]


def test_patch_replaces_details_and_checks_a_new_kelurahan(units, people):
    client = units["clients"]["binkamsa_member"]
    values = {"post": units["post_k3"].pk, "post_active": False, "findings": "Pos kosong"}
    created = client.post(URL, payload(people["k3"], "siskamling_check", values), format="json")
    pk = created.json()["id"]
    # Moving the report to another kelurahan while its post stays in k3: refused, nothing changes.
    moved = client.patch(f"{URL}{pk}/", {"kelurahan": people["k1"].code}, format="json")
    assert moved.status_code == 400 and "details.post" in moved.json()["error"]["fields"]
    assert VisitReport.objects.get(pk=pk).kelurahan == people["k3"]
    # Moving with a post of the new kelurahan: accepted, the detail row follows.
    moved = client.patch(
        f"{URL}{pk}/",
        {
            "kelurahan": people["k1"].code,
            "details": {"post": units["post_k1"].pk, "post_active": True},
        },
        format="json",
    )
    assert moved.status_code == 200, moved.content
    check = SiskamlingCheck.objects.get(report_id=pk)
    assert (check.post, check.post_active, check.findings) == (units["post_k1"], True, "")
    # Changing the type to Satpam supervision needs its details; the old row goes.
    changed = client.patch(f"{URL}{pk}/", {"activity_type": "satpam_supervision"}, format="json")
    assert changed.status_code == 400
    changed = client.patch(
        f"{URL}{pk}/", {"activity_type": "satpam_supervision", "details": satpam()}, format="json"
    )
    assert changed.status_code == 200
    assert not SiskamlingCheck.objects.filter(report_id=pk).exists()
    assert SatpamSupervision.objects.get(report_id=pk).company == "PT Aman Sentosa"


def test_retried_create_with_details_files_one_report(units, people):
    client = units["clients"]["bintibsos_member"]
    values = {"audience_kind": "youth", "audience_name": "Karang Taruna RW 05", "attendees": 40}
    data = payload(people["k2"], "bintibsos_session", values)
    first = client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="guid-1")
    retry = client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="guid-1")
    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert VisitReport.objects.count() == GuidanceSession.objects.count() == 1


def test_bhabinkamtibmas_officers_keep_their_assigned_kelurahan(units, people):
    client = token_client(people["user_a"])
    data = payload(people["k3"], "sambang", None)
    data.pop("details")
    assert client.post(URL, data, format="json").status_code == 403
    me = client.get("/api/v1/field/me/").json()
    assert [k["code"] for k in me["kelurahan"]] == [people["k1"].code]
    assert me["satbinmas_unit"]["citywide"] is False
    member = units["clients"]["binkamsa_member"].get("/api/v1/field/me/").json()
    assert member["satbinmas_unit"] == {
        "code": "binkamsa",
        "name": "Binkamsa",
        "role": "member",
        "citywide": True,
    }
    assert len(member["kelurahan"]) > 3
    assert [t["value"] for t in member["activity_types"]] == [
        "satpam_supervision",
        "siskamling_check",
    ]
    assert {p["name"] for p in member["siskamling_posts"]} == {"Pos Melati", "Pos Mawar"}
    assert member["fkpm_forums"] == []


# -- approval chain and scope ---------------------------------------------------------------------
def submitted(units, people, member="binkamsa_member", activity_type="siskamling_check"):
    details = {
        "siskamling_check": {"post": units["post_k3"], "post_active": True},
        "fkpm_meeting": {"forum": units["forum_k3"], "problems_raised": "Qzfkpmproblem"},
        "satpam_supervision": {"company": "PT A", "site": "B", "guards_count": 3},
    }[activity_type]
    return build_report(
        units[member],
        people["k3"],
        status="submitted",
        activity_type=activity_type,
        details=details,
    )


def test_the_units_head_approves_and_nobody_else_of_another_unit(units, people):
    report = submitted(units, people)
    # The Polsek supervisor of the member's police unit: Bhabinkamtibmas reports only.
    supervisor = token_client(people["supervisor"])
    assert supervisor.post(f"{URL}{report.pk}/approve/").status_code == 404
    # Another unit's head: not even visible.
    other_head = units["clients"]["binpolmas_head"]
    assert other_head.post(f"{URL}{report.pk}/approve/").status_code == 404
    # The member: visible, but not theirs to approve.
    member = units["clients"]["binkamsa_member"]
    assert member.post(f"{URL}{report.pk}/approve/").status_code == 403
    head = units["clients"]["binkamsa_head"]
    response = head.post(f"{URL}{report.pk}/approve/", {"comment": "Baik"}, format="json")
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.status == "approved" and report.reviewed_by == units["binkamsa_head"].user


def test_a_head_does_not_approve_their_own_report(units, people, admin_user):
    report = submitted(units, people, member="binkamsa_head")
    head = units["clients"]["binkamsa_head"]
    assert head.post(f"{URL}{report.pk}/approve/").status_code == 403
    admin = token_client(admin_user)
    assert admin.post(f"{URL}{report.pk}/approve/").status_code == 200


def test_a_head_returns_a_members_report(units, people):
    report = submitted(units, people, "binpolmas_member", "fkpm_meeting")
    head = units["clients"]["binpolmas_head"]
    response = head.post(f"{URL}{report.pk}/return/", {"comment": "Lengkapi"}, format="json")
    assert response.status_code == 200
    assert VisitReport.objects.get(pk=report.pk).status == "returned"


def test_bhabinkamtibmas_reports_keep_the_polsek_supervisor_rule(units, people):
    report = build_report(people["officer_a"], people["k1"], status="submitted")
    for head in ("binkamsa_head", "binpolmas_head"):
        assert units["clients"][head].post(f"{URL}{report.pk}/approve/").status_code == 404
    supervisor = token_client(people["supervisor"])
    assert supervisor.post(f"{URL}{report.pk}/approve/").status_code == 200


def test_a_binkamsa_member_cannot_see_binpolmas_internals(units, people, client):
    fkpm = submitted(units, people, "binpolmas_member", "fkpm_meeting")
    signal = EarlyWarningSignal.file_standalone(
        officer=units["binpolmas_member"],
        kelurahan=people["k3"],
        category="konflik_sosial",
        severity="sedang",
        description="Qzbinpolmassignal",
        user=units["binpolmas_member"].user,
    )
    binkamsa = units["clients"]["binkamsa_member"]
    listing = binkamsa.get(URL).json()
    assert fkpm.pk not in {item["id"] for item in listing["results"]}
    assert "Qzfkpmproblem" not in binkamsa.get(URL).content.decode()
    assert binkamsa.get(f"{URL}{fkpm.pk}/").status_code == 404
    assert binkamsa.patch(f"{URL}{fkpm.pk}/", {"rw": "1"}, format="json").status_code == 404
    assert binkamsa.get(f"/api/v1/field/signals/{signal.pk}/").status_code == 404
    assert "Qzbinpolmassignal" not in binkamsa.get("/api/v1/field/signals/").content.decode()
    # The admin: listing, review screen, inspect and edit views.
    client.force_login(units["binkamsa_member"].user)
    listing = client.get("/admin/snippets/openinfo/visitreport/")
    assert listing.status_code == 200 and "FKPM Kenanga" not in listing.content.decode()
    for url in (
        f"/admin/kunjungan/review/{fkpm.pk}/",
        f"/admin/snippets/openinfo/visitreport/inspect/{fkpm.pk}/",
        f"/admin/snippets/openinfo/visitreport/edit/{fkpm.pk}/",
    ):
        assert denied(client.get(url)), url
    # The BinPolmas head sees both; the Binkamsa head neither.
    head = units["clients"]["binpolmas_head"]
    assert head.get(f"{URL}{fkpm.pk}/").status_code == 200
    assert head.get(f"/api/v1/field/signals/{signal.pk}/").status_code == 200
    other = units["clients"]["binkamsa_head"]
    assert other.get(f"{URL}{fkpm.pk}/").status_code == 404
    assert other.get(f"/api/v1/field/signals/{signal.pk}/").status_code == 404


def test_photos_of_another_units_report_stay_closed(units, people, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.openinfo.visits.conftest import image_bytes

    settings.MEDIA_ROOT = tmp_path
    report = build_report(
        units["binpolmas_member"],
        people["k3"],
        activity_type="fkpm_meeting",
        details={"forum": units["forum_k3"]},
    )
    owner = units["clients"]["binpolmas_member"]
    upload = SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg")
    response = owner.post(f"{URL}{report.pk}/photos/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    path = report.photos.get().image.name
    binkamsa = units["clients"]["binkamsa_member"]
    assert (
        binkamsa.post(
            f"{URL}{report.pk}/photos/",
            {"file": SimpleUploadedFile("b.jpg", image_bytes(), content_type="image/jpeg")},
            format="multipart",
        ).status_code
        == 404
    )
    assert binkamsa.get(f"/berkas/{path}").status_code in (403, 404)
    assert owner.get(f"/berkas/{path}").status_code == 200
    assert units["clients"]["binpolmas_head"].get(f"/berkas/{path}").status_code == 200


def test_a_high_signal_of_another_unit_alerts_its_head_and_leadership(units, people):
    """Not the Polsek supervisor of the member's police unit: the unit's head and leadership."""
    from openinfo.visits.fieldapp.models import SignalAlert

    client = units["clients"]["binpolmas_member"]
    response = client.post(
        "/api/v1/field/signals/",
        {
            "kelurahan": people["k3"].code,
            "category": "konflik_sosial",
            "severity": "tinggi",
            "description": "Ketegangan antarwarga menjelang rapat FKPM.",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="sig-19a",
    )
    assert response.status_code == 201, response.content
    recipients = set(SignalAlert.objects.values_list("recipient__username", flat=True))
    assert recipients == {"binpolmas-head", "pimpinan"}
