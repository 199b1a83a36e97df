"""/lapor/ is reachable where residents look for help: the home page, the finder result (kelurahan
prefilled), every article's "Butuh bantuan?" box and the zero-result search page."""

from home.models import Kelurahan
from tests.counselling.factories import make_article


def test_home_page_links_to_the_form(client, db):
    assert 'href="/lapor/"' in client.get("/").content.decode()


def test_finder_result_links_to_the_form_with_the_kelurahan(client, db):
    kel = Kelurahan.objects.select_related("kecamatan").order_by("code").first()
    html = client.get(
        "/temukan-bhabinkamtibmas/", {"kecamatan": kel.kecamatan.code, "kelurahan": kel.code}
    ).content.decode()
    assert f'href="/lapor/?kelurahan={kel.code}"' in html
    form = client.get(f"/lapor/?kelurahan={kel.code}").content.decode()
    assert f'<option value="{kel.code}" selected>' in form


def test_every_articles_help_box_links_to_the_form(client, db):
    article = make_article(title="Penipuan belanja daring")
    html = client.get(article.url).content.decode()
    help_box = html.split('id="help-title"')[1].split("</section>")[0]
    assert 'href="/lapor/?jenis=pertanyaan' in help_box


def test_zero_result_search_page_links_to_the_form(client, db):
    html = client.get("/cari/", {"q": "zzqxwv kata yang tidak ada"}).content.decode()
    assert 'href="/lapor/?jenis=pertanyaan"' in html
