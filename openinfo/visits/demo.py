"""Demo visit reports: ~6 months across every kelurahan by the demo officers (idempotent)."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from counselling.models import Topic
from home.models import Officer, PoliceUnit
from openinfo.models import (
    EarlyWarningSignal,
    SatbinmasUnit,
    UnitMembership,
    VisitParticipant,
    VisitReport,
)
from openinfo.visits.aggregates import rebuild_all

DEMO_PASSWORD = "sambang-demo-2026"
SUMMARIES = {
    "sambang": "Sambang ke pos kamling RW {rw}, berdialog dengan {n} warga tentang keamanan lingkungan dan ronda malam.",
    "dds": "Kunjungan dari rumah ke rumah di RW {rw}; {n} warga menerima informasi layanan kepolisian dan nomor darurat 110.",
    "patroli_dialogis": "Patroli dialogis di sekitar pasar dan sekolah di RW {rw}, menyapa {n} warga dan pedagang.",
    "penyuluhan": "Penyuluhan hukum kepada {n} peserta di balai warga RW {rw}.",
    "problem_solving": "Pertemuan FKPM di RW {rw} bersama {n} warga untuk menyelesaikan perselisihan secara musyawarah.",
    "koordinasi_3pilar": "Koordinasi 3 pilar (Bhabinkamtibmas, Babinsa, Lurah) di kantor kelurahan; {n} peserta hadir.",
}
SIGNAL_TEXT = {
    "narkoba": "Informasi warga tentang dugaan peredaran obat terlarang di sekitar kos-kosan.",
    "tawuran": "Kelompok remaja berkumpul larut malam, ada ajakan tawuran di media sosial.",
    "premanisme": "Keluhan pedagang tentang pungutan liar di area parkir pasar.",
    "konflik_sosial": "Sengketa batas lahan antarwarga berpotensi memanas.",
    "bencana": "Saluran air tersumbat, rawan banjir saat hujan deras.",
    "kriminalitas": "Beberapa laporan pencurian sepeda motor di gang sempit.",
    "politik": "Pemasangan alat peraga yang memicu adu mulut antarpendukung.",
    "radikalisme": "Selebaran berisi ajakan intoleran ditemukan di tempat umum.",
}


def ensure_demo_accounts():
    """A few officers get user accounts (password DEMO_PASSWORD); one supervisor per used unit; leadership."""
    User = get_user_model()
    officers = list(Officer.objects.order_by("pk")[:4])
    accounts = []
    for n, officer in enumerate(officers, start=1):
        if officer.user_id is None:
            user, created = User.objects.get_or_create(
                username=f"bhabin{n}", defaults={"is_staff": True}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name="Bhabinkamtibmas"))
            officer.user = user
            officer.save(update_fields=["user"])
        accounts.append(officer.user.username)
    unit = officers[0].unit if officers else PoliceUnit.objects.first()
    user, created = User.objects.get_or_create(
        username="kanit", defaults={"is_staff": True, "email": "kanit@sambang.local"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name="Kanit Binmas"))
        Officer.objects.get_or_create(
            user=user,
            defaults={"name": "Hendra Kusuma", "rank": "Iptu", "unit": unit, "active": False},
        )
    leader, created = User.objects.get_or_create(
        username="pimpinan", defaults={"is_staff": True, "email": "pimpinan@sambang.local"}
    )
    if created:
        leader.set_password(DEMO_PASSWORD)
        leader.save()
        leader.groups.add(Group.objects.get(name="Pimpinan"))
    return accounts + ["kanit", "pimpinan"]


def ensure_unit_members():
    """Demo officers assigned to kelurahan are Bhabinkamtibmas members; the demo Kanit heads the
    Bhabinkamtibmas unit."""
    SatbinmasUnit.objects.ensure()
    unit = SatbinmasUnit.objects.by_code("bhabinkamtibmas")
    UnitMembership.objects.bulk_create(
        [
            UnitMembership(unit=unit, officer=officer)
            for officer in Officer.objects.filter(
                satbinmas_membership__isnull=True, kelurahan__isnull=False
            ).distinct()
        ]
    )
    kanit = Officer.objects.filter(user__username="kanit").first()
    if kanit and not unit.memberships.filter(role=UnitMembership.Role.HEAD).exists():
        UnitMembership.objects.update_or_create(
            officer=kanit, defaults={"unit": unit, "role": UnitMembership.Role.HEAD}
        )


@transaction.atomic
def ensure_visits(months=6, seed=2026):
    if VisitReport.objects.exists():
        return 0
    rng = random.Random(seed)
    topics = list(Topic.objects.all())
    officers = list(
        Officer.objects.filter(active=True).prefetch_related("kelurahan").select_related("unit")
    )
    reviewer = get_user_model().objects.filter(username="kanit").first()
    today = timezone.localdate()
    created = 0
    for officer in officers:
        for kelurahan in officer.kelurahan.all():
            for _ in range(rng.randint(8, 16)):
                day = today - timedelta(days=rng.randint(0, months * 30))
                if rng.random() < 0.15 and (today - day).days < 30:
                    day = today - timedelta(
                        days=rng.randint(31, months * 30)
                    )  # some kelurahan go unvisited
                started = timezone.make_aware(
                    datetime.combine(day, time(rng.randint(8, 20), rng.choice([0, 15, 30])))
                )
                if started > timezone.now():
                    started = timezone.now() - timedelta(hours=2)
                activity = rng.choice(list(SUMMARIES))
                rw = f"{rng.randint(1, 12):02d}"
                people = [("warga", rng.randint(5, 40))]
                if rng.random() < 0.5:
                    people.append(
                        (
                            rng.choice(
                                ["tokoh_agama", "tokoh_masyarakat", "pelajar", "babinsa", "lurah"]
                            ),
                            rng.randint(1, 6),
                        )
                    )
                total = sum(c for _r, c in people)
                report = VisitReport(
                    officer=officer,
                    kelurahan=kelurahan,
                    unit=officer.unit,
                    activity_type=activity,
                    rw=rw,
                    rt=f"{rng.randint(1, 9):02d}",
                    started_at=started,
                    duration_minutes=rng.choice([30, 45, 60, 90, 120]),
                    public_summary=SUMMARIES[activity].format(rw=rw, n=total),
                    internal_notes="Catatan internal petugas.",
                    follow_up_actions="Kunjungan ulang bulan depan.",
                )
                report.participants = [VisitParticipant(role=r, count=c) for r, c in people]
                if rng.random() < 0.12:
                    category = rng.choice(list(SIGNAL_TEXT))
                    report.signals = [
                        EarlyWarningSignal(
                            category=category,
                            severity=rng.choice(["rendah", "sedang", "tinggi"]),
                            description=SIGNAL_TEXT[category],
                            status=rng.choice(["open", "open", "monitored", "resolved"]),
                        )
                    ]
                if topics and activity in ("penyuluhan", "sambang", "dds"):
                    report.topics.set(rng.sample(topics, k=min(len(topics), rng.randint(1, 2))))
                roll = rng.random()
                age = (today - day).days
                if age > 10 or roll < 0.75:
                    report.status, report.submitted_at = "approved", started
                    report.approved_at, report.reviewed_by = started + timedelta(days=1), reviewer
                elif roll < 0.88:
                    report.status, report.submitted_at = "submitted", started
                elif roll < 0.95:
                    report.status, report.review_comment = (
                        "returned",
                        "Mohon lengkapi jumlah peserta per peran.",
                    )
                report.save()
                created += 1
    rebuild_all()
    return created
