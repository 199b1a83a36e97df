"""The admin enforces the same scope: listing, edit, inspect, history, delete, review, dashboard."""

import pytest

from openinfo.models import VisitReport
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.django_db
BASE = "/admin/snippets/openinfo/visitreport"


def denied(response):
    """Wagtail answers a PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def test_listing_shows_only_own_reports(client, people):
    own = build_report(people["officer_a"], people["k1"], summary="OWN-REPORT")
    other = build_report(people["officer_b"], people["k2"], summary="OTHER-REPORT")
    client.force_login(people["user_a"])
    response = client.get(f"{BASE}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{BASE}/edit/{own.pk}/" in html
    assert f"{BASE}/edit/{other.pk}/" not in html


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "delete"])
def test_officer_a_cannot_open_officer_b_report(client, people, view):
    other = build_report(people["officer_b"], people["k2"])
    client.force_login(people["user_a"])
    assert denied(client.get(f"{BASE}/{view}/{other.pk}/"))
    own = build_report(people["officer_a"], people["k1"])
    assert client.get(f"{BASE}/{view}/{own.pk}/").status_code == 200


def test_officer_a_cannot_edit_or_submit_officer_b_report_by_post(client, people):
    other = build_report(people["officer_b"], people["k2"])
    client.force_login(people["user_a"])
    assert denied(client.post(f"{BASE}/edit/{other.pk}/", {"rw": "99"}))
    assert denied(client.post(f"/admin/kunjungan/review/{other.pk}/", {"action": "submit"}))
    other.refresh_from_db()
    assert other.status == "draft" and other.rw == "03"


def test_create_form_offers_only_assigned_kelurahan(client, people):
    client.force_login(people["user_a"])
    response = client.get(f"{BASE}/add/")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["kelurahan"].queryset) == [people["k1"]]
    assert list(form.fields["officer"].queryset) == [people["officer_a"]]


def test_submit_and_approve_through_the_review_screen(client, people):
    report = build_report(people["officer_a"], people["k1"])
    client.force_login(people["user_a"])
    assert (
        client.post(f"/admin/kunjungan/review/{report.pk}/", {"action": "submit"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == "submitted"
    # approved reports are no longer editable by the officer
    client.force_login(people["other_supervisor"])
    assert denied(client.get(f"/admin/kunjungan/review/{report.pk}/"))
    client.force_login(people["supervisor"])
    page = client.get(f"/admin/kunjungan/review/{report.pk}/")
    assert page.status_code == 200 and b'value="approve"' in page.content
    client.post(f"/admin/kunjungan/review/{report.pk}/", {"action": "approve"})
    report.refresh_from_db()
    assert report.status == "approved"
    client.force_login(people["user_a"])
    assert denied(client.get(f"{BASE}/edit/{report.pk}/"))


def test_redaction_message_shown_on_blocked_approval(client, people):
    report = build_report(
        people["officer_a"],
        people["k1"],
        status="submitted",
        summary="Hubungi 0812-3456-7890 untuk info.",
    )
    client.force_login(people["supervisor"])
    response = client.post(
        f"/admin/kunjungan/review/{report.pk}/", {"action": "approve"}, follow=True
    )
    assert "0812-3456-7890" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_officer_files_report_in_admin(client, people):
    client.force_login(people["user_a"])
    data = {
        "officer": people["officer_a"].pk,
        "kelurahan": people["k1"].pk,
        "rw": "01",
        "rt": "02",
        "activity_type": "dds",
        "started_at": "2026-01-10 09:00",
        "duration_minutes": "45",
        "public_summary": "DDS ke 20 rumah.",
        "internal_notes": "",
        "participant_names": "",
        "follow_up_actions": "",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-role": "warga",
        "participants-0-count": "20",
        "participants-0-ORDER": "1",
        "signals-TOTAL_FORMS": "0",
        "signals-INITIAL_FORMS": "0",
        "signals-MIN_NUM_FORMS": "0",
        "signals-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"{BASE}/add/", data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    report = VisitReport.objects.get()
    assert report.officer == people["officer_a"] and report.participant_total == 20
    data["kelurahan"] = people["k2"].pk
    assert client.post(f"{BASE}/add/", data).status_code == 200  # form error, nothing created
    assert VisitReport.objects.count() == 1


def test_dashboard_visible_to_leadership_and_supervisors_only(client, people):
    url = "/admin/kunjungan/dashboard/"
    for who in ("leader", "supervisor"):
        client.force_login(people[who])
        assert client.get(url).status_code == 200, who
    client.force_login(people["user_a"])
    assert denied(client.get(url))
    assert denied(client.get("/admin/kunjungan/dashboard/export/officers.csv"))
