"""The security suite reuses the visit fixtures (officers of two units, supervisors, leadership)."""

from tests.openinfo.visits.conftest import area, people  # noqa: F401
