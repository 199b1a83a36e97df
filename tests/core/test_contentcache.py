"""The versioned content cache: every public change makes the next anonymous read fresh (pages, API,
feeds, sitemap, ETags), and nothing personal is ever served from another visitor's entry."""

import pytest
from django.db import transaction
from django.utils import timezone

from core import contentcache
from core.models import ContentVersion
from counselling.models import Topic
from home.models import PortalSettings
from openinfo.models import PublicInformation
from tests.counselling.factories import counselling_index, make_article
from tests.openinfo.factories import PublicInformationFactory, file_request
from tests.openinfo.visits import conftest as visits
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.django_db
area, people = visits.area, visits.people  # the visit tests' fixtures

ARTICLE_READS = [
    "/panduan/",
    "/panduan/feed/rss/",
    "/panduan/feed/atom/",
    "/sitemap.xml",
    "/api/v1/articles/",
]


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def body(response):
    return response.content.decode()


def shows(client, url, article, title=None):
    """Whether the read lists the article (the sitemap by its slug, the rest by its title)."""
    html = body(read(client, url))
    return article.slug in html if url == "/sitemap.xml" else (title or article.title) in html


@pytest.fixture
def index(db):
    return counselling_index()


@pytest.fixture
def warmed(client, index):
    """An article, and every article read served once (so the next one would be a cache hit)."""
    article = make_article(index, title="Waspada Penipuan Arisan Daring")
    for url in ARTICLE_READS + [article.url, "/"]:
        read(client, url)
    return article


def test_a_second_anonymous_read_is_a_hit_that_touches_no_content_table(
    client, warmed, django_assert_num_queries
):
    for url in ["/panduan/", warmed.url, "/panduan/feed/rss/", "/sitemap.xml"]:
        with django_assert_num_queries(1) as captured:  # the version, nothing else
            response = read(client, url)
        assert response["X-Content-Cache"] == "hit"
        assert "contentversion" in captured.captured_queries[0]["sql"]
    with django_assert_num_queries(1):
        assert read(client, "/api/v1/articles/").json()["results"]


def test_publishing_makes_every_read_fresh(client, warmed, index):
    etags = {url: read(client, url)["ETag"] for url in ARTICLE_READS}
    assert read(client, "/")["X-Content-Cache"] == "hit"
    new = make_article(index, title="Cara Melapor Kehilangan Ponsel")
    assert read(client, "/")["X-Content-Cache"] == "miss"  # the home page is rebuilt too
    for url in ARTICLE_READS:
        assert shows(client, url, new), url
        assert read(client, url)["ETag"] != etags[url]
        assert client.get(url, HTTP_IF_NONE_MATCH=etags[url]).status_code == 200


def test_unpublishing_makes_every_read_fresh(client, warmed):
    warmed.unpublish()
    for url in ARTICLE_READS:
        assert not shows(client, url, warmed), url
    assert client.get(warmed.url).status_code == 404


def test_an_edit_makes_every_read_fresh(client, warmed):
    old_url = warmed.url
    warmed.title = "Waspada Arisan Online Bodong"
    warmed.save_revision().publish()
    for url in [u for u in ARTICLE_READS if u != "/sitemap.xml"] + [old_url]:
        html = body(read(client, url))
        assert (
            "Waspada Arisan Online Bodong" in html and "Waspada Penipuan Arisan Daring" not in html
        ), url


def test_a_draft_is_not_a_change_and_keeps_the_entries(client, warmed):
    warmed.title = "Judul draf yang belum terbit"
    warmed.save_revision()
    response = read(client, "/panduan/")
    assert response["X-Content-Cache"] == "hit" and "Judul draf" not in body(response)


def test_deleting_makes_every_read_fresh(client, warmed):
    url = warmed.url
    warmed.delete()
    for each in ARTICLE_READS:
        assert not shows(client, each, warmed), each
    assert client.get(url).status_code == 404


