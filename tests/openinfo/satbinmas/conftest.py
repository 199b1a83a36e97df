"""The visits cast of officers plus Satbinmas unit people: the Binkamsa head and a member, the
BinPolmas head and a member, a Bintibsos member, and Siskamling posts / FKPM forums in two
kelurahan."""

import pytest

from openinfo.models import FkpmForum, SiskamlingPost
from tests.factories import OfficerFactory
from tests.openinfo.visits.conftest import (  # noqa: F401  (the same cast of officers)
    area,
    join_unit,
    make_user,
    people,
    token_client,
)


@pytest.fixture
def units(people, area, django_user_model):  # noqa: F811
    def officer(username, name, code, role="member"):
        user = make_user(django_user_model, username, "Bhabinkamtibmas")
        person = OfficerFactory(name=name, unit=area["unit"], user=user, kelurahan=[])
        join_unit(person, code, role)
        return person

    cast = {
        "binkamsa_head": officer("binkamsa-head", "Kasi Binkamsa", "binkamsa", "head"),
        "binkamsa_member": officer("binkamsa-a", "Anggota Binkamsa", "binkamsa"),
        "binpolmas_head": officer("binpolmas-head", "Kasi Binpolmas", "binpolmas", "head"),
        "binpolmas_member": officer("binpolmas-a", "Anggota Binpolmas", "binpolmas"),
        "bintibsos_member": officer("bintibsos-a", "Anggota Bintibsos", "bintibsos"),
    }
    k1, k3 = people["k1"], people["k3"]
    cast["post_k3"] = SiskamlingPost.objects.create(kelurahan=k3, name="Pos Melati", rw="02")
    cast["post_k1"] = SiskamlingPost.objects.create(kelurahan=k1, name="Pos Mawar", rw="01")
    cast["forum_k3"] = FkpmForum.objects.create(kelurahan=k3, name="FKPM Kenanga")
    cast["forum_k1"] = FkpmForum.objects.create(kelurahan=k1, name="FKPM Anggrek")
    cast["clients"] = {
        key: token_client(value.user) for key, value in cast.items() if key.startswith("bin")
    }
    return cast
