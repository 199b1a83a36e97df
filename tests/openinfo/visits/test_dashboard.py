"""Dashboard numbers equal aggregates computed by hand on a fixture."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from openinfo.visits import dashboard as dash
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.django_db


def at(days_ago, hour=10):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def fixture_reports(people, topics):
    a, b, sup = people["officer_a"], people["officer_b"], people["supervisor"]
    t1, t2, _t3 = topics
    build_report(
        a,
        people["k1"],
        status="approved",
        approver=sup,
        started_at=at(1),
        topics=[t1, t2],
        participants=[("warga", 10), ("pelajar", 5)],
        signals=[("narkoba", "tinggi", "x", "open"), ("tawuran", "sedang", "y", "resolved")],
    )
    build_report(
        a,
        people["k1"],
        status="approved",
        approver=sup,
        started_at=at(2),
        topics=[t1],
        activity_type="dds",
        participants=[("warga", 3)],
    )
    build_report(
        b,
        people["k2"],
        status="approved",
        approver=sup,
        started_at=at(45),
        topics=[t2],
        signals=[("narkoba", "rendah", "z", "monitored")],
    )
    build_report(
        b,
        people["k2"],
        status="submitted",
        started_at=at(3),
        signals=[("politik", "sedang", "w", "open")],
    )
    build_report(
        b,
        people["k2"],
        status="draft",
        started_at=at(3),
        signals=[("bencana", "tinggi", "d", "open")],
    )
    build_report(a, people["k1"], status="returned", approver=sup, started_at=at(4))


def test_numbers_match_hand_counts(fixture_reports, people, topics):
    kecamatan = people["k1"].kecamatan
    filters = dash.Filters(
        date_from=timezone.localdate() - timedelta(days=90),
        date_to=timezone.localdate(),
        kecamatan=kecamatan,
    )
    tables = dash.build(filters)

    total_row = tables["visits_per_month"].rows[-1]
    assert total_row[-1] == 3  # three approved visits; submitted/draft/returned do not count
    kec_row = next(r for r in tables["visits_per_month"].rows if r[0] == kecamatan.name)
    assert kec_row[-1] == 3

    coverage = tables["coverage"].extra
    assert coverage["total"] == kecamatan.kelurahan.count()
    assert coverage["visited"] == 1  # k1 within 30 days; k2 only 45 days ago
    unvisited = [r[1] for r in tables["coverage"].rows]
    assert people["k2"].name in unvisited and people["k1"].name not in unvisited

    open_rows = {r[0]: r[1:] for r in tables["open_signals"].rows}
    # open or monitored, from submitted/approved reports: narkoba tinggi, narkoba rendah, politik sedang
    assert tables["open_signals"].extra["total"] == 3
    narkoba = open_rows[str(dict(dash.SignalCategory.choices)["narkoba"])]
    assert narkoba == [1, 0, 1, 2]  # rendah, sedang, tinggi, total

    topics_table = {r[0]: r[1] for r in tables["top_topics"].rows}
    assert topics_table == {topics[0].name: 2, topics[1].name: 2}

    officers = {r[0]: r for r in tables["officers"].rows}
    a_row = officers[f"{people['officer_a'].rank} {people['officer_a'].name}"]
    assert a_row[3:6] == [2, 18, 1]  # visits, participants (15 + 3), kelurahan visited
    b_row = officers[f"{people['officer_b'].rank} {people['officer_b'].name}"]
    assert b_row[3] == 1

    trend_total = sum(r[-1] for r in tables["signal_trend"].rows)
    assert trend_total == 4  # every reported signal observed in the period, resolved ones included


def test_period_filter_excludes_older_visits(fixture_reports, people):
    filters = dash.Filters(
        date_from=timezone.localdate() - timedelta(days=10), date_to=timezone.localdate()
    )
    assert dash.visits_per_month(filters).rows[-1][-1] == 2


def test_dashboard_page_and_exports(client, fixture_reports, people):
    client.force_login(people["leader"])
    response = client.get("/admin/kunjungan/dashboard/")
    assert response.status_code == 200
    assert b"<svg" in response.content
    csv_response = client.get("/admin/kunjungan/dashboard/export/officers.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert people["officer_a"].name in csv_response.content.decode("utf-8-sig")
    xlsx = client.get("/admin/kunjungan/dashboard/export/top_topics.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/admin/kunjungan/dashboard/export/nope.csv").status_code == 404
