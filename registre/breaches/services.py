"""Reading and saving breaches (services never commit: the view or command does)."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from registre.activities.services import list_activities
from registre.breaches.serialization import (
    DECISION_FIELDS,
    FACT_FIELDS,
    apply_breach_data,
    breach_to_dict,
)
from registre.dates import local_date
from registre.extensions import db
from registre.fiche.serialization import column_value
from registre.history.services import save_record_revision
from registre.models import (
    Activity,
    Breach,
    BreachRevision,
    BreachRisk,
    Notification,
    Organisation,
    RecordStatus,
    User,
)


class BreachError(ValueError):
    """A refused change; the message is French and shown to the user."""


class VersionConflict(Exception):
    """The breach was saved by someone else since the form was opened."""


def list_breaches(organisation_ids: list[int], open_only: bool = False) -> list[Breach]:
    """The breaches of these organisations, open ones first, most recently discovered first."""
    query = sa.select(Breach).where(Breach.organisation_id.in_(organisation_ids))
    if open_only:
        query = query.where(Breach.status == RecordStatus.OUVERTE)
    return list(db.session.scalars(query.order_by(
        Breach.status.desc(), Breach.discovered_at.desc(), Breach.id.desc())))


def categories_of(activities: list[Activity]) -> tuple[list[str], list[str]]:
    """The people and data categories of the fiches, in vocabulary order, without repeats."""
    people = {row.category.value for activity in activities
              for row in activity.subject_categories}
    data = {row.category.value for activity in activities for row in activity.data_categories}
    return sorted(people), sorted(data)


def next_reference(organisation: Organisation, day) -> str:
    """The next free ``V-2026-001`` reference of the organisation for the year of ``day``."""
    prefix = f"V-{day.year}-"
    taken = db.session.scalars(sa.select(Breach.reference).where(
        Breach.organisation_id == organisation.id, Breach.reference.like(f"{prefix}%"))).all()
    numbers = [int(ref[len(prefix):]) for ref in taken if ref[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _coerced(data: dict) -> dict:
    values = {}
    for name, value in data.items():
        if name in FACT_FIELDS + DECISION_FIELDS and name != "activities":
            value = column_value(Breach, name, value)
            # A required choice left out keeps the stored one (never NULL).
            if value is not None or Breach.__table__.c[name].nullable:
                values[name] = value
    return values


def _activities(organisation: Organisation, ids) -> list[Activity] | None:
    if ids is None:
        return None
    wanted = {int(value) for value in ids}
    return [activity for activity in list_activities(organisation)
            if activity.id in wanted]


def create_breach(organisation: Organisation, data: dict, author: User | None) -> Breach:
    """Create a breach from validated data (its reference given or the next one)."""
    breach = Breach(organisation=organisation, organisation_id=organisation.id)
    apply_breach_data(breach, _coerced(data), _activities(organisation, data.get("activities")))
    if not breach.reference:
        breach.reference = next_reference(organisation, local_date(breach.discovered_at))
    db.session.add(breach)
    save_record_revision(BreachRevision, breach, breach_to_dict, author, "creation")
    return breach


def update_breach(breach: Breach, data: dict, author: User | None,
                  expected_version: int) -> None:
    """Save validated data on top of ``expected_version`` or raise :class:`VersionConflict`."""
    if breach.version != expected_version:
        raise VersionConflict()
    try:
        with db.session.no_autoflush:
            apply_breach_data(breach, _coerced(data),
                              _activities(breach.organisation, data.get("activities")))
        save_record_revision(BreachRevision, breach, breach_to_dict, author)
    except StaleDataError as error:
        raise VersionConflict() from error


def close_breach(breach: Breach, author: User, now: datetime, expected_version: int) -> None:
    """Close a handled breach: its risk assessed, the notification and information decided."""
    if breach.version != expected_version:
        raise VersionConflict()
    missing = []
    if breach.risk is None:
        missing.append("évaluez le risque pour les personnes")
    elif breach.risk != BreachRisk.AUCUN and breach.cnil_notified == Notification.A_FAIRE:
        missing.append("indiquez si la violation a été notifiée à la CNIL, ou pourquoi elle "
                       "ne l'est pas")
    if breach.risk == BreachRisk.RISQUE_ELEVE and breach.subjects_informed == Notification.A_FAIRE:
        missing.append("indiquez si les personnes ont été informées, ou pourquoi elles ne "
                       "l'ont pas été")
    if missing:
        raise BreachError("Avant de clore la violation : " + " ; ".join(missing) + ".")
    breach.status = RecordStatus.CLOSE
    breach.closed_at = now
    save_record_revision(BreachRevision, breach, breach_to_dict, author, "cloture")


def reopen_breach(breach: Breach, author: User, expected_version: int) -> None:
    """Reopen a closed breach (new facts, a notification to complete)."""
    if breach.version != expected_version:
        raise VersionConflict()
    breach.status = RecordStatus.OUVERTE
    breach.closed_at = None
    save_record_revision(BreachRevision, breach, breach_to_dict, author, "reouverture")
