"""A fixture month (October 2026) of activities, posts and residents' messages in one kecamatan, and a
plan whose targets measure it. The expected figures in the tests are counted by hand from here."""

import datetime

import pytest
from django.utils import timezone

from home.models import Kecamatan
from openinfo.models import (
    GuidanceSession,
    Holiday,
    SatbinmasUnit,
    SiskamlingCheck,
    SiskamlingPost,
    UnitMembership,
)
from openinfo.plans.models import Plan, Stage, Target
from openinfo.reports.models import ResidentMessage
from tests.factories import OfficerFactory
from tests.openinfo.visits.conftest import area, build_report, make_user, people  # noqa: F401


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, 10, day, hour))


def at_month(month, day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, month, day, hour))


@pytest.fixture
def units(db):
    return {u.code: u for u in SatbinmasUnit.objects.all()}


@pytest.fixture
def cast(people, area, units, django_user_model):  # noqa: F811
    """Officer C (k3, Bhabinkamtibmas), D (Bintibsos head, k3), E (Binkamsa member, k1+k2), the Urbin
    Opsnal head (a planner) and a plain Binkamsa member account."""
    k1, k2, k3 = people["k1"], people["k2"], people["k3"]
    user_c = make_user(django_user_model, "officer-c", "Bhabinkamtibmas")
    officer_c = OfficerFactory(name="Cahyo Officer", unit=area["unit"], user=user_c, kelurahan=[k3])
    user_d = make_user(django_user_model, "bintibsos-head", "Bhabinkamtibmas")
    officer_d = OfficerFactory(
        name="Dewi Bintibsos", unit=area["unit"], user=user_d, kelurahan=[k3]
    )
    user_e = make_user(django_user_model, "binkamsa-member", "Bhabinkamtibmas")
    officer_e = OfficerFactory(
        name="Eko Binkamsa", unit=area["unit"], user=user_e, kelurahan=[k1, k2]
    )
    user_p = make_user(django_user_model, "urbin-head", "Bhabinkamtibmas")
    officer_p = OfficerFactory(name="Putu Perencana", unit=area["unit"], user=user_p, kelurahan=[])
    UnitMembership.objects.create(unit=units["bintibsos"], officer=officer_d, role="head")
    UnitMembership.objects.create(unit=units["binkamsa"], officer=officer_e, role="member")
    UnitMembership.objects.create(unit=units["urbin_opsnal"], officer=officer_p, role="head")
    UnitMembership.objects.create(
        unit=units["bhabinkamtibmas"], officer=people["officer_a"], role="member"
    )
    return {
        **people,
        "officer_c": officer_c,
        "officer_d": officer_d,
        "user_d": user_d,
        "officer_e": officer_e,
        "user_e": user_e,
        "user_p": user_p,
    }


