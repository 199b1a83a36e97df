import json

import pytest

from tests.factories import OfficerFactory, kelurahan

KARAWACI_BARU = "36.71.07.1001"


@pytest.fixture
def officers(db):
    kel = kelurahan("36.71.03.1002")
    shy = OfficerFactory(
        name="Bripka Tertutup",
        nrp="87654321",
        phone="081299990001",
        whatsapp="081399990001",
        contact_opt_in=False,
        kelurahan=[kel],
    )
    open_ = OfficerFactory(
        name="Aiptu Terbuka",
        nrp="76543210",
        phone="081288880002",
        whatsapp="081388880002",
        contact_opt_in=True,
        kelurahan=[kel],
    )
    return kel, shy, open_


def finder_url(kel):
    return f"/temukan-bhabinkamtibmas/?kecamatan={kel.kecamatan.code}&kelurahan={kel.code}"


def test_finder_page_shows_officers_of_the_chosen_kelurahan_and_the_covering_polsek(
    client, officers
):
    kel, shy, open_ = officers
    html = client.get(finder_url(kel)).content.decode()
    assert "Bripka Tertutup" in html and "Aiptu Terbuka" in html
    assert "Polsek Batuceper" in html
    # The Polsek has no contact data in the reference data, so the Polres contact follows it
    # (tests/home/test_public_contact.py pins both cases).


def test_finder_falls_back_to_the_polres_where_no_polsek_covers(client, db):
    # No Polsek in the reference data covers Larangan (36.71.13).
    html = client.get("/temukan-bhabinkamtibmas/?kelurahan=36.71.13.1001").content.decode()
    assert (
        "Polres Metro Tangerang Kota"
        in html.split('<section class="finder-result"')[1].split("site-footer")[0]
    )


def test_officer_without_opt_in_shows_no_phone_and_nrp_never_appears(client, api_client, officers):
    kel, shy, open_ = officers
    html = client.get(finder_url(kel)).content.decode()
    body = api_client.get(f"/api/v1/officers/?kelurahan={kel.code}").content.decode()
    for output in (html, body):
        assert "081299990001" not in output and "081399990001" not in output
        assert "87654321" not in output and "76543210" not in output
        assert "nrp" not in output.lower()
    assert "081288880002" in html and "081288880002" in body


def test_officers_api_filters_by_kelurahan_code(api_client, officers):
    kel, shy, open_ = officers
    data = api_client.get(f"/api/v1/officers/?kelurahan={kel.code}").json()
    names = {o["name"] for o in data["results"]}
    assert names == {"Bripka Tertutup", "Aiptu Terbuka"}
    shy_json = next(o for o in data["results"] if o["name"] == "Bripka Tertutup")
    assert shy_json["phone"] == "" and shy_json["whatsapp"] == ""
    assert shy_json["kelurahan"][0]["code"] == kel.code


@pytest.mark.parametrize("lang,text", [("id", "Kode tidak dikenal"), ("en", "Unknown code")])
def test_unknown_kelurahan_code_is_a_400_with_the_error_shape(api_client, db, lang, text):
    response = api_client.get("/api/v1/officers/?kelurahan=99.99", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert text in error["fields"]["kelurahan"][0]


def test_unknown_kelurahan_on_the_page_shows_a_friendly_message(client, db):
    response = client.get("/temukan-bhabinkamtibmas/?kelurahan=99.99")
    assert response.status_code == 200
    assert "Kami tidak menemukan kelurahan tersebut" in response.content.decode()


def test_kelurahan_from_another_kecamatan_is_refused_on_the_page(client, db):
    response = client.get(f"/temukan-bhabinkamtibmas/?kecamatan=36.71.01&kelurahan={KARAWACI_BARU}")
    assert "Kami tidak menemukan kelurahan tersebut" in response.content.decode()


def test_regions_api_lists_13_kecamatan_with_their_kelurahan(api_client, db):
    data = api_client.get("/api/v1/regions/").json()
    assert len(data) == 13
    assert sum(len(k["kelurahan"]) for k in data) == 104
    batuceper = next(k for k in data if k["code"] == "36.71.03")
    assert batuceper["police_units"][0]["name"] == "Polsek Batuceper"
    json.dumps(data)


def test_officer_list_runs_a_constant_number_of_queries(
    api_client, db, django_assert_max_num_queries, settings
):
    settings.CONTENT_CACHE_ENABLED = False  # the uncached read path (the cache has its own tests)
    kels = [kelurahan(code) for code in ("36.71.03.1001", "36.71.03.1002", "36.71.03.1003")]
    for i in range(30):
        OfficerFactory(kelurahan=kels[: 1 + i % 3])
    api_client.get("/api/v1/officers/?limit=5")
    with django_assert_max_num_queries(6) as small:
        api_client.get("/api/v1/officers/?limit=5")
    with django_assert_max_num_queries(6) as large:
        api_client.get("/api/v1/officers/?limit=30")
    assert len(small.captured_queries) == len(large.captured_queries)


def test_pages_are_indonesian_by_default_and_english_on_request(client, db):
    page = client.get("/temukan-bhabinkamtibmas/", HTTP_ACCEPT_LANGUAGE="en")
    assert (
        'lang="id"' in page.content.decode() and "Tampilkan petugas saya" in page.content.decode()
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/temukan-bhabinkamtibmas/"})
    english = client.get("/temukan-bhabinkamtibmas/").content.decode()
    assert 'lang="en"' in english and "Show my officer" in english


def test_finder_page_runs_a_constant_number_of_queries(client, db, django_assert_max_num_queries):
    kel = kelurahan("36.71.03.1002")
    url = finder_url(kel)
    from wagtail_factories import ImageFactory

    OfficerFactory(kelurahan=[kel], photo=ImageFactory())
    client.get(url)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for _ in range(5):
        OfficerFactory(kelurahan=[kel], photo=ImageFactory())
    client.get(url)  # renditions are generated on first view
    with django_assert_max_num_queries(40) as six:
        client.get(url)
    assert len(one.captured_queries) == len(six.captured_queries)
