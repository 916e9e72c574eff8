"""Who must be reminded of what today: one digest per person, each item once a day.

Items: fiches whose review is late or due within a week, breaches near or past their 72 hours,
rights requests late or due within a week, processor contracts expiring within 60 days. A
person receives the items they may act on (``registre/scopes.py``): a fiche they may edit,
a breach or request they may decide on, their académie's processor catalogue. Platform
administrators and auditeurs receive none; anyone may turn reminders off on their account.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from registre.breaches.clock import NEAR_DEADLINE, NOTIFICATION_DELAY, breach_clock
from registre.compliance.consent_rules import review_due
from registre.dates import local_date
from registre.extensions import db
from registre.models import (
    Activity,
    Breach,
    BreachRisk,
    Notification,
    Processor,
    RecordStatus,
    Role,
    SentReminder,
    Status,
    User,
)
from registre.requests.deadlines import request_due
from registre.requests.services import requests_to_watch
from registre.scopes import Action, can, can_manage_academie, can_record

REVIEW_AHEAD_DAYS = 7
CONTRACT_AHEAD_DAYS = 60
RECIPIENT_ROLES = (Role.DPD, Role.RESPONSABLE, Role.REDACTEUR)

# Digest sections, in the order of urgency.
SECTIONS = {
    "violation": "Violations de données : notification à la CNIL sous 72 heures",
    "demande": "Demandes d'exercice des droits : réponse dans le mois",
    "revue": "Fiches du registre à revoir",
    "contrat": "Contrats de sous-traitance qui expirent",
}


@dataclass(frozen=True)
class ReminderItem:
    """One thing to do, with who may do it."""

    kind: str  # a key of SECTIONS
    item_id: int
    text: str
    endpoint: str
    values: dict = field(hash=False, compare=False)
    allowed: object = field(hash=False, compare=False, repr=False)  # (user) -> bool


@dataclass
class Digest:
    """The items one person will receive today."""

    user: User
    items: list[ReminderItem]


def _review_items(today: date) -> list[ReminderItem]:
    ahead = today + timedelta(days=REVIEW_AHEAD_DAYS)
    # A day later than "a year ago" whatever the month: review_due() below decides exactly.
    year_ago = today - timedelta(days=364)
    activities = db.session.scalars(sa.select(Activity).where(
        Activity.status != Status.TERMINE,
        sa.or_(Activity.next_review_on <= ahead, Activity.last_reviewed_on <= year_ago,
               sa.and_(Activity.status == Status.EN_SERVICE,
                       Activity.last_reviewed_on.is_(None))))
        .order_by(Activity.id))
    items = []
    for activity in activities:
        if review_due(activity, today):
            text = "revue en retard"
        elif activity.next_review_on is not None and activity.next_review_on <= ahead:
            text = f"revue prévue le {activity.next_review_on:%d/%m/%Y}"
        else:
            continue
        organisation = activity.organisation
        items.append(ReminderItem(
            "revue", activity.id,
            f"{organisation.name} — {activity.reference} {activity.name} : {text}",
            "activities.show", {"uai": organisation.uai, "activity_id": activity.id},
            lambda user, a=activity: can(user, Action.EDIT, a.organisation, a)))
    return items


def _breach_items(now: datetime) -> list[ReminderItem]:
    breaches = db.session.scalars(sa.select(Breach).where(
        Breach.status == RecordStatus.OUVERTE, Breach.cnil_notified == Notification.A_FAIRE,
        sa.or_(Breach.risk.is_(None), Breach.risk != BreachRisk.AUCUN),
        Breach.discovered_at <= now - (NOTIFICATION_DELAY - NEAR_DEADLINE)).order_by(Breach.id))
    items = []
    for breach in breaches:
        clock = breach_clock(breach, now)
        if not (clock.is_late or clock.is_near):
            continue
        organisation = breach.organisation
        items.append(ReminderItem(
            "violation", breach.id,
            f"{organisation.name} — violation {breach.reference} : {clock.text.lower()}",
            "breaches.show", {"uai": organisation.uai, "breach_id": breach.id},
            lambda user, b=breach: can_record(user, Action.DECIDE, b.organisation, b)))
    return items


def _request_items(today: date) -> list[ReminderItem]:
    items = []
    for request in requests_to_watch(None, today):
        organisation = request.organisation
        due = request_due(request, today)
        items.append(ReminderItem(
            "demande", request.id,
            f"{organisation.name} — demande {request.reference} ({request.kind.label.lower()})"
            f" : {due.text[0].lower()}{due.text[1:]}",
            "requests.show", {"uai": organisation.uai, "request_id": request.id},
            lambda user, r=request: can_record(user, Action.DECIDE, r.organisation, r)))
    return items


def _contract_items(today: date) -> list[ReminderItem]:
    processors = db.session.scalars(sa.select(Processor).where(
        Processor.contract_expires_on >= today,
        Processor.contract_expires_on <= today + timedelta(days=CONTRACT_AHEAD_DAYS))
        .order_by(Processor.contract_expires_on, Processor.id))
    return [ReminderItem(
        "contrat", processor.id,
        f"{processor.name} : contrat de sous-traitance (art. 28) qui expire le "
        f"{processor.contract_expires_on:%d/%m/%Y}",
        "catalogue.processors", {"code": processor.academie.code},
        lambda user, academie=processor.academie: can_manage_academie(
            user, academie, Action.MANAGE_CATALOGUE))
        for processor in processors]


def reminder_items(now: datetime) -> list[ReminderItem]:
    """Every item due for a reminder at ``now``, in the order of the sections."""
    today = local_date(now)
    return [*_breach_items(now), *_request_items(today), *_review_items(today),
            *_contract_items(today)]


def pending_digests(now: datetime) -> list[Digest]:
    """One digest per person who has items not yet sent today (none for others)."""
    today = local_date(now)
    items = reminder_items(now)
    if not items:
        return []
    sent = set(db.session.execute(sa.select(
        SentReminder.user_id, SentReminder.kind, SentReminder.item_id)
        .where(SentReminder.sent_on == today)).all())
    users = db.session.scalars(sa.select(User).where(
        User.active.is_(True), User.reminders_enabled.is_(True),
        User.role.in_(RECIPIENT_ROLES)).order_by(User.id))
    digests = []
    for user in users:
        mine = [item for item in items
                if (user.id, item.kind, item.item_id) not in sent and item.allowed(user)]
        if mine:
            digests.append(Digest(user, mine))
    return digests


def record_sent(digest: Digest, today: date) -> None:
    """Remember that the digest's items were sent to its person today."""
    db.session.add_all(SentReminder(user_id=digest.user.id, kind=item.kind,
                                    item_id=item.item_id, sent_on=today)
                       for item in digest.items)
    db.session.flush()
