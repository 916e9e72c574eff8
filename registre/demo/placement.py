"""Putting catalogue activities into the demo registers, through the normal services."""
import copy
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from registre.activities.services import create_activity
from registre.dates import local_date
from registre.demo.fields import NATIONAL_CONTROLLER
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict, changed_fields
from registre.history.services import latest_revision, record_revision
from registre.models import (
    Activity,
    ActivityTemplate,
    Organisation,
    OrganisationKind,
    Status,
    User,
)

AGES = {OrganisationKind.ECOLE: (3, 11), OrganisationKind.COLLEGE: (11, 16),
        OrganisationKind.LYCEE: (15, 19)}
# Online services for pupils, on which the conseil d'administration gives its opinion.
NEEDS_CA_OPINION = {"pronote", "ent", "application_pedagogique", "restauration",
                    "videoprotection"}


@dataclass(frozen=True)
class DemoClock:
    """The dates of the demo, relative to the day it is loaded."""

    now: datetime

    @property
    def today(self) -> date:
        return local_date(self.now)

    @property
    def school_year_start(self) -> date:
        year = self.today.year if self.today.month >= 9 else self.today.year - 1
        return date(year, 9, 1)

    @property
    def school_year(self) -> str:
        return f"{self.school_year_start.year}-{self.school_year_start.year + 1}"

    @property
    def last_review(self) -> date:
        return self.today - timedelta(days=60)


def local_payload(payload: dict, organisation: Organisation, key: str,
                  clock: DemoClock, controller_address: str = "") -> dict:
    """Adapt a template payload to one organisation: ages, dates, controller address."""
    result = copy.deepcopy(payload)
    if result["concerns_minors"] and organisation.kind in AGES:
        result["min_age"], result["max_age"] = AGES[organisation.kind]
    result["last_reviewed_on"] = clock.last_review.isoformat()
    result["next_review_on"] = (clock.last_review + timedelta(days=365)).isoformat()
    if result["informed"] == "oui":
        result["information_date"] = clock.school_year_start.isoformat()
    if organisation.is_eple and key in NEEDS_CA_OPINION:
        result["governance_opinion_date"] = date(clock.school_year_start.year - 1, 11, 20
                                                 ).isoformat()
    if organisation.is_ecole and key == "droit_image":
        # The conseil d'école is informed of online publication (D.411-2).
        result["governance_opinion_date"] = date(clock.school_year_start.year, 10, 10
                                                 ).isoformat()
    if result["dpia_status"] == "a_realiser" and key in {"pronote", "videoprotection"}:
        result["dpia_status"] = "realisee"
        result["dpia_date"] = date(clock.school_year_start.year - 1, 6, 15).isoformat()
    if result["scope"] == "national":
        # The controller is a system field, so templates leave it out: set it here.
        result["controller"] = dict(NATIONAL_CONTROLLER)
    elif controller_address:
        result["controller"] = {
            "title": organisation.controller_title, "name": organisation.controller_name,
            "address": controller_address, "email": organisation.controller_email,
            "phone": organisation.controller_phone,
        }
    return result


def create_draft(organisation: Organisation, payload: dict, author: User | None,
                 template: ActivityTemplate | None = None) -> Activity:
    """Create a draft with its first revision, linked to the template it comes from."""
    activity = create_activity(organisation, payload, author)
    if template is not None:
        # create_activity takes no template: the link belongs to the creation revision.
        activity.template_id = template.id
        db.session.flush()
        revision = latest_revision(activity.id)
        revision.snapshot = activity_to_dict(activity)
        revision.changed_fields = changed_fields(None, revision.snapshot)
        db.session.flush()
    return activity


def submit(activity: Activity, author: User | None) -> None:
    """Send a draft for validation (one revision)."""
    activity.status = Status.A_VALIDER
    record_revision(activity, author, action="soumission")


def validate(activity: Activity, validator: User | None, when: datetime) -> None:
    """Put an activity in service (one revision)."""
    activity.status = Status.EN_SERVICE
    activity.validated_by = validator
    activity.validated_at = when
    record_revision(activity, validator, action="validation")


def end(activity: Activity, author: User | None, on: date, comment: str) -> None:
    """End an in-service activity; it stays in the register (one revision)."""
    activity.status = Status.TERMINE
    activity.ended_on = on
    record_revision(activity, author, action="fin", comment=comment)
