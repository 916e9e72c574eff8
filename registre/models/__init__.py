"""Every model, imported once so that SQLAlchemy and Alembic see the whole schema."""
from registre.models.activity import (  # noqa: F401
    RIGHTS,
    Activity,
    ActivityDataCategory,
    ActivityLegalBasis,
    ActivityRecipient,
    ActivitySecurityMeasure,
    ActivitySubjectCategory,
    ActivityTransfer,
    JointController,
)
from registre.models.audit import AuditAction, AuditEvent, AuditOutcome  # noqa: F401
from registre.models.breach import (  # noqa: F401
    Breach,
    BreachNature,
    BreachOrigin,
    BreachRevision,
    BreachRisk,
    Notification,
    RecordStatus,
)
from registre.models.catalogue import ActivityTemplate, Processor  # noqa: F401
from registre.models.compliance import ActivityCompliance, StoredFinding  # noqa: F401
from registre.models.job import Job, JobKind, JobStatus  # noqa: F401
from registre.models.organisation import (  # noqa: F401
    EPLE_KINDS,
    Academie,
    ControllerRole,
    Organisation,
    OrganisationChange,
    OrganisationKind,
    Sector,
    controller_role,
)
from registre.models.pending import PendingState, PendingVersion  # noqa: F401
from registre.models.reminder import SentReminder  # noqa: F401
from registre.models.revision import Revision  # noqa: F401
from registre.models.rights_request import (  # noqa: F401
    RequestChannel,
    RequesterKind,
    RequestKind,
    RequestOutcome,
    RightsRequest,
    RightsRequestRevision,
)
from registre.models.submission import FormSubmission  # noqa: F401
from registre.models.user import ApiToken, PasswordReset, Role, User, UserSession  # noqa: F401
from registre.models.vocabularies import *  # noqa: F403
