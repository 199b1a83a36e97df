import pytest
from django.conf import settings


@pytest.mark.django_db
def test_sitemap_names_the_public_host_from_base_url(client):
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{settings.BASE_URL.rstrip('/')}/" in body
    assert "http://localhost/" not in body
