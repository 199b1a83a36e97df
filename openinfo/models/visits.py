"""Import path kept for migration 0003 (`openinfo.models.visits._photo_path`)."""

from openinfo.visits.models.reports import _photo_path  # noqa: F401
