"""The 72-hour clock of art. 33.1 GDPR: from discovery to the notification to the CNIL.

The clock runs for every breach that may be a risk for the people: a risk or a high risk,
and a risk not assessed yet (until someone decides it is none, the cautious reading of the
article applies). Times are stored in UTC; the clock compares instants, never local days.
"""
import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from registre.models import Breach, BreachRisk, Notification
from registre.text import plural

NOTIFICATION_DELAY = timedelta(hours=72)
# "Near" the deadline: the last day of the 72 hours (reminders, badges).
NEAR_DEADLINE = timedelta(hours=24)


class ClockState(enum.StrEnum):
    NOT_REQUIRED = "non_requise"
    RUNNING = "en_cours"
    LATE = "en_retard"
    NOTIFIED = "notifiee"
    NOTIFIED_LATE = "notifiee_en_retard"
    NOT_NOTIFIED = "non_notifiee"


@dataclass(frozen=True)
class BreachClock:
    """Where a breach stands against its 72 hours, and how to say it in French."""

    state: ClockState
    deadline: datetime
    # Time left (running) or past the deadline (late, notified late); None otherwise.
    delta: timedelta | None
    text: str

    @property
    def is_late(self) -> bool:
        """True when the notification is due and the 72 hours are over."""
        return self.state == ClockState.LATE or (
            self.state == ClockState.NOT_NOTIFIED and self.delta is not None)

    @property
    def is_near(self) -> bool:
        """True when the notification is due within the last day of the 72 hours."""
        return self.state == ClockState.RUNNING and self.delta <= NEAR_DEADLINE


def notification_deadline(discovered_at: datetime) -> datetime:
    """The instant the 72 hours from discovery end."""
    return discovered_at + NOTIFICATION_DELAY


def _plural(count: int, word: str) -> str:
    return plural(count, word)


def format_duration(delta: timedelta, with_days: bool = False) -> str:
    """Say a duration in French: « 2 heures », « 1 heure et 30 minutes », « 3 jours et 2 heures ».

    Minutes are dropped once the duration counts in days (``with_days`` and a day or more).
    """
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes == 0:
        return "moins d'une minute"
    hours, minutes = divmod(minutes, 60)
    if with_days and hours >= 24:
        days, hours = divmod(hours, 24)
        return _plural(days, "jour") + (f" et {_plural(hours, 'heure')}" if hours else "")
    parts = [_plural(hours, "heure")] if hours else []
    if minutes:
        parts.append(_plural(minutes, "minute"))
    return " et ".join(parts)


def _time_left(delta: timedelta) -> str:
    text = format_duration(delta)
    single = text in ("1 heure", "1 minute", "moins d'une minute")
    return f"{text} {'restante' if single else 'restantes'}"


def breach_clock(breach: Breach, now: datetime) -> BreachClock:
    """Return the state of the breach's 72-hour clock at ``now`` (UTC, naive)."""
    deadline = notification_deadline(breach.discovered_at)
    if breach.risk == BreachRisk.AUCUN:
        return BreachClock(ClockState.NOT_REQUIRED, deadline, None,
                           "Notification non requise : aucun risque pour les personnes")
    if breach.cnil_notified == Notification.OUI:
        notified_at = breach.cnil_notified_at
        if notified_at is not None and notified_at > deadline:
            late = notified_at - deadline
            return BreachClock(ClockState.NOTIFIED_LATE, deadline, late,
                               f"Notifiée à la CNIL avec {format_duration(late, True)} de retard")
        return BreachClock(ClockState.NOTIFIED, deadline, None,
                           "Notifiée à la CNIL dans le délai de 72 heures")
    late = now - deadline if now > deadline else None
    if breach.cnil_notified == Notification.NON:
        return BreachClock(ClockState.NOT_NOTIFIED, deadline, late,
                           "Non notifiée à la CNIL" + (
                               f" ; délai de 72 heures dépassé de {format_duration(late, True)}"
                               if late else ""))
    if late is not None:
        return BreachClock(ClockState.LATE, deadline, late,
                           f"En retard de {format_duration(late, True)}")
    return BreachClock(ClockState.RUNNING, deadline, deadline - now,
                       _time_left(deadline - now))
