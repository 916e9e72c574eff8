"""The requester's name, contact and message are kept no longer than the académie's setting.

After ``Academie.requester_retention_years`` (5 by default) counted from the answer (or from
receipt when there was none), they are erased from the request and from every revision of
its history; the request itself (dates, right, outcome) stays as proof of compliance.
"""
from datetime import datetime

import sqlalchemy as sa

from registre.dates import local_date
from registre.extensions import db
from registre.history.revisions import list_record_revisions
from registre.history.services import save_record_revision
from registre.models import Academie, Organisation, RightsRequest, RightsRequestRevision
from registre.requests.deadlines import add_months
from registre.requests.serialization import REQUESTER_FIELDS, request_to_dict


def requests_past_retention(academie: Academie, now: datetime) -> list[RightsRequest]:
    """The académie's requests whose requester is still named after the retention period."""
    cutoff = add_months(local_date(now), -12 * academie.requester_retention_years)
    ended = sa.func.coalesce(RightsRequest.answered_at, RightsRequest.received_at)
    return list(db.session.scalars(
        sa.select(RightsRequest).join(Organisation, RightsRequest.organisation_id
                                      == Organisation.id)
        .where(Organisation.academie_id == academie.id,
               RightsRequest.requester_erased_at.is_(None), ended <= cutoff)
        .order_by(RightsRequest.id)))


def erase_requester(request: RightsRequest, now: datetime) -> None:
    """Erase the requester's name, contact and message, here and in the history."""
    for revision in list_record_revisions(RightsRequestRevision, request.id):
        # A new dict, so that the JSON column is seen as changed.
        revision.snapshot = {**revision.snapshot, **dict.fromkeys(REQUESTER_FIELDS, "")}
    for name in REQUESTER_FIELDS:
        setattr(request, name, "")
    request.requester_erased_at = now
    save_record_revision(RightsRequestRevision, request, request_to_dict, None,
                         "effacement_demandeur")


def erase_requesters(now: datetime) -> int:
    """Erase every requester past its académie's retention period; return how many."""
    count = 0
    for academie in db.session.scalars(sa.select(Academie).order_by(Academie.id)):
        for request in requests_past_retention(academie, now):
            erase_requester(request, now)
            count += 1
    return count
