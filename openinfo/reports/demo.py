"""Demo Lapor & Tanya messages for the demo officer bhabin1's kelurahan: one waiting, one overdue that
became an early-warning signal, answered questions (one published as Tanya Jawab), a closed complaint
and spam (idempotent: messages are keyed by their submission token)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from counselling.models import QuestionAnswer, Topic
from home.models import Officer
from openinfo.models import holidays
from openinfo.ppid import deadlines
from openinfo.reports.models import MessageEvent, ResidentMessage

MESSAGES = [
    (
        "demo-1",
        "informasi",
        0,
        "Sering ada balap liar di jalan dekat lapangan setiap malam Minggu, suaranya "
        "sampai pukul 02.00.",
        "anonim",
        "",
        "",
    ),
    (
        "demo-2",
        "informasi",
        5,
        "Ada pungutan parkir liar di depan pasar oleh sekelompok orang yang mengaku dari ormas.",
        "telepon",
        "081234500001",
        "",
    ),
    (
        "demo-3",
        "pertanyaan",
        4,
        "Apakah pemilik kos boleh menahan KTP penyewa sebagai jaminan?",
        "telepon",
        "081234500002",
        "",
    ),
    (
        "demo-4",
        "pengaduan",
        8,
        "Laporan kehilangan saya di Polsek belum ada kabarnya.",
        "email",
        "",
        "warga.demo@example.id",
    ),
    (
        "demo-5",
        "pertanyaan",
        2,
        "Bagaimana cara melapor jika menjadi korban penipuan belanja online?",
        "email",
        "",
        "penanya.demo@example.id",
    ),
    ("demo-6", "informasi", 3, "Menangkan hadiah jutaan rupiah klik tautan ini", "anonim", "", ""),
]


def _received(working_days_ago):
    day = timezone.localdate()
    hol = holidays()
    while working_days_ago > 0:
        day -= datetime.timedelta(days=1)
        if deadlines.is_working_day(day, hol):
            working_days_ago -= 1
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


@transaction.atomic
def ensure_messages():
    officer = (
        Officer.objects.filter(user__username="bhabin1").prefetch_related("kelurahan").first()
        or Officer.objects.filter(active=True).prefetch_related("kelurahan").order_by("pk").first()
    )
    if officer is None or not officer.kelurahan.exists():
        return None
    kelurahan = officer.kelurahan.order_by("pk").first()
    user = officer.user or get_user_model().objects.filter(is_superuser=True).first()
    created = {}
    for token, kind, days_ago, text, choice, phone, email in MESSAGES:
        if ResidentMessage.objects.filter(submission_token=token).exists():
            continue
        message, secret = ResidentMessage.file(
            kelurahan=kelurahan,
            submission_token=token,
            received_at=_received(days_ago),
            kind=kind,
            message=text,
            contact_choice=choice,
            contact_phone=phone,
            contact_email=email,
        )
        created[token] = (message, secret)
    if not created:
        return None
    if "demo-2" in created:
        created["demo-2"][0].convert_to_signal(
            user, "premanisme", "sedang", "Pungli parkir di depan pasar"
        )
    if "demo-3" in created:
        message = created["demo-3"][0]
        message.reply(
            user,
            "Tidak boleh. KTP adalah dokumen negara milik pemegangnya; pemilik kos cukup "
            "mencatat data dan menyimpan fotokopinya.",
        )
        _answered_after(message, 5)
        _publish_guidance(message)
    if "demo-4" in created:
        message = created["demo-4"][0]
        message.reply(
            user, "Laporan Anda sudah kami teruskan ke Unit Reskrim; petugas akan menghubungi Anda."
        )
        _answered_after(message, 30)
        message.close(user, "handled")
    if "demo-5" in created:
        created["demo-5"][0].reply(
            user,
            "Simpan bukti transfer dan percakapan, lalu laporkan ke SPKT Polres atau "
            "melalui patrolisiber.id.",
        )
        _answered_after(created["demo-5"][0], 2)
    if "demo-6" in created:
        created["demo-6"][0].close(user, "spam")
    return created.get("demo-1")


def _answered_after(message, hours):
    """Demo answers are dated a few hours after receipt, as an officer would have given them."""
    when = message.received_at + datetime.timedelta(hours=hours)
    ResidentMessage.objects.filter(pk=message.pk).update(first_reply_at=when)
    message.events.filter(kind=MessageEvent.Kind.REPLIED).update(at=when)


def _publish_guidance(message):
    entry = QuestionAnswer.objects.filter(slug="bolehkah-pemilik-kos-menahan-ktp-penyewa").first()
    if entry is None:
        entry = QuestionAnswer(
            title="Bolehkah pemilik kos menahan KTP penyewa?",
            slug="bolehkah-pemilik-kos-menahan-ktp-penyewa",
            question="Apakah pemilik kos boleh menahan KTP penyewa sebagai jaminan pembayaran?",
            answer="Tidak boleh. KTP adalah dokumen negara milik pemegangnya dan wajib dibawa. Pemilik kos "
            "cukup mencatat data penyewa, menyimpan fotokopinya, dan melapor ke RT/RW.",
            live=False,
        )
        entry.save()
        entry.topics.set(Topic.objects.order_by("order")[:1])
        entry.save_revision().publish()
    message.guidance = entry
    message.save(update_fields=["guidance", "updated_at"])
    message.events.create(kind=MessageEvent.Kind.GUIDANCE, note=entry.title)
