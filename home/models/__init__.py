"""Models of `home`: regions, police units and officers (`regions`), the site root, settings and
the officer finder (`pages`)."""

from home.models.pages import (  # noqa: F401
    EmergencyNumberBlock,
    HomePage,
    LinkBlock,
    OfficerFinderPage,
    PortalSettings,
)
from home.models.regions import (  # noqa: F401
    Kecamatan,
    Kelurahan,
    Officer,
    OfficerQuerySet,
    PoliceUnit,
    unique_slug,
)