def test_renaming_a_topic_reaches_the_article_pages_and_api(client, warmed):
    topic = Topic.objects.get(pk=warmed.topics.first().pk)
    topic.name = "Topik Baru Yang Diganti"
    topic.save()
    assert "Topik Baru Yang Diganti" in body(read(client, "/panduan/"))
    assert "Topik Baru Yang Diganti" in body(read(client, "/api/v1/articles/"))


def test_a_settings_change_reaches_every_page(client, warmed):
    assert read(client, "/panduan/")["X-Content-Cache"] == "hit"
    settings = PortalSettings.load()
    settings.contact_phone = "021-55799999"
    settings.save()
    response = read(client, "/panduan/")
    assert response["X-Content-Cache"] == "miss" and "021-55799999" in body(response)


def test_approving_a_visit_summary_makes_activity_pages_and_api_fresh(client, people):
    k1 = people["k1"]
    urls = [
        "/kegiatan/",
        f"/kegiatan/{k1.kecamatan.slug}/",
        f"/kegiatan/{k1.kecamatan.slug}/{k1.slug}/",
        "/api/v1/visits/",
    ]
    etags = {url: read(client, url)["ETag"] for url in urls}
    report = build_report(
        people["officer_a"],
        k1,
        status="submitted",
        summary="Patroli dialogis di taman kota bersama karang taruna.",
    )
    for url in urls:  # submitted is not public yet: still the cached reads
        assert "taman kota bersama karang taruna" not in body(read(client, url))
    report.approve(people["supervisor"])
    for url in urls:
        response = read(client, url)
        assert "taman kota bersama karang taruna" in body(response), url
        assert response["ETag"] != etags[url]


def test_a_register_change_makes_the_register_and_its_api_fresh(client, db):
    item = PublicInformationFactory(title="Jadwal Patroli Ramadan")
    urls = [
        "/informasi-publik/daftar/",
        f"/informasi-publik/daftar/{item.slug}/",
        "/api/v1/disclosures/",
    ]
    for url in urls:
        assert "Jadwal Patroli Ramadan" in body(read(client, url))
    item.title = "Jadwal Patroli Ramadan 1448 H"
    item.save()
    for url in urls:
        assert "Jadwal Patroli Ramadan 1448 H" in body(read(client, url)), url
    PublicInformationFactory(title="Rekap Pengaduan Masyarakat")
    assert "Rekap Pengaduan Masyarakat" in body(read(client, urls[0]))
    PublicInformation.objects.get(pk=item.pk).delete()
    assert "Jadwal Patroli Ramadan" not in body(read(client, urls[0]))
    assert client.get(urls[1]).status_code == 404


def test_a_rolled_back_change_bumps_nothing(db):
    before = contentcache.current(["article", "global"])
    with pytest.raises(RuntimeError), transaction.atomic():
        contentcache.bump("article")
        raise RuntimeError
    assert contentcache.current(["article", "global"]) == before


def test_the_version_moves_in_the_same_transaction_as_the_change(index):
    before = contentcache.current(["article"])["article"][0]
    with transaction.atomic():
        make_article(index)
        assert ContentVersion.objects.get(name="article").value > before


