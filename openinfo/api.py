"""API of this app; mounted on the shared /api/v1/ router."""


def register(router):
    """Mount this app's viewsets on the shared router."""
