"""Deadlines of art. 12.3 GDPR: an answer within one month of receipt, extendable by two.

Months are calendar months, safe at the end of a month: a request received on 31 January
is due on 28 (or 29) February, one received on 30 April on 30 May.
"""
import calendar
import enum
from dataclasses import dataclass
from datetime import date

from registre.models import RightsRequest
from registre.text import plural

ANSWER_MONTHS = 1
# Art. 12.3: "may be extended by two further months where necessary".
EXTENSION_MONTHS = 2
# "Due soon": the dashboards and reminders look a week ahead.
DUE_SOON_DAYS = 7


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), the month's last day when it has none."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_due_on(received: date) -> date:
    """The day the answer is due: one month after receipt."""
    return add_months(received, ANSWER_MONTHS)


def latest_extension(received: date) -> date:
    """The latest day an extended answer may be given: three months after receipt."""
    return add_months(received, ANSWER_MONTHS + EXTENSION_MONTHS)


def extension_allowed(received: date, extended: date) -> bool:
    """Art. 12.3: an extension ends after the one-month deadline, within three months."""
    return answer_due_on(received) < extended <= latest_extension(received)


class DueState(enum.StrEnum):
    ON_TIME = "dans_les_temps"
    DUE_SOON = "echeance_proche"
    LATE = "en_retard"
    ANSWERED = "repondue"
    ANSWERED_LATE = "repondue_en_retard"


@dataclass(frozen=True)
class RequestDue:
    """Where a request stands against its deadline, and how to say it in French."""

    state: DueState
    deadline: date
    days: int  # days left (on time, due soon) or late (late, answered late); 0 otherwise
    text: str


def _days(count: int) -> str:
    return plural(count, "jour")


def request_due(request: RightsRequest, today: date) -> RequestDue:
    """Return the request's state at ``today`` (Paris day)."""
    deadline = request.deadline
    shown = f"{deadline:%d/%m/%Y}"
    if request.answered_at is not None:
        late = (request.answered_at - deadline).days
        if late > 0:
            return RequestDue(DueState.ANSWERED_LATE, deadline, late,
                              f"Répondue le {request.answered_at:%d/%m/%Y}, {_days(late)} "
                              f"après l'échéance du {shown}")
        return RequestDue(DueState.ANSWERED, deadline, 0,
                          f"Répondue le {request.answered_at:%d/%m/%Y}, dans le délai")
    left = (deadline - today).days
    if left < 0:
        return RequestDue(DueState.LATE, deadline, -left,
                          f"En retard de {_days(-left)} (échéance du {shown})")
    when = {0: "aujourd'hui", 1: "demain"}.get(left, f"dans {_days(left)}")
    state = DueState.DUE_SOON if left <= DUE_SOON_DAYS else DueState.ON_TIME
    return RequestDue(state, deadline, left, f"Réponse due {when} (le {shown})")