def test_page_etag_answers_304_from_the_version_alone(
    client, warmed, django_assert_num_queries, index
):
    etag = read(client, "/panduan/")["ETag"]
    with django_assert_num_queries(1):
        response = client.get("/panduan/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag
    assert "public" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]
    make_article(index)
    assert client.get("/panduan/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_entries_differ_by_query_and_language(client, warmed):
    id_html = body(read(client, "/panduan/"))
    client.cookies["django_language"] = "en"
    en_html = body(read(client, "/panduan/"))
    assert 'lang="en"' in en_html and 'lang="id"' in id_html
    second_page = read(client, "/panduan/?audiens=umum&halaman=1")
    assert read(client, "/panduan/?halaman=1&audiens=umum")["X-Content-Cache"] == "hit"
    assert second_page["ETag"] != read(client, "/panduan/")["ETag"]


# --- hits answered before the rest of the stack ----------------------------------------------------


def test_api_and_page_hits_carry_the_same_security_headers_as_a_fresh_read(client, warmed):
    for url in ["/api/v1/articles/", "/panduan/", warmed.url]:
        first = client.get(url)  # warmed: served from the entry (or stored now)
        hit = client.get(url)
        assert hit["X-Content-Cache"] == "hit", url
        for header in (
            "Content-Security-Policy",
            "Permissions-Policy",
            "Referrer-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Cross-Origin-Opener-Policy",
            "ETag",
            "Cache-Control",
            "Content-Type",
            "Content-Language",
        ):
            assert hit.get(header) == first.get(header) and hit.get(header), (url, header)
        assert "cookie" in hit["Vary"].lower(), url
        assert hit.content == first.content
    assert "accept-language" in client.get("/api/v1/articles/")["Vary"].lower()


def test_an_api_hit_skips_the_view_but_still_counts_against_the_rate_limit(
    client, warmed, throttle_rates
):
    from django.core.cache import caches

    from core.reads import PartnerReadMixin

    assert read(client, "/api/v1/regions/")  # stored
    with pytest.MonkeyPatch.context() as patch:
        built = []
        patch.setattr(PartnerReadMixin, "_read", lambda self, *a: built.append(self))
        throttle_rates(anon_read="3/min")
        caches["default"].clear()  # the throttle histories: the reads above counted too
        codes = [client.get("/api/v1/regions/").status_code for _ in range(3)]
        assert built == []  # answered from the entry, before the view
    assert codes == [200, 200, 200]
    limited = client.get("/api/v1/regions/")
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0


def test_an_api_304_is_answered_from_the_entry_and_a_change_elsewhere_keeps_it(
    client, warmed, index, django_assert_num_queries
):
    regions = read(client, "/api/v1/regions/")
    articles = read(client, "/api/v1/articles/")
    with django_assert_num_queries(1):  # `global` (process-local cache): no content table
        not_modified = client.get("/api/v1/regions/", HTTP_IF_NONE_MATCH=regions["ETag"])
    assert not_modified.status_code == 304 and not_modified["ETag"] == regions["ETag"]
    assert "Last-Modified" in not_modified and "public" in not_modified["Cache-Control"]
    make_article(index, title="Modus Baru Penipuan Kurir")
    # An article changed, not a region: the regions entry and its ETag stay valid (exact), the
    # articles' do not.
    again = read(client, "/api/v1/regions/")
    assert again["X-Content-Cache"] == "hit" and again["ETag"] == regions["ETag"]
    assert client.get("/api/v1/regions/", HTTP_IF_NONE_MATCH=regions["ETag"]).status_code == 304
    fresh = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=articles["ETag"])
    assert fresh.status_code == 200 and "Modus Baru Penipuan Kurir" in body(fresh)


def test_a_partner_key_read_and_an_anonymous_read_share_the_entry_safely(client, warmed):
    from tests.partners.factories import ApiKeyFactory, auth

    key = ApiKeyFactory()
    assert client.get("/api/v1/articles/?limit=5", **auth(key)).status_code == 200  # stored
    partner = client.get("/api/v1/articles/?limit=5", **auth(key))
    assert partner.status_code == 200 and "X-Content-Cache" not in partner
    # The partner's entry lacks the headers of the middleware below the cache: an anonymous read
    # takes the whole stack once (completing the entry), then hits with every header.
    anonymous = client.get("/api/v1/articles/?limit=5")
    assert "X-Content-Cache" not in anonymous
    assert client.get("/api/v1/articles/?limit=5")["X-Content-Cache"] == "hit"
    assert anonymous.content == partner.content
    assert anonymous["Permissions-Policy"] and anonymous["X-Frame-Options"]


# --- nothing personal from a shared entry ---------------------------------------------------------


def test_a_logged_in_editor_never_gets_or_leaves_an_entry(client, warmed, admin_user):
    read(client, "/panduan/")
    from django.test import Client

    editor = Client()
    editor.force_login(admin_user)
    response = read(editor, "/panduan/")
    assert "X-Content-Cache" not in response
    assert "wagtail-userbar" in body(response) or "userbar" in body(response)
    anonymous = read(client, warmed.url)
    assert "userbar" not in body(anonymous)


