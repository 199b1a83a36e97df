"""Admin wiring of this app (one module per area)."""

import openinfo.visits.wagtail_hooks  # noqa: F401
