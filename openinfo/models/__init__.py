"""Every model of the `openinfo` app label, re-exported from the sub-domains that own them:
`openinfo.ppid.models` (register, requests, calendar), `openinfo.satbinmas.models` (the Satbinmas
units and their members) and `openinfo.visits.models` (activity reports, signals, statistics)."""

from openinfo.ppid.models.calendar import (  # noqa: F401
    Holiday,
    RegistrationCounter,
    holidays,
    local_today,
)
from openinfo.ppid.models.register import (  # noqa: F401
    Category,
    ExemptionBasis,
    PublicInformation,
    PublicInformationDocument,
)
from openinfo.ppid.models.requests import (  # noqa: F401
    CLOSED_STATUSES,
    OPEN_STATUSES,
    InformationRequest,
    Objection,
    RequestEvent,
    ResponseDocument,
    Status,
)
from openinfo.satbinmas.models import (  # noqa: F401
    FkpmForum,
    SatbinmasUnit,
    SiskamlingPost,
    UnitMembership,
)
from openinfo.visits.models import *  # noqa: F401,F403
from openinfo.visits.models.details import (  # noqa: F401
    DETAILS,
    FkpmMeeting,
    GuidanceSession,
    SatpamSupervision,
    SiskamlingCheck,
)
from openinfo.visits.models.signals import EarlyWarningSignal, SignalStatusChange  # noqa: F401
from openinfo.visits.models.stats import VisitDailyStat, VisitTopicDailyStat  # noqa: F401
