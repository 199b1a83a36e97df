"""API of this app; mounted on the shared /api/v1/ router."""

from openinfo import disclosures_api


def register(router):
    """Mount this app's viewsets on the shared router."""
    disclosures_api.register(router)