def test_pages_with_a_csrf_form_are_never_stored(client, db):
    from django.test import Client

    first = Client().get("/informasi-publik/permohonan/")
    second = Client().get("/informasi-publik/permohonan/")
    assert first.status_code == second.status_code == 200
    assert "X-Content-Cache" not in first and "X-Content-Cache" not in second
    token = first.cookies["csrftoken"].value
    assert token not in body(second)


def test_an_opted_in_page_that_renders_a_csrf_token_is_never_stored(rf, db):
    """Behind the real CSRF middleware, a cacheable view whose page holds a token is not stored:
    each visitor gets a page with their own token."""
    from django.http import HttpResponse as Page
    from django.middleware.csrf import CsrfViewMiddleware, get_token

    def view(request):
        request.content_cache_page = True
        return Page(f"<form>{get_token(request)}</form>")

    stack = contentcache.PublicPageCacheMiddleware(CsrfViewMiddleware(view))
    first, second = stack(rf.get("/formulir/")), stack(rf.get("/formulir/"))
    assert "X-Content-Cache" not in first and "X-Content-Cache" not in second
    assert first.content != second.content

    def plain(
        request,
    ):  # the same stack without a token: stored, so the check above means something
        request.content_cache_page = True
        return Page("<p>Tanpa formulir</p>")

    stack = contentcache.PublicPageCacheMiddleware(CsrfViewMiddleware(plain))
    assert stack(rf.get("/polos/"))["X-Content-Cache"] == "miss"
    assert stack(rf.get("/polos/"))["X-Content-Cache"] == "hit"


def test_a_tracking_result_is_never_served_to_someone_else(client, db):
    from django.test import Client

    request, secret = file_request()
    owner = Client()
    owner.post("/informasi-publik/lacak/", {"code": request.tracking_code, "secret": secret})
    url = f"/informasi-publik/lacak/{request.tracking_code}/"
    for _ in range(2):
        response = owner.get(url)
        assert response.status_code == 200 and request.registration_number in body(response)
        assert "X-Content-Cache" not in response
    stranger = Client().get(url)
    assert stranger.status_code == 302 and request.registration_number not in body(stranger)


def test_pages_behind_a_view_restriction_are_never_stored(client, index):
    private = make_article(index, title="Artikel Rahasia Internal", private=True)
    for _ in range(2):
        response = client.get(private.url)
        assert "Artikel Rahasia Internal" not in body(response)
        assert "X-Content-Cache" not in response


def test_a_session_user_api_read_is_not_served_from_the_shared_entry(
    client, api_client, warmed, admin_user
):
    api_client.get("/api/v1/articles/")
    api_client.force_login(admin_user)
    with pytest.MonkeyPatch.context() as patch:
        calls = []
        patch.setattr(contentcache, "get_entry", lambda key: calls.append(key))
        assert api_client.get("/api/v1/articles/").status_code == 200
    assert calls == []


def test_cache_disabled_still_answers_304s_and_serves_fresh(client, warmed, settings, index):
    settings.CONTENT_CACHE_ENABLED = False
    response = read(client, "/api/v1/articles/")
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert "X-Content-Cache" not in read(client, "/panduan/")


# --- the shared cache: Redis --------------------------------------------------------------------


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_versions_are_mirrored_to_redis_after_commit(settings):
    from tests.conftest import redis_answers

    if not redis_answers():
        pytest.fail("Redis at 127.0.0.1:6379 is not answering")
    settings.CACHES = {
        **settings.CACHES,
        "content": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": f"t17-{timezone.now().timestamp()}",
        },
    }
    from django.core.cache import caches

    caches["content"].clear()
    assert contentcache.shared()
    first = contentcache.current(["article"])["article"][0]
    with transaction.atomic():
        contentcache.bump("article")
        # Not committed: the cache still has the old number, so nobody caches the old content
        # under the new one.
        assert caches["content"].get("cv:article")[0] == first
    assert caches["content"].get("cv:article")[0] == first + 1
    assert contentcache.current(["article"])["article"][0] == first + 1
    caches["content"].clear()
