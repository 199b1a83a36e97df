from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.counselling.factories import reference


def test_unverified_references_are_flagged_in_the_admin_listing_and_chooser(client, db):
    reference("UU 1/2023 tentang KUHP Pasal 476", verified=True)
    reference("UU 1/2023 tentang KUHP Pasal 479", verified=False)
    admin = get_user_model().objects.create_superuser("redaksi", "r@example.id", "rahasia-123")
    client.force_login(admin)
    listing = client.get(
        reverse("wagtailsnippets_counselling_legalreference:list")
    ).content.decode()
    assert listing.count("BELUM DIVERIFIKASI") == 1 and "Pasal 479" in listing
    chooser = client.get(
        reverse("wagtailsnippetchoosers_counselling_legalreference:choose")
    ).json()["html"]
    assert "Pasal 479 [belum diverifikasi]" in chooser
    assert "Pasal 476 [belum diverifikasi]" not in chooser
