"""Demo tasks (idempotent by their creation keys): the Kanit and leadership assign to demo officers
and to the Bhabinkamtibmas unit; one is in progress with a comment, one overdue, one done with the
report that fulfilled it, one made from an early-warning signal."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from home.models import Officer
from openinfo.models import EarlyWarningSignal, SatbinmasUnit, VisitReport
from openinfo.tasks.forms import initial_from_signal
from openinfo.tasks.models import Task


def _assign(by, key, **fields):
    task, created = Task.assign(created_by=by, key=f"demo-{key}", **fields)
    return task, created


@transaction.atomic
def ensure_tasks():
    users = get_user_model().objects
    kanit = users.filter(username="kanit").first()
    leader = users.filter(username="pimpinan").first()
    officers = list(
        Officer.objects.filter(user__username__startswith="bhabin", active=True).order_by("pk")[:2]
    )
    if kanit is None or leader is None or not officers:
        return 0
    today = timezone.localdate()
    first, second = officers[0], officers[-1]
    k1, k2 = first.kelurahan.first(), second.kelurahan.first()
    unit = SatbinmasUnit.objects.by_code("bhabinkamtibmas")
    made = 0

    _task, created = _assign(
        kanit,
        "sambang",
        activity_type="sambang",
        due_date=today + timedelta(days=3),
        instructions="Sambang ke pos kamling RW 02; tanyakan jadwal ronda dan kendala warga.",
        officer=first,
        kelurahan=k1,
        place="Pos kamling RW 02",
    )
    made += created

    late, created = _assign(
        kanit,
        "koordinasi",
        activity_type="koordinasi_3pilar",
        due_date=today,
        instructions="Koordinasi 3 pilar menjelang kegiatan warga akhir pekan.",
        unit=unit,
        kelurahan=k2,
    )
    if created:
        Task.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=2))
        made += 1

    busy, created = _assign(
        leader,
        "penyuluhan",
        activity_type="penyuluhan",
        due_date=today + timedelta(days=7),
        instructions="Penyuluhan bahaya narkoba di SMP setempat bersama guru BK.",
        officer=second,
        kelurahan=k2,
        place="SMP negeri",
    )
    if created:
        busy.start(second.user)
        busy.comment(second.user, "Sudah berkoordinasi dengan kepala sekolah; jadwal Kamis pagi.")
        made += 1

    report = (
        VisitReport.objects.filter(officer=first, activity_type="sambang", status="approved")
        .order_by("-created_at")
        .first()
    )
    if report is not None:
        done, created = _assign(
            leader,
            "selesai",
            activity_type="sambang",
            due_date=today + timedelta(days=1),
            instructions="Sambang ke warga yang melapor kehilangan sepeda motor.",
            officer=first,
            kelurahan=report.kelurahan,
        )
        if created:
            # Assigned (in the demo story) the day before the report was filed.
            Task.objects.filter(pk=done.pk).update(created_at=report.created_at - timedelta(days=1))
            done.refresh_from_db()
            done.complete(first.user, report, "Sudah dikunjungi; warga diberi nomor pengaduan.")
            made += 1

    signal = (
        EarlyWarningSignal.objects.filter(reported=True, kelurahan=k1)
        .select_related("kelurahan")
        .order_by("-pk")
        .first()
    )
    if signal is not None:
        initial = initial_from_signal(signal)
        _task, created = _assign(
            leader,
            "sinyal",
            activity_type=initial["activity_type"],
            due_date=initial["due_date"],
            instructions=str(initial["instructions"]),
            officer=first,
            kelurahan=signal.kelurahan,
            signal=signal,
        )
        made += created
    return made
