"""Reading and saving activities (services never commit: the view or command does)."""
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from registre.extensions import db
from registre.fiche.serialization import apply_activity_data
from registre.history.services import record_revision
from registre.models import Activity, FormSubmission, Organisation, Status, User


def list_activities(organisation: Organisation, status: str | None = None) -> list[Activity]:
    """Return the organisation's activities by reference (rows loaded in a bounded query count)."""
    query = sa.select(Activity).where(Activity.organisation_id == organisation.id)
    if status:
        query = query.where(Activity.status == status)
    return list(db.session.scalars(query.order_by(Activity.reference, Activity.id)))


def next_reference(organisation: Organisation) -> str:
    """Return the next free ``T-001`` style reference of the organisation."""
    references = db.session.scalars(
        sa.select(Activity.reference).where(Activity.organisation_id == organisation.id,
                                            Activity.reference.like("T-%"))
    ).all()
    numbers = [int(ref[2:]) for ref in references if ref[2:].isdigit()]
    return f"T-{max(numbers, default=0) + 1:03d}"


def create_activity(organisation: Organisation, data: dict, author: User | None,
                    status: Status = Status.BROUILLON,
                    template_id: int | None = None) -> Activity:
    """Create an activity from validated data, with the organisation's controller by default."""
    activity = Activity(organisation=organisation, organisation_id=organisation.id,
                        status=status, template_id=template_id)
    activity.controller_title = organisation.controller_title
    activity.controller_name = organisation.controller_name
    activity.controller_address = " ".join(
        part for part in (organisation.address, organisation.postal_code, organisation.commune)
        if part)
    activity.controller_email = organisation.controller_email
    activity.controller_phone = organisation.controller_phone
    apply_activity_data(activity, data)
    if not (activity.reference or "").strip():
        activity.reference = next_reference(organisation)
    db.session.add(activity)
    record_revision(activity, author, action="creation")
    return activity


class VersionConflict(Exception):
    """The activity was saved by someone else since the form was opened."""


def update_activity(activity: Activity, data: dict, author: User | None,
                    expected_version: int, action: str = "modification",
                    comment: str = "") -> None:
    """Save validated data on top of ``expected_version`` or raise :class:`VersionConflict`.

    The version check is repeated by the database: the UPDATE carries
    ``WHERE version = :expected`` (``version_id_col``), so of two simultaneous saves of the
    same version exactly one succeeds. After a conflict the caller must roll back.
    """
    if activity.version != expected_version:
        raise VersionConflict()
    previous_reference = activity.reference
    try:
        with db.session.no_autoflush:
            apply_activity_data(activity, data)
            if not (activity.reference or "").strip():
                # An emptied reference keeps the fiche's number rather than taking a new one.
                activity.reference = previous_reference or next_reference(activity.organisation)
        record_revision(activity, author, action=action, comment=comment)
    except StaleDataError as error:
        raise VersionConflict() from error


def find_submission(key: str | None) -> FormSubmission | None:
    """Return the earlier save of a creation form with this one-time key, if any."""
    if not key:
        return None
    return db.session.scalars(sa.select(FormSubmission).where(FormSubmission.key == key)).first()


def create_activity_once(organisation: Organisation, data: dict, author: User,
                         key: str | None) -> Activity:
    """Create an activity and remember the form's one-time key (unique in the database)."""
    activity = create_activity(organisation, data, author)
    if key:
        db.session.add(FormSubmission(key=key, user_id=author.id, activity_id=activity.id))
        db.session.flush()
    return activity
