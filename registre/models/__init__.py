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
from registre.models.catalogue import ActivityTemplate, Processor  # noqa: F401
from registre.models.compliance import ActivityCompliance, StoredFinding  # noqa: F401
from registre.models.job import Job, JobKind, JobStatus  # noqa: F401
from registre.models.organisation import (  # noqa: F401
    EPLE_KINDS,
    Academie,
    Organisation,
    OrganisationKind,
    Sector,
)
from registre.models.revision import Revision  # noqa: F401
from registre.models.submission import FormSubmission  # noqa: F401
from registre.models.user import ApiToken, Role, User  # noqa: F401
from registre.models.vocabularies import *  # noqa: F403
