import pytest
from django.core.management import call_command

from home.models import Officer
from partners import changes
from partners.models import ChangeEvent
from tests.factories import OfficerFactory, kelurahan

pytestmark = pytest.mark.django_db


def replay(api_client, mirror=None, since=0, limit=3):
    """A partner's mirror: {(type, id): data}, built only from /changes/ pages."""
    mirror = {} if mirror is None else mirror
    while True:
        page = api_client.get("/api/v1/changes/", {"since": since, "limit": limit}).json()
        for change in page["results"]:
            key = (change["type"], change["object_id"])
            if change["action"] == "delete":
                mirror.pop(key, None)
            else:
                mirror[key] = change["data"]
        assert page["next_since"] >= since
        since = page["next_since"]
        if not page["has_more"]:
            return mirror, since


LISTS = {
    "officer": "/api/v1/officers/?limit=2",
    "article": "/api/v1/articles/?limit=2",
    "topic": "/api/v1/topics/",
    "legal_reference": "/api/v1/legal-references/?limit=50",
    "disclosure": "/api/v1/disclosures/?limit=2",
    "visit": "/api/v1/visits/?limit=2",
}


def listed(api_client, types=("officer",)):
    """The public corpus as the list APIs show it: {(type, id): item}."""
    corpus = {}
    for type_name in types:
        url = LISTS[type_name]
        while url:
            page = api_client.get(url).json()
            items, url = (page, None) if isinstance(page, list) else (page["results"], page["next"])
            corpus.update({(type_name, str(item["id"])): item for item in items})
    return corpus


def only(mirror, *types):
    return {key: value for key, value in mirror.items() if key[0] in types}


def test_replaying_changes_rebuilds_exactly_the_public_corpus(api_client):
    kel_a, kel_b = kelurahan("36.71.03.1001"), kelurahan("36.71.03.1002")
    a = OfficerFactory(name="Ani", kelurahan=[kel_a])
    b = OfficerFactory(name="Budi", kelurahan=[kel_a])
    c = OfficerFactory(name="Citra", kelurahan=[kel_b])
    mirror, cursor = replay(api_client)
    assert only(mirror, "officer") == listed(api_client) and len(only(mirror, "officer")) == 3

    # Edits, a reassignment, a deactivation (counts as a delete), a reactivation, a deletion,
    # an officer created inactive (never public) and one created then deleted.
    a.rank = Officer.Rank.AIPTU
    a.contact_opt_in = False
    a.save()
    b.kelurahan.add(kel_b)
    c.active = False
    c.save()
    hidden = OfficerFactory(name="Dedi", active=False)
    hidden.name = "Dedi S."
    hidden.save()
    gone = OfficerFactory(name="Eka")
    gone.delete()
    b.delete()
    c.active = True
    c.save()
    OfficerFactory(name="Fajar", kelurahan=[kel_b])

    # A partner that kept syncing from its cursor, and one that replays from the start, agree
    # with the list API.
    mirror, cursor = replay(api_client, mirror, cursor)
    fresh, _ = replay(api_client)
    corpus = listed(api_client)
    assert only(mirror, "officer") == corpus == only(fresh, "officer")
    assert {d["name"] for d in corpus.values()} == {"Ani", "Citra", "Fajar"}
    assert mirror[("officer", str(a.pk))]["phone"] == ""  # current data, not a stale snapshot
    assert not ChangeEvent.objects.filter(type="officer", object_id=str(hidden.pk)).exists()


def test_changes_are_in_order_with_tombstones(api_client):
    officer = OfficerFactory()
    pk = str(officer.pk)
    officer.active = False
    officer.save()
    officer.delete()  # already not public: no second tombstone
    results = api_client.get("/api/v1/changes/").json()["results"]
    mine = [r for r in results if r["object_id"] == pk and r["type"] == "officer"]
    assert [r["action"] for r in mine] == ["create", "delete"]
    assert mine[1]["data"] is None and mine[1]["type"] == "officer"
    ids = [r["id"] for r in results]
    assert ids == sorted(ids)


def test_next_cursor_continues_after_the_last_event(api_client):
    for _ in range(3):
        OfficerFactory()
    first = api_client.get("/api/v1/changes/?limit=2").json()
    assert len(first["results"]) == 2 and first["has_more"]
    rest = api_client.get(f"/api/v1/changes/?since={first['next_since']}").json()
    assert [r["id"] for r in rest["results"]][0] > first["results"][-1]["id"]
    assert not rest["has_more"]
    empty = api_client.get(f"/api/v1/changes/?since={rest['next_since']}").json()
    assert empty == {"results": [], "next_since": rest["next_since"], "has_more": False}


@pytest.mark.parametrize(
    "query",
    [
        "since=abc",
        "since=-1",
        "since=1.5",
        "limit=0",
        "limit=100000",
        "types=nosuch",
        "cursor=x",
    ],
)
def test_malformed_change_queries_are_a_400(api_client, query):
    response = api_client.get(f"/api/v1/changes/?{query}")
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_changes_page_costs_a_constant_number_of_queries(api_client, django_assert_max_num_queries):
    kels = [kelurahan("36.71.03.1001"), kelurahan("36.71.03.1002")]
    for _ in range(20):
        OfficerFactory(kelurahan=kels)
    with django_assert_max_num_queries(6) as small:
        api_client.get("/api/v1/changes/?types=officer&limit=5")
    with django_assert_max_num_queries(6) as large:
        api_client.get("/api/v1/changes/?types=officer&limit=40")
    assert len(small.captured_queries) == len(large.captured_queries)


def test_reconcile_records_what_bulk_updates_bypassed(api_client):
    kept, dropped = OfficerFactory(), OfficerFactory()
    Officer.objects.filter(pk=dropped.pk).update(active=False)  # no signal
    legacy = Officer.objects.bulk_create([Officer(name="Lama", rank="Bripka", unit=kept.unit)])[0]
    assert changes.reconcile() == 2
    assert changes.reconcile() == 0
    mirror, _ = replay(api_client)
    assert only(mirror, "officer") == listed(api_client)
    assert ("officer", str(legacy.pk)) in mirror and ("officer", str(dropped.pk)) not in mirror
    call_command("changes_reconcile", "officer")


def test_registered_types_expose_their_webhook_event_names():
    names = set(changes.event_names())
    for type_name in ("officer", "article", "disclosure", "visit", "topic", "legal_reference"):
        assert {
            f"{type_name}.published",
            f"{type_name}.updated",
            f"{type_name}.unpublished",
        } <= names