@pytest.fixture
def month(cast, area):  # noqa: F811
    """October 2026 in the first kecamatan (k1, k2, k3 are three of its kelurahan)."""
    a, b, c, d, e = (cast[f"officer_{x}"] for x in "abcde")
    k1, k2, k3 = cast["k1"], cast["k2"], cast["k3"]
    sup = cast["supervisor"]

    def approved(officer, kel, when, kind="sambang", status="approved", detail=None):
        """A report with its activity's detail row, taken through the lifecycle to `status`."""
        report = build_report(officer, kel, status="draft", started_at=when, activity_type=kind)
        if detail is not None:
            detail(report)
        if status in ("submitted", "approved"):
            report.submit(officer.user)
        if status == "approved":
            report.approve(sup)
        return report

    # Bhabinkamtibmas visits: k1 3 approved (+1 submitted), k2 2 approved (+1 in September), k3 none.
    approved(a, k1, at(5))
    approved(a, k1, at(12), "dds")
    approved(a, k1, at(20), "patroli_dialogis")
    approved(a, k1, at(21), status="submitted")
    approved(b, k2, at(8))
    approved(b, k2, at(9), "penyuluhan")
    approved(b, k2, at_month(9, 30))
    approved(c, k3, at(15), status="draft")

    # Bintibsos guidance sessions in k3: one to a school, one to a youth group.
    def audience(kind, name):
        return lambda report: GuidanceSession.objects.create(
            report=report, audience_kind=kind, audience_name=name, attendees=30
        )

    approved(d, k3, at(14), "bintibsos_session", detail=audience("school", "SMPN 1"))
    approved(d, k3, at(22), "bintibsos_session", detail=audience("youth", "Karang Taruna"))
    # Siskamling posts: k1 P1, P2, P3 (retired), k2 P4.
    p1 = SiskamlingPost.objects.create(kelurahan=k1, name="Pos P1", rw="01")
    p2 = SiskamlingPost.objects.create(kelurahan=k1, name="Pos P2", rw="02")
    p3 = SiskamlingPost.objects.create(kelurahan=k1, name="Pos P3", rw="03", retired=True)
    p4 = SiskamlingPost.objects.create(kelurahan=k2, name="Pos P4", rw="04")

    def check(post, when, status="approved"):
        approved(
            e,
            post.kelurahan,
            when,
            "siskamling_check",
            status,
            detail=lambda report: SiskamlingCheck.objects.create(
                report=report, post=post, post_active=True
            ),
        )

    check(p1, at(6))
    check(p3, at(7))  # retired: never counts
    check(p4, at(16), status="submitted")  # not approved
    check(p1, at_month(11, 3))
    check(p2, at_month(11, 10))
    # Lapor & Tanya: Wednesday 14 October is a holiday in this fixture.
    Holiday.objects.create(date=datetime.date(2026, 10, 14), name="Libur uji")

    def message(kel, received, replied=None, **extra):
        msg, _secret = ResidentMessage.file(
            kelurahan=kel,
            received_at=received,
            kind="informasi",
            message="Ada keramaian.",
            contact_choice="anonim",
        )
        ResidentMessage.objects.filter(pk=msg.pk).update(first_reply_at=replied, **extra)
        return msg

    message(k1, at(5), at(6))  # due Wed 7 Oct: on time
    message(k1, at(12), at(15, 16))  # due Thu 15 Oct (holiday on 14): on time
    message(k2, at(16), at(22))  # due Tue 20 Oct: late
    message(k2, at(26))  # due Wed 28 Oct, unanswered: late on 31 Oct
    message(k3, at(30))  # due Tue 3 Nov: not yet decided on 31 Oct
    message(k1, at(7), close_reason="spam", status="closed")  # spam: never counted
    other = Kecamatan.objects.exclude(pk=area["kecamatan"].pk).order_by("code").first()
    message(other.kelurahan.order_by("code").first(), at(6), at(7))  # other kecamatan: on time
    return cast


@pytest.fixture
def plan(units, area, cast):  # noqa: F811
    plan = Plan.objects.create(
        name="Rencana Aksi 2026",
        start=datetime.date(2026, 10, 1),
        end=datetime.date(2027, 9, 30),
        status=Plan.Status.ACTIVE,
    )
    stage = Stage.objects.create(
        plan=plan, name="Tahap 1", start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31)
    )
    kec = area["kecamatan"]

    def target(metric, threshold, unit, granularity="month", **extra):
        return Target.objects.create(
            stage=stage,
            unit=units[unit],
            metric=metric,
            threshold=threshold,
            granularity=granularity,
            **{"kecamatan": kec, **extra},
        )

    return {
        "plan": plan,
        "stage": stage,
        "visits": target("kelurahan_visits", 2, "bhabinkamtibmas"),
        "visits_k1": target("kelurahan_visits", 2, "bhabinkamtibmas", kelurahan=cast["k1"]),
        "guidance": target("guidance_sessions", 12, "bintibsos", "term"),
        "guidance_6": target("guidance_sessions", 6, "bintibsos", "term"),
        "schools": target("guidance_sessions", 1, "bintibsos", "term", schools_only=True),
        "posts": target("siskamling_checks", 100, "binkamsa", "quarter"),
        "messages": target("messages_answered", 80, "bhabinkamtibmas"),
        "messages_city": target("messages_answered", 50, "bhabinkamtibmas", kecamatan=None),
    }
