"""Reading and saving rights requests (services never commit: the view or command does)."""
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from registre.extensions import db
from registre.fiche.serialization import column_value
from registre.history.services import save_record_revision
from registre.models import (
    Activity,
    Organisation,
    RecordStatus,
    RequestChannel,
    RightsRequest,
    RightsRequestRevision,
    User,
)
from registre.requests.deadlines import DUE_SOON_DAYS, answer_due_on
from registre.requests.serialization import DECISION_FIELDS, FACT_FIELDS, request_to_dict

# Letters and digits that cannot be mistaken for one another when read over the phone.
_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class RequestError(ValueError):
    """A refused change; the message is French and shown to the user."""


class VersionConflict(Exception):
    """The request was saved by someone else since the form was opened."""


def list_requests(organisation_ids: list[int]) -> list[RightsRequest]:
    """The requests of these organisations, open ones first, by deadline."""
    deadline = sa.func.coalesce(RightsRequest.extended_until, RightsRequest.due_on)
    return list(db.session.scalars(
        sa.select(RightsRequest).where(RightsRequest.organisation_id.in_(organisation_ids))
        .order_by(RightsRequest.status.desc(), deadline, RightsRequest.id)))


def requests_to_watch(organisation_ids: list[int] | None, today: date) -> list[RightsRequest]:
    """Open requests without an answer, late or due within a week, by deadline (of these
    organisations, or of all when ``organisation_ids`` is None)."""
    deadline = sa.func.coalesce(RightsRequest.extended_until, RightsRequest.due_on)
    query = sa.select(RightsRequest).where(
        RightsRequest.status == RecordStatus.OUVERTE, RightsRequest.answered_at.is_(None),
        deadline <= today + timedelta(days=DUE_SOON_DAYS))
    if organisation_ids is not None:
        query = query.where(RightsRequest.organisation_id.in_(organisation_ids))
    return list(db.session.scalars(query.order_by(deadline, RightsRequest.id)))


def new_reference(organisation: Organisation, day: date) -> str:
    """A free reference such as ``D-2026-K7M3QX``: random, so that it says nothing about how
    many requests the organisation received (a parent sees it)."""
    while True:
        code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
        reference = f"D-{day.year}-{code}"
        taken = db.session.scalar(sa.select(sa.func.count()).select_from(RightsRequest).where(
            RightsRequest.organisation_id == organisation.id,
            RightsRequest.reference == reference))
        if not taken:
            return reference


def _coerced(data: dict) -> dict:
    values = {}
    for name, value in data.items():
        if name in FACT_FIELDS + DECISION_FIELDS and name != "activities":
            value = column_value(RightsRequest, name, value)
            if value is not None or RightsRequest.__table__.c[name].nullable:
                values[name] = value
    return values


def _activities(organisation: Organisation, ids) -> list[Activity] | None:
    if ids is None:
        return None
    wanted = {int(value) for value in ids}
    return list(db.session.scalars(sa.select(Activity).where(
        Activity.organisation_id == organisation.id, Activity.id.in_(wanted))
        .order_by(Activity.reference))) if wanted else []


def _apply(request: RightsRequest, data: dict) -> None:
    for name, value in _coerced(data).items():
        if name != "reference" or value:
            setattr(request, name, value)
    activities = _activities(request.organisation, data.get("activities"))
    if activities is not None:
        request.activities = activities
    request.due_on = answer_due_on(request.received_at)


def create_request(organisation: Organisation, data: dict, author: User | None,
                   action: str = "creation") -> RightsRequest:
    """Create a request from validated data; its deadline is one month after receipt."""
    request = RightsRequest(organisation=organisation, organisation_id=organisation.id)
    _apply(request, data)
    if not request.reference:
        request.reference = new_reference(organisation, request.received_at)
    db.session.add(request)
    save_record_revision(RightsRequestRevision, request, request_to_dict, author, action)
    return request


def file_online_request(organisation: Organisation, data: dict, today: date) -> RightsRequest:
    """Record a request a parent filed on the public page (received today, online)."""
    return create_request(organisation, {
        **data, "received_at": today, "channel": RequestChannel.EN_LIGNE.value,
        "identity_checked": False}, None, action="depot_en_ligne")


def update_request(request: RightsRequest, data: dict, author: User | None,
                   expected_version: int) -> None:
    """Save validated data on top of ``expected_version`` or raise :class:`VersionConflict`."""
    if request.version != expected_version:
        raise VersionConflict()
    try:
        with db.session.no_autoflush:
            _apply(request, data)
        save_record_revision(RightsRequestRevision, request, request_to_dict, author)
    except StaleDataError as error:
        raise VersionConflict() from error


def close_request(request: RightsRequest, author: User, now: datetime,
                  expected_version: int) -> None:
    """Close an answered request."""
    if request.version != expected_version:
        raise VersionConflict()
    if request.answered_at is None or request.outcome is None:
        raise RequestError("Avant de clore la demande, indiquez la date de la réponse et la "
                           "suite donnée.")
    request.status = RecordStatus.CLOSE
    request.closed_at = now
    save_record_revision(RightsRequestRevision, request, request_to_dict, author, "cloture")


def reopen_request(request: RightsRequest, author: User, expected_version: int) -> None:
    """Reopen a closed request."""
    if request.version != expected_version:
        raise VersionConflict()
    request.status = RecordStatus.OUVERTE
    request.closed_at = None
    save_record_revision(RightsRequestRevision, request, request_to_dict, author,
                         "reouverture")
