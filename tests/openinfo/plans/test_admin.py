"""Who edits and who reads plans; exports (CSV/XLSX content); the printable monthly report in
Indonesian; the dashboard widget's scope."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from openinfo.plans.models import Plan
from tests.openinfo.plans.test_progress import OCT_31

pytestmark = pytest.mark.django_db


@pytest.fixture
def oct_31():
    with mock.patch.object(timezone, "localdate", return_value=OCT_31):
        yield


def login(client, user):
    client.force_login(user)
    return client


def plan_post_data():
    return {
        "name": "Rencana baru",
        "description": "",
        "start": "2027-01-01",
        "end": "2027-12-31",
        "status": "draft",
        "stages-TOTAL_FORMS": "1",
        "stages-INITIAL_FORMS": "0",
        "stages-MIN_NUM_FORMS": "1",
        "stages-MAX_NUM_FORMS": "1000",
        "stages-0-name": "Tahap 1",
        "stages-0-start": "2027-01-01",
        "stages-0-end": "2027-02-28",
        "stages-0-ORDER": "1",
        "stages-0-id": "",
        "stages-0-DELETE": "",
    }


def test_leadership_and_the_planner_create_plans_others_cannot(client, cast):
    url = reverse("wagtailsnippets_plans_plan:add")
    for user in (cast["user_d"], cast["user_e"], cast["user_a"], cast["supervisor"]):
        login(client, user)
        assert client.get(url).status_code != 200
        client.post(url, plan_post_data())
        assert not Plan.objects.exists()
    for user, name in ((cast["leader"], "Rencana pimpinan"), (cast["user_p"], "Rencana Urbin")):
        login(client, user)
        assert client.get(url).status_code == 200
        response = client.post(url, {**plan_post_data(), "name": name})
        assert response.status_code == 302, response.content[:2000]
        plan = Plan.objects.get(name=name)
        assert [s.name for s in plan.stages.all()] == ["Tahap 1"]


def test_a_stage_outside_its_plan_is_refused_in_indonesian(client, cast):
    login(client, cast["leader"])
    data = {**plan_post_data(), "stages-0-end": "2028-03-31"}
    response = client.post(reverse("wagtailsnippets_plans_plan:add"), data)
    assert response.status_code == 200
    assert "Tahap harus berada dalam periode rencananya." in response.content.decode()
    assert not Plan.objects.exists()


def test_a_head_reads_their_unit_only(client, month, plan, oct_31):
    login(client, month["user_d"])  # head of Bintibsos
    page = client.get(reverse("plans_overview"))
    assert page.status_code == 200
    shown = {p.target.pk for p in page.context["items"]}
    assert shown == {plan["guidance"].pk, plan["guidance_6"].pk, plan["schools"].pk}
    assert client.get(reverse("plans_target", args=[plan["guidance"].pk])).status_code == 200
    assert client.get(reverse("plans_target", args=[plan["visits"].pk])).status_code == 404
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("plans_export", args=["csv"])).content.decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 4  # the header and Bintibsos' three targets
    # A member who heads nothing reads no plan at all.
    login(client, month["user_e"])
    assert client.get(reverse("plans_overview")).status_code != 200
    assert client.get(reverse("plans_export", args=["csv"])).status_code != 200


def test_csv_and_xlsx_export_carry_the_figures(client, month, plan, oct_31):
    login(client, month["leader"])
    response = client.get(reverse("plans_export", args=["csv"]) + "?date=2026-10-31")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "Rencana" and "Status" in header
    assert len(body) == 8
    messages = next(r for r in body if r[5] == "80")
    assert messages[9] == "50.0" and messages[13] == "tertinggal"
    posts = next(r for r in body if r[5] == "100")
    assert (posts[9], posts[10], posts[11]) == ("1", "3", "33.3")
    response = client.get(reverse("plans_export", args=["xlsx"]) + "?date=2026-10-31")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == header and len(values) == 9
    xlsx_posts = next(r for r in values[1:] if r[5] == 100)
    assert (xlsx_posts[9], xlsx_posts[10], xlsx_posts[11]) == (1, 3, 33.3)


def test_monthly_report_in_indonesian(client, month, plan, oct_31):
    login(client, month["leader"])
    response = client.get(reverse("plans_monthly_report") + "?month=2026-10")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Laporan bulanan untuk arahan Kasat" in html and "Oktober 2026" in html
    assert "@media print" in html
    sections = {
        part.split('"', 1)[0]: part for part in html.split('<section class="unit" data-unit="')[1:]
    }
    # Approved in October: Bhabinkamtibmas 3 (k1) + 2 (k2), 30 Sep is September; Bintibsos the two
    # sessions; Binkamsa the checks of P1 and of the retired P3 (an activity, if not a target's).
    assert "Kegiatan tercatat: 5" in sections["bhabinkamtibmas"]
    assert "Kegiatan tercatat: 2" in sections["bintibsos"]
    assert "Kegiatan tercatat: 2" in sections["binkamsa"]
    assert "25,0% / 33,7%" in sections["bintibsos"]  # 3 of 12 sessions, 31 of 92 days
    assert "Ada keramaian" not in html  # no message text
    assert "tertinggal" in html


def test_dashboard_shows_the_widget_scoped(client, month, plan, oct_31, django_user_model):
    month["leader"].user_permissions.clear()
    login(client, month["leader"])
    html = client.get(reverse("visit_dashboard")).content.decode()
    assert 'id="plan-progress"' in html
    assert f'data-target="{plan["visits"].pk}"' in html
    assert f'data-target="{plan["guidance"].pk}"' in html


def test_leadership_opens_a_situation_period_a_head_cannot(client, cast):
    from openinfo.plans.models import SituationPeriod

    url = reverse("wagtailsnippets_plans_situationperiod:add")
    data = {
        "name": "Pilkada 2026",
        "start": "2026-11-01",
        "end": "2026-12-31",
        "status": "open",
        "categories": ["politik", "konflik_sosial"],
    }
    login(client, cast["user_d"])  # the Bintibsos head reads plans, does not open periods
    client.post(url, data)
    assert not SituationPeriod.objects.exists()
    login(client, cast["leader"])
    response = client.post(url, {**data, "categories": []})
    assert response.status_code == 200 and not SituationPeriod.objects.exists()
    assert client.post(url, data).status_code == 302
    period = SituationPeriod.objects.get()
    assert period.categories == ["politik", "konflik_sosial"]
    assert period.is_running(datetime.date(2026, 11, 20))


def test_target_admin_refuses_a_share_above_100_in_indonesian(client, cast, plan, units):
    login(client, cast["leader"])
    response = client.post(
        reverse("wagtailsnippets_plans_target:add"),
        {
            "stage": plan["stage"].pk,
            "unit": units["binkamsa"].pk,
            "kecamatan": "",
            "kelurahan": "",
            "metric": "siskamling_checks",
            "threshold": "120",
            "granularity": "quarter",
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert "Persentase tidak boleh lebih dari 100%." in response.content.decode()
