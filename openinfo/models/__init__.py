"""Public-information register, information requests and objections (PPID); visit reports later."""

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
