"""The cast for tasks: the visits' officers as Bhabinkamtibmas members, a Binkamsa head and member, a
BinPolmas member, leadership; and a task builder."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openinfo.models import SatbinmasUnit, SiskamlingPost, UnitMembership
from openinfo.tasks.models import Task
from tests.factories import OfficerFactory
from tests.openinfo.visits.conftest import (  # noqa: F401  (the same cast of officers)
    area,
    make_user,
    people,
    token_client,
)
from tests.openinfo.visits.conftest import build_report as build_any_report


def build_report(officer, kelurahan, **kwargs):
    """A report as the visits' builder makes it; a Siskamling check or Satpam supervision gets the
    details its type requires (a post of the kelurahan; a company and site)."""
    kind = kwargs.get("activity_type")
    if kwargs.get("details") is None and kind == "siskamling_check":
        post, _created = SiskamlingPost.objects.get_or_create(
            kelurahan=kelurahan, rw="03", name="Pos Kamling Uji"
        )
        kwargs["details"] = {"post": post, "post_active": True}
    if kwargs.get("details") is None and kind == "satpam_supervision":
        kwargs["details"] = {"company": "PT Uji", "site": "Gudang", "guards_count": 4}
    return build_any_report(officer, kelurahan, **kwargs)


def unit(code):
    return SatbinmasUnit.objects.get(code=code)


def join(officer, code, role="member"):
    UnitMembership.objects.update_or_create(
        officer=officer, defaults={"unit": unit(code), "role": role}
    )
    officer.refresh_from_db()
    return officer


@pytest.fixture
def crew(people, django_user_model, area):  # noqa: F811
    """officer_a (Bhabinkamtibmas member), a Binkamsa head and member, a BinPolmas member."""
    k1, k2, _k3 = area["kelurahan"]
    join(people["officer_a"], "bhabinkamtibmas")
    join(people["officer_b"], "bhabinkamtibmas")
    head_user = make_user(django_user_model, "kaur-binkamsa", "Bhabinkamtibmas")
    head = join(
        OfficerFactory(name="Hadi Kepala", unit=area["unit"], user=head_user, kelurahan=[k1]),
        "binkamsa",
        "head",
    )
    member_user = make_user(django_user_model, "anggota-binkamsa", "Bhabinkamtibmas")
    member = join(
        OfficerFactory(name="Mira Anggota", unit=area["unit"], user=member_user, kelurahan=[k1]),
        "binkamsa",
    )
    polmas_user = make_user(django_user_model, "anggota-binpolmas", "Bhabinkamtibmas")
    polmas = join(
        OfficerFactory(name="Putu Polmas", unit=area["unit"], user=polmas_user, kelurahan=[k2]),
        "binpolmas",
    )
    return {
        **people,
        "head": head,
        "head_user": head_user,
        "member": member,
        "member_user": member_user,
        "polmas": polmas,
        "polmas_user": polmas_user,
    }


def make_task(by, *, officer=None, unit_code=None, activity_type="siskamling_check", days=3, **kw):
    task, _created = Task.assign(
        created_by=by,
        activity_type=activity_type,
        due_date=timezone.localdate() + timedelta(days=days),
        instructions=kw.pop("instructions", "Periksa pos kamling RW 03 dan catat temuan."),
        officer=officer,
        unit=unit(unit_code) if unit_code else None,
        **kw,
    )
    return task
