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


# -- the other Satbinmas units ---------------------------------------------------------------------
# Usernames per unit: the head `kepala-<unit>`, members `<unit>1`, `<unit>2` (password DEMO_PASSWORD).
# Names are generated from home/data/demo_officers.json like the Bhabinkamtibmas demo officers.
UNIT_ACCOUNTS = {
    "urbin_opsnal": "binopsnal",
    "urmintu": "urmintu",
    "binpolmas": "binpolmas",
    "bintibsos": "bintibsos",
    "binkamsa": "binkamsa",
}
MEMBERS_PER_UNIT = 2


def unit_usernames():
    names = []
    for slug in UNIT_ACCOUNTS.values():
        names += [f"kepala-{slug}"] + [f"{slug}{n}" for n in range(1, MEMBERS_PER_UNIT + 1)]
    return names


def ensure_unit_people(seed=2027):
    """A head and two members for each Polres-level unit, with user accounts (group
    Bhabinkamtibmas: the officers' group, it grants filing activity reports). Idempotent."""
    import json

    from home.regions import DATA_DIR

    SatbinmasUnit.objects.ensure()
    spec = json.loads((DATA_DIR / "demo_officers.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    polres = (
        PoliceUnit.objects.filter(kind=PoliceUnit.Kind.POLRES).first() or PoliceUnit.objects.first()
    )
    User = get_user_model()
    group = Group.objects.get(name="Bhabinkamtibmas")
    counter = 0
    for code, slug in UNIT_ACCOUNTS.items():
        unit = SatbinmasUnit.objects.by_code(code)
        roles = [("head", f"kepala-{slug}")] + [
            ("member", f"{slug}{n}") for n in range(1, MEMBERS_PER_UNIT + 1)
        ]
        for role, username in roles:
            counter += 1
            given = spec["given_names"][(counter * 7) % len(spec["given_names"])]
            family = rng.choice(spec["family_names"])
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(group)
            officer, _created = Officer.objects.get_or_create(
                user=user,
                defaults={
                    "name": f"{given} {family}",
                    "rank": spec["ranks"][counter % len(spec["ranks"])],
                    "unit": polres,
                    "active": True,
                },
            )
            if not UnitMembership.objects.filter(officer=officer).exists():
                if role == "head" and unit.memberships.filter(role="head").exists():
                    role = "member"
                UnitMembership.objects.create(officer=officer, unit=unit, role=role)
    return unit_usernames()


def ensure_registers():
    """Siskamling posts and FKPM forums named after the kelurahan (from the region data): two posts
    and one forum in the first kelurahan of every kecamatan's first three. Idempotent."""
    from home.models import Kecamatan
    from openinfo.models import FkpmForum, SiskamlingPost

    for kecamatan in Kecamatan.objects.prefetch_related("kelurahan").order_by("code"):
        for kelurahan in list(kecamatan.kelurahan.order_by("code"))[:3]:
            for rw in ("02", "05"):
                SiskamlingPost.objects.get_or_create(
                    kelurahan=kelurahan, rw=rw, name=f"Pos Kamling RW {rw} {kelurahan.name}"
                )
            FkpmForum.objects.get_or_create(kelurahan=kelurahan, name=f"FKPM {kelurahan.name}")


UNIT_SUMMARIES = {
    "satpam_supervision": "Pengawasan satpam di {site}.",
    "siskamling_check": "Pemeriksaan {post} bersama warga yang berjaga.",
    "fkpm_meeting": "Pertemuan {forum} membahas keamanan lingkungan bersama {n} peserta.",
    "bintibsos_session": "Pembinaan ketertiban sosial untuk {audience}, diikuti {n} peserta.",
    "ops_planning": "Penyusunan rencana kegiatan pembinaan masyarakat bulan ini.",
    "administration": "Pengarsipan laporan kegiatan dan surat masuk Satbinmas.",
}
AUDIENCES = {
    "school": "Siswa sekolah menengah di Kelurahan {kelurahan}",
    "organisation": "Karang Taruna Kelurahan {kelurahan}",
    "youth": "Remaja masjid Kelurahan {kelurahan}",
}


@transaction.atomic
def ensure_unit_activities(per_member=6, months=3, seed=2028):
    """Activities of every Polres-level unit's members over the last months, most approved by the
    unit's head, some waiting for approval (the heads' queue). Idempotent."""
    from openinfo.models import FkpmForum, SiskamlingPost
    from openinfo.satbinmas.units import activity_types_of
    from openinfo.visits.models.details import save_details

    if VisitReport.objects.filter(activity_type__in=list(UNIT_SUMMARIES)).exists():
        return 0
    rng = random.Random(seed)
    posts = list(SiskamlingPost.objects.select_related("kelurahan"))
    forums = list(FkpmForum.objects.select_related("kelurahan"))
    if not posts or not forums:
        return 0
    today = timezone.localdate()
    created = 0
    for unit in SatbinmasUnit.objects.exclude(code="bhabinkamtibmas"):
        head = unit.memberships.filter(role="head").select_related("officer__user").first()
        members = unit.memberships.filter(role="member").select_related("officer")
        for membership in members:
            officer = membership.officer
            for n in range(per_member):
                kind = rng.choice(activity_types_of(unit.code))
                day = today - timedelta(days=rng.randint(1, months * 30))
                started = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), 0)))
                total = rng.randint(5, 60)
                details, place = None, {}
                if kind == "siskamling_check":
                    post = rng.choice(posts)
                    kelurahan = post.kelurahan
                    details = {
                        "post": post,
                        "post_active": rng.random() < 0.8,
                        "guards_on_duty": rng.randint(0, 6),
                        "findings": "Buku mutasi jaga belum diisi rutin.",
                    }
                    place = {"post": post.name}
                elif kind == "fkpm_meeting":
                    forum = rng.choice(forums)
                    kelurahan = forum.kelurahan
                    details = {
                        "forum": forum,
                        "problems_raised": "Parkir liar dan penerangan jalan.",
                        "follow_ups": "Koordinasi dengan kelurahan.",
                    }
                    place = {"forum": forum.name}
                else:
                    kelurahan = rng.choice(posts).kelurahan
                if kind == "satpam_supervision":
                    guards = rng.randint(4, 40)
                    details = {
                        "company": f"PT Demo {rng.choice(['Aman', 'Jaga', 'Sentosa'])} {n + 1}",
                        "site": f"Kawasan usaha Kelurahan {kelurahan.name}",
                        "guards_count": guards,
                        "trained_count": rng.randint(0, guards),
                        "certified_count": rng.randint(0, guards),
                        "findings": "Sebagian satpam belum memiliki KTA.",
                    }
                    place = {"site": details["site"]}
                if kind == "bintibsos_session":
                    audience = rng.choice(list(AUDIENCES))
                    name = AUDIENCES[audience].format(kelurahan=kelurahan.name)
                    details = {"audience_kind": audience, "audience_name": name, "attendees": total}
                    place = {"audience": name}
                report = VisitReport(
                    officer=officer,
                    unit=officer.unit,
                    kelurahan=kelurahan,
                    activity_type=kind,
                    started_at=started,
                    duration_minutes=rng.choice([60, 90, 120]),
                    public_summary=UNIT_SUMMARIES[kind].format(n=total, **place),
                    internal_notes="Catatan internal unit.",
                )
                report.participants = [VisitParticipant(role="warga", count=total)]
                # The details first, then the decision: the change feed's item of an approved
                # report is written when it becomes public, with its details.
                report.save()
                save_details(report, details)
                report.status, report.submitted_at = "submitted", started
                if n > 0:
                    report.status = "approved"
                    report.approved_at = started + timedelta(days=1)
                    report.reviewed_by = head.officer.user if head else None
                report.save()
                created += 1
    rebuild_all()
    return created
