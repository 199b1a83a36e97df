"""The workflow: draft -> submitted -> approved | returned, each transition checked and recorded."""

import pytest

from openinfo.models import TransitionError, VisitDailyStat, VisitReport
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.django_db


def test_full_workflow_records_every_transition(people):
    report = build_report(people["officer_a"], people["k1"])
    assert report.status == "draft" and not VisitReport.objects.approved().exists()
    report.submit(people["user_a"])
    assert report.status == "submitted" and report.submitted_at
    report.return_with_comment(people["supervisor"], "Tambahkan peserta.")
    assert report.status == "returned" and report.review_comment == "Tambahkan peserta."
    report.public_summary = "Sambang dan dialog dengan warga RW 03 tentang ronda."
    report.save()
    report.submit(people["user_a"])
    report.approve(people["supervisor"])
    report.refresh_from_db()
    assert report.status == "approved" and report.reviewed_by == people["supervisor"]
    assert list(report.transitions.values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
    ]
    assert report.revisions.count() >= 4
    assert list(VisitReport.objects.approved()) == [report]


def test_invalid_transitions_are_refused(people):
    report = build_report(people["officer_a"], people["k1"])
    with pytest.raises(TransitionError):
        report.approve(people["supervisor"])
    report.submit(people["user_a"])
    with pytest.raises(TransitionError) as second:
        report.submit(people["user_a"])
    assert second.value.status == 409
    with pytest.raises(TransitionError) as no_comment:
        report.return_with_comment(people["supervisor"], "  ")
    assert no_comment.value.status == 400
    report.approve(people["supervisor"])
    with pytest.raises(TransitionError):
        report.return_with_comment(people["supervisor"], "too late")


def test_public_summary_is_required_to_submit_and_approve(people):
    report = build_report(people["officer_a"], people["k1"], summary="")
    with pytest.raises(TransitionError) as error:
        report.submit(people["user_a"])
    assert "public_summary" in error.value.fields


def test_aggregate_follows_approval_and_deletion(people):
    report = build_report(people["officer_a"], people["k1"], status="submitted")
    assert not VisitDailyStat.objects.exists()
    report.approve(people["supervisor"])
    stat = VisitDailyStat.objects.get()
    assert (stat.visits, stat.participants, stat.kelurahan_id) == (1, 12, people["k1"].pk)
    build_report(people["officer_a"], people["k1"], status="approved", started_at=report.started_at)
    assert VisitDailyStat.objects.get().visits == 2
    report.delete()
    assert VisitDailyStat.objects.get().visits == 1


def test_signal_status_changes_are_kept_as_history(people):
    report = build_report(
        people["officer_a"],
        people["k1"],
        signals=[("narkoba", "tinggi", "Transaksi di gang belakang pasar", "open")],
    )
    signal = report.signals.get()
    signal.status = "monitored"
    signal.save()
    signal.status = "resolved"
    signal.save()
    assert list(signal.history.values_list("from_status", "to_status")) == [
        ("", "open"),
        ("open", "monitored"),
        ("monitored", "resolved"),
    ]
