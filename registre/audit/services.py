"""Recording, reading and purging the audit log (services never commit).

One entry point, :func:`record_event`. An event that describes a change (a transition, a
deletion, an import, an account or token change, a login) is added to the request's own
transaction: it is committed with the change, in the same INSERT batch, or not at all when the
change is rolled back. An event that describes a refusal or a read (a failed login, a denied
access, a refused import, an export) has no transaction of its own to join — the request
rolls back or commits nothing — so it is kept aside and written by one INSERT in a short
transaction of its own when the request ends (:func:`write_pending_events`), after the
request's own transaction is over. Outside a request (the CLI) every event joins the
command's session, and the command commits it.
"""
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from registre.cells import BOM, csv_line
from registre.dates import PARIS, utcnow
from registre.extensions import db
from registre.models import AuditAction, AuditEvent, AuditOutcome, User

# Events with no change to commit: written whatever the request's transaction becomes.
STANDALONE_ACTIONS = frozenset({AuditAction.LOGIN_FAILED, AuditAction.ACCESS_DENIED,
                                AuditAction.EXPORT, AuditAction.IMPORT_REJECTED})
COMMAND_LINE = "ligne de commande"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_COLUMNS = ("at", "user_id", "user_label", "address", "action", "target", "outcome",
            "academie_id", "details")


def one_line(value, limit: int) -> str:
    """A user-supplied value on one line: CR, LF and other controls written as ``\\r``,
    ``\\n``, ``\\x1b``…, so that no value can forge a second log line; cut at ``limit``."""
    def _escape(match: re.Match) -> str:
        char = match.group()
        return {"\r": "\\r", "\n": "\\n", "\t": "\\t"}.get(char, f"\\x{ord(char):02x}"
                                                         if ord(char) < 256
                                                         else f"\\u{ord(char):04x}")
    text = _CONTROL.sub(_escape, str(value or ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _request_user() -> User | None:
    """The account behind the current request: its API token's, or its session's."""
    if not has_request_context():
        return None
    user = g.get("api_user")
    if user is None and current_user.is_authenticated:
        user = current_user._get_current_object()
    return user


def _address() -> str:
    return (request.remote_addr or "") if has_request_context() else ""


def record_event(action: AuditAction, target: str = "", *,
                 outcome: AuditOutcome = AuditOutcome.SUCCESS, user: User | None = None,
                 login: str | None = None, academie_id: int | None = None,
                 details: str = "") -> AuditEvent:
    """Record one event (never a password, a token or a fiche's content in its values).

    ``login`` names the actor when there is no account (a failed login's typed address);
    ``academie_id`` says whose DPD reads the line (by default the user's académie). The user
    defaults to the request's own (session or API token).
    """
    if user is None and login is None:
        user = _request_user()
    if login is None:
        login = user.email if user is not None else (
            "" if has_request_context() else COMMAND_LINE)
    if academie_id is None and user is not None:
        academie_id = user.academie_id
    event = AuditEvent(at=utcnow(), user_id=user.id if user is not None else None,
                       user_label=one_line(login, 300), address=_address(), action=action,
                       target=one_line(target, 300), outcome=outcome, academie_id=academie_id,
                       details=one_line(details, 1000))
    if action in STANDALONE_ACTIONS and has_request_context():
        g.setdefault("audit_pending", []).append(event)
    else:
        db.session.add(event)
    return event


def _insert(events: list[AuditEvent]) -> None:
    rows = [{column: getattr(event, column) for column in _COLUMNS} for event in events]
    with db.engine.begin() as connection:
        connection.execute(sa.insert(AuditEvent), rows)


def write_pending_events(_error: BaseException | None = None) -> None:
    """Write the request's standalone events (called when the request ends)."""
    events = g.pop("audit_pending", None)
    if not events:
        return
    try:
        _insert(events)
    except SQLAlchemyError:  # the answer is already sent: say it in the server log
        current_app.logger.exception("Journal d'audit : %d événement(s) non enregistré(s)",
                                     len(events))


def purge_audit_log(now: datetime | None = None) -> int:
    """Delete the events older than ``AUDIT_RETENTION_DAYS``; return how many went."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["AUDIT_RETENTION_DAYS"])
    result = db.session.execute(sa.delete(AuditEvent).where(AuditEvent.at < cutoff))
    return result.rowcount or 0


def event_to_dict(event: AuditEvent) -> dict:
    """The event as one JSON line: ``at`` (RFC 3339, UTC), user, address, action, object,
    outcome, details."""
    return {"at": event.at.replace(microsecond=0, tzinfo=UTC).isoformat(),
            "user": event.user_label, "address": event.address, "action": event.action.value,
            "object": event.target, "outcome": event.outcome.value, "details": event.details}


def _paris_midnight(day: date) -> datetime:
    """The stored (naive UTC) time at which a day starts in Paris."""
    return datetime.combine(day, time(), PARIS).astimezone(UTC).replace(tzinfo=None)


def audit_query(academie_id: int | None = None, *, since: date | None = None,
                until: date | None = None, action: str | None = None,
                user: str | None = None, outcome: str | None = None) -> sa.Select:
    """Events newest first, of one académie (None: the whole platform), filtered."""
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if academie_id is not None:
        query = query.where(AuditEvent.academie_id == academie_id)
    if since is not None:
        query = query.where(AuditEvent.at >= _paris_midnight(since))
    if until is not None:
        query = query.where(AuditEvent.at < _paris_midnight(until + timedelta(days=1)))
    if action:
        query = query.where(AuditEvent.action == AuditAction(action))
    if outcome:
        query = query.where(AuditEvent.outcome == AuditOutcome(outcome))
    if user:
        pattern = "%" + user.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(AuditEvent.user_label.ilike(pattern, escape="\\"))
    return query


def page_of_events(query: sa.Select, page: int, size: int) -> tuple[list[AuditEvent], bool]:
    """One page of a query's events, and whether another page follows."""
    rows = list(db.session.scalars(query.offset((page - 1) * size).limit(size + 1)))
    return rows[:size], len(rows) > size


JOURNAL_CSV_HEADER = ("Date et heure (UTC, RFC 3339)", "Utilisateur", "Adresse", "Action",
                      "Objet", "Résultat", "Détails")


def journal_csv(query: sa.Select, limit: int) -> Iterator[str]:
    """The events as CSV lines (UTF-8 BOM, ``;``, formula-safe cells: registre.cells)."""
    yield BOM + csv_line(JOURNAL_CSV_HEADER)
    for event in db.session.scalars(query.limit(limit).execution_options(yield_per=500)):
        line = event_to_dict(event)
        yield csv_line((line["at"], line["user"], line["address"], event.action.label,
                        line["object"], event.outcome.label, line["details"]))
