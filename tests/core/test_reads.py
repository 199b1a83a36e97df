from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from home.models import Officer, PoliceUnit
from tests.factories import OfficerFactory, kelurahan

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(db):
    kel = kelurahan("36.71.03.1002")
    return [OfficerFactory(name=f"Petugas {c}", kelurahan=[kel]) for c in "ABC"]


def test_fields_selects_the_fields_returned(api_client, officers):
    data = api_client.get("/api/v1/officers/?fields=id,name").json()
    assert data["results"] and all(set(o) == {"id", "name"} for o in data["results"])
    one = api_client.get(f"/api/v1/officers/{officers[0].pk}/?fields=rank").json()
    assert one == {"rank": officers[0].rank}


@pytest.mark.parametrize(
    "query,param",
    [
        ("fields=id,nrp", "fields"),
        ("fields=", "fields"),
        ("colour=red", "colour"),
        ("ordering=nrp", "ordering"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2026-13-45", "updated_since"),
        ("updated_since=2026-02-30T10:00:00", "updated_since"),
    ],
)
def test_bad_read_parameters_are_a_400_with_the_error_shape(api_client, officers, query, param):
    response = api_client.get(f"/api/v1/officers/?{query}")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and param in error["fields"]


def test_explicit_ordering_can_be_chosen_and_reversed(api_client, officers):
    names = [
        o["name"] for o in api_client.get("/api/v1/officers/?ordering=-name").json()["results"]
    ]
    assert names == sorted(names, reverse=True)


def test_updated_since_returns_only_recent_changes(api_client, officers):
    old = timezone.now() - timedelta(days=3)
    Officer.objects.filter(pk__in=[o.pk for o in officers[:2]]).update(updated_at=old)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    data = api_client.get("/api/v1/officers/", {"updated_since": since}).json()
    assert [o["id"] for o in data["results"]] == [officers[2].pk]
    by_date = api_client.get("/api/v1/officers/?updated_since=2000-01-01").json()
    assert len(by_date["results"]) == 3


def test_list_answers_304_to_a_matching_etag_and_changes_it_after_an_edit(api_client, officers):
    first = api_client.get("/api/v1/officers/")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    assert "max-age" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = api_client.get("/api/v1/officers/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    officers[0].rank = Officer.Rank.AIPTU
    officers[0].save()
    changed = api_client.get("/api/v1/officers/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_etag_differs_per_query_and_per_language(api_client, officers):
    a = api_client.get("/api/v1/officers/?fields=id")["ETag"]
    b = api_client.get("/api/v1/officers/?fields=name")["ETag"]
    c = api_client.get("/api/v1/officers/?fields=id", HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    assert len({a, b, c}) == 3


def test_if_modified_since_answers_304_until_something_changes(api_client, officers):
    first = api_client.get("/api/v1/officers/")
    last_modified = first["Last-Modified"]
    assert (
        api_client.get("/api/v1/officers/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    )
    earlier = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert api_client.get("/api/v1/officers/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_change_to_a_related_unit_changes_the_officer_list_etag(api_client, officers):
    etag = api_client.get("/api/v1/officers/")["ETag"]
    unit = PoliceUnit.objects.get(pk=officers[0].unit_id)
    unit.phone = "021-5520000"
    unit.save()
    assert api_client.get("/api/v1/officers/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_reassigning_kelurahan_changes_the_etag(api_client, officers):
    etag = api_client.get("/api/v1/officers/")["ETag"]
    officers[0].kelurahan.add(kelurahan("36.71.03.1001"))
    assert api_client.get("/api/v1/officers/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_deactivating_an_officer_changes_the_etag(api_client, officers):
    etag = api_client.get("/api/v1/officers/")["ETag"]
    officers[1].active = False
    officers[1].save()
    assert api_client.get("/api/v1/officers/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_304_path_is_one_query_and_serializes_nothing(
    api_client, officers, django_assert_num_queries
):
    etag = api_client.get("/api/v1/officers/")["ETag"]
    with django_assert_num_queries(1):
        assert api_client.get("/api/v1/officers/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_detail_has_its_own_validators(api_client, officers):
    """Validators follow the content versions of what the detail shows (core/contentcache.py): a
    change elsewhere keeps the 304; a change of its type (any officer) gives a fresh 200 — the
    version is per type, not per object."""
    from counselling.models import Topic

    url = f"/api/v1/officers/{officers[0].pk}/"
    first = api_client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert first["ETag"] != api_client.get(f"/api/v1/officers/{officers[1].pk}/")["ETag"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    topic = Topic.objects.first()
    topic.name += " (diubah)"
    topic.save()  # articles show topics, officers do not
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    officers[1].save()
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/regions/", "/api/v1/police-units/", "/api/v1/regions/36.71.03/"]
)
def test_reference_endpoints_answer_conditional_requests(api_client, url):
    first = api_client.get(url)
    assert first.status_code == 200 and first["Last-Modified"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_regions_accept_fields(api_client):
    data = api_client.get("/api/v1/regions/?fields=code,name").json()
    assert len(data) == 13 and set(data[0]) == {"code", "name"}


def test_a_filter_value_no_row_can_match_is_an_empty_list_with_validators(api_client):
    # A year outside the column's range makes Django's SQL compiler give up (EmptyResultSet); the
    # validator query must not turn that into a 500 (found by schemathesis).
    response = api_client.get("/api/v1/disclosures/?year=-146803")
    assert response.status_code == 200 and response.json()["results"] == []
    assert response["ETag"]
    assert (
        api_client.get(
            "/api/v1/disclosures/?year=-146803", HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )


@pytest.mark.django_db
def test_wagtail_api_v2_serves_pages_but_lists_no_documents(client):
    # Wagtail's documents endpoint would list documents of draft register items.
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/api/v2/documents/").status_code == 404


@pytest.mark.django_db
def test_wagtail_api_v2_lists_only_images_that_live_public_pages_use(client):
    from tests.counselling.factories import counselling_index, make_article

    index = counselling_index()
    live = make_article(index, image=True)
    draft = make_article(index, image=True, publish=False)
    unpublished = make_article(index, image=True)
    unpublished.unpublish()

    listed = {item["id"] for item in client.get("/api/v2/images/?limit=100").json()["items"]}
    assert live.hero_image_id in listed
    assert draft.hero_image_id not in listed and unpublished.hero_image_id not in listed
    assert client.get(f"/api/v2/images/{live.hero_image_id}/").status_code == 200
    assert client.get(f"/api/v2/images/{draft.hero_image_id}/").status_code == 404


@pytest.mark.parametrize("query", ["limit=101", "limit=abc", "limit=0", "cursor=bz1hYmM="])
def test_bad_paging_is_a_400_even_when_a_precondition_matches(api_client, officers, query):
    # `If-None-Match: *` matches any current list; without validating first it answered 304.
    response = api_client.get(f"/api/v1/officers/?{query}", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400, response.content
    param = query.split("=")[0]
    assert param in response.json()["error"]["fields"]
