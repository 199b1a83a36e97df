from tests.openinfo.visits.conftest import area, people  # noqa: F401  (the same cast of officers)
