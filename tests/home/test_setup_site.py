"""`manage.py setup_site` (issue 18): on an empty database it gives a working site without demo
content, and a second run changes nothing."""

from io import StringIO

from django.core.management import call_command
from wagtail.models import Page, Site, Workflow

from counselling.models import CounsellingArticlePage, CounsellingIndexPage
from home.models import HomePage, Officer
from openinfo.models import InformationRequest, PublicInformation, VisitReport


def empty_the_site():
    for page in Page.get_first_root_node().get_children():
        page.delete()
    Site.objects.all().delete()
    Workflow.objects.all().delete()


def test_setup_site_on_an_empty_database_gives_a_working_site(db, client):
    empty_the_site()
    assert client.get("/").status_code == 404

    call_command("setup_site", stdout=StringIO())
    pages = Page.objects.count()
    call_command("setup_site", stdout=StringIO())  # idempotent
    assert Page.objects.count() == pages

    assert HomePage.objects.count() == 1 and CounsellingIndexPage.objects.count() == 1
    index = CounsellingIndexPage.objects.get()
    assert index.get_workflow() is not None
    for url in ("/", index.url, "/informasi-publik/", "/informasi-publik/permohonan/", "/cari/"):
        assert client.get(url).status_code == 200, url
    assert index.url == "/panduan/"
    # No demo content.
    assert not CounsellingArticlePage.objects.exists()
    assert not Officer.objects.exists()
    assert not PublicInformation.objects.exists()
    assert not InformationRequest.objects.exists()
    assert not VisitReport.objects.exists()
