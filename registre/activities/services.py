"""Reading and saving activities (services never commit: the view or command does)."""
import sqlalchemy as sa

from registre.extensions import db
from registre.history.services import record_revision
from registre.models import Activity, Organisation, Status, User
from registre.activities.serialization import apply_activity_data


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
