"""The six Satbinmas units as data, which unit records which activity, and the migration that
moved the existing visit reports into the generalised activity family without loss."""

import csv
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from home.models import Officer
from openinfo.models import SatbinmasUnit, UnitMembership, VisitReport
from openinfo.satbinmas import units as unit_data
from tests.openinfo.visits.conftest import build_report, join_unit

pytestmark = pytest.mark.django_db


def test_the_six_units_come_from_the_package_data():
    with unit_data.UNITS_CSV.open(encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert sorted(SatbinmasUnit.objects.values_list("code", flat=True)) == sorted(codes)
    assert len(codes) == 6
    assert list(SatbinmasUnit.objects.values_list("short_name", flat=True)) == [
        row["short_name"] for row in unit_data.unit_rows()
    ]


def test_every_activity_type_belongs_to_a_unit_and_every_unit_records_something():
    from openinfo.models import ActivityType

    assert set(unit_data.ACTIVITY_UNIT) == set(ActivityType.values)
    assert set(unit_data.ACTIVITY_UNIT.values()) == set(unit_data.unit_codes())
    assert not unit_data.is_public_activity("satpam_supervision")
    assert not unit_data.is_public_activity("ops_planning")
    assert unit_data.is_public_activity("siskamling_check")


def test_a_report_is_filed_under_the_unit_of_its_activity_type(people):
    report = build_report(people["officer_a"], people["k1"], activity_type="sambang")
    assert report.satbinmas_unit.code == "bhabinkamtibmas"
    report.activity_type = "siskamling_check"
    report.save()
    report.refresh_from_db()
    assert report.satbinmas_unit.code == "binkamsa"


def test_one_head_per_unit(people):
    unit = SatbinmasUnit.objects.get(code="binkamsa")
    UnitMembership.objects.update_or_create(
        officer=people["officer_a"], defaults={"unit": unit, "role": "head"}
    )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        UnitMembership.objects.update_or_create(
            officer=people["officer_b"], defaults={"unit": unit, "role": "head"}
        )
    assert unit.head == people["officer_a"]


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_existing_reports_and_files_them_under_bhabinkamtibmas(people):
    """Back to 0006 (before units), a report and an officer as they were, then forward."""
    before = [("openinfo", "0006_signal_officer")]
    after = [("openinfo", "0007_satbinmas_units")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldReport = old_apps.get_model("openinfo", "VisitReport")
    OldOfficer = old_apps.get_model("home", "Officer")
    officer = OldOfficer.objects.get(pk=people["officer_a"].pk)
    started = timezone.now() - timedelta(days=1)
    old = OldReport.objects.create(
        officer=officer,
        unit_id=officer.unit_id,
        kelurahan_id=people["k1"].pk,
        kecamatan_id=people["k1"].kecamatan_id,
        activity_type="dds",
        started_at=started,
        duration_minutes=45,
        visit_date=started.date(),
        public_summary="Ringkasan lama",
        internal_notes="catatan internal",
        status="approved",
        approved_at=started,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    report = VisitReport.objects.get(pk=old.pk)
    assert report.satbinmas_unit.code == "bhabinkamtibmas"
    assert (report.activity_type, report.duration_minutes, report.status) == ("dds", 45, "approved")
    assert (report.public_summary, report.internal_notes) == ("Ringkasan lama", "catatan internal")
    assert SatbinmasUnit.objects.count() == 6
    membership = Officer.objects.get(pk=people["officer_a"].pk).satbinmas_membership
    assert (membership.unit.code, membership.role) == ("bhabinkamtibmas", "member")


def test_internal_activity_types_never_leave_the_building(people, client):
    """An approved Satpam supervision or planning report: no API item, no change-feed item, no
    search document, no public count; an approved sambang of the same day is public."""
    from openinfo.documents import VisitAdapter
    from openinfo.models import VisitDailyStat

    public = build_report(
        people["officer_a"], people["k1"], status="approved", summary="Sambang pos ronda RW 03."
    )
    join_unit(people["officer_b"], "binkamsa")
    internal = build_report(
        people["officer_b"],
        people["k1"],
        status="approved",
        activity_type="satpam_supervision",
        summary="Temuan MARKER-SATPAM di gudang.",
        details={"company": "PT Aman", "site": "Gudang", "guards_count": 4},
    )
    assert internal.status == "approved"
    assert internal.public_document() is None
    assert set(VisitAdapter().public_queryset().values_list("pk", flat=True)) == {public.pk}
    listing = client.get("/api/v1/visits/").json()
    ids = {item["id"] for item in listing["results"]}
    assert public.pk in ids and internal.pk not in ids
    assert client.get(f"/api/v1/visits/{internal.pk}/").status_code == 404
    assert "MARKER-SATPAM" not in client.get("/api/v1/changes/").content.decode()
    assert set(VisitDailyStat.objects.public().values_list("activity_type", flat=True)) == {
        "sambang"
    }
    stats = client.get("/api/v1/stats/visits/").content.decode()
    assert "satpam_supervision" not in stats
