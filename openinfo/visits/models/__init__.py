"""Models of the officers' visit reports: reports, signals, daily statistics. Re-exported by
`openinfo.models` (the app label is `openinfo`)."""

from openinfo.visits.models.details import (  # noqa: F401
    DETAILS,
    FkpmMeeting,
    GuidanceSession,
    SatpamSupervision,
    SiskamlingCheck,
)
from openinfo.visits.models.reports import *  # noqa: F401,F403
from openinfo.visits.models.reports import _photo_path  # noqa: F401  (migration 0003)
from openinfo.visits.models.signals import EarlyWarningSignal, SignalStatusChange  # noqa: F401
from openinfo.visits.models.stats import VisitDailyStat, VisitTopicDailyStat  # noqa: F401
