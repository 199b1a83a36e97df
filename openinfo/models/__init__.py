"""Public-information register, information requests, visit reports and their public summaries.

One module per area; each is imported here so Django sees its models.
"""

from openinfo.models.disclosures import (  # noqa: F401
    Category,
    ExemptionBasis,
    PublicInformation,
    PublicInformationDocument,
)
from openinfo.models.requests import (  # noqa: F401
    OPEN_STATUSES,
    Holiday,
    InformationRequest,
    InvalidTransition,
    Objection,
    RegistrationCounter,
    RequestEvent,
    ResponseDocument,
    Status,
    holidays,
)
from openinfo.models.visits import *  # noqa: F401,F403
