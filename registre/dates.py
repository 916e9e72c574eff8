"""Dates and times of the register: the Paris calendar, "now" and the French formats.

Timestamps (``created_at``, ``updated_at``, revisions, logins…) are stored as naive UTC;
calendar days ("today", reviews, end dates, "the register as of") are those of Paris, where
the register is kept. Every page, export, open-data file, rule and command reads the clock and
formats dates through this module, so that a fiche saved at 23:30 UTC on 28/11/2026 is dated
29/11/2026 everywhere. Tests freeze the clock with the ``frozen_clock`` fixture
(tests/conftest.py), which replaces :data:`clock`.
"""
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DATE_FORMAT = "%d/%m/%Y"  # 28/11/2026
DATETIME_FORMAT = "%d/%m/%Y à %H:%M"  # 28/11/2026 à 14:05


def system_clock() -> datetime:
    """The machine's current time, as an aware UTC datetime."""
    return datetime.now(UTC)


# The one source of "now"; replaced only by the tests' frozen_clock fixture.
clock: Callable[[], datetime] = system_clock


def utcnow() -> datetime:
    """The current time as stored in the database: naive UTC."""
    return clock().astimezone(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's calendar day in Paris."""
    return local_date(utcnow())


def local_datetime(value: datetime) -> datetime:
    """A stored timestamp (naive UTC, or aware) as an aware Paris time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(PARIS)


def local_date(value: datetime | date) -> date:
    """The Paris calendar day of a stored timestamp (a date is returned unchanged)."""
    if isinstance(value, datetime):
        return local_datetime(value).date()
    return value


def rfc3339(value: datetime) -> str:
    """A stored (naive UTC) time as RFC 3339 with its time zone: ``2026-11-28T13:05:00+00:00``."""
    return value.replace(microsecond=0, tzinfo=UTC).isoformat()


def stored_datetime(text: str) -> datetime:
    """The stored (naive UTC) form of an ISO time; a text without zone is UTC already."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def end_of_day(day: date) -> datetime:
    """The first stored (naive UTC) instant after ``day`` ends in Paris."""
    midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=PARIS)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def _parsed(value: date | datetime | str) -> date | datetime | None:
    """A date or a datetime from a value or its ISO text; None when the text is not ISO."""
    if not isinstance(value, str):
        return value
    try:
        if len(value) > 10:
            return datetime.fromisoformat(value)
        return date.fromisoformat(value)
    except ValueError:
        return None


def calendar_day(value: date | datetime | str | None) -> date | str | None:
    """The Paris day of a date, a stored timestamp or its ISO text (a date cell's value);
    None when empty, a non-ISO text unchanged."""
    if value is None or value == "":
        return None
    parsed = _parsed(value)
    return str(value) if parsed is None else local_date(parsed)


def format_date(value: date | datetime | str | None, default: str = "") -> str:
    """``28/11/2026``: a date, or the Paris day of a stored timestamp (ISO text accepted)."""
    if value is None or value == "":
        return default
    parsed = _parsed(value)
    if parsed is None:
        return str(value)
    return local_date(parsed).strftime(DATE_FORMAT)


def format_datetime(value: datetime | str | None, default: str = "") -> str:
    """``28/11/2026 à 14:05``: a stored timestamp in Paris time (ISO text accepted)."""
    if value is None or value == "":
        return default
    parsed = _parsed(value)
    if not isinstance(parsed, datetime):
        return format_date(value, default)
    return local_datetime(parsed).strftime(DATETIME_FORMAT)


def parse_date(text: str) -> date:
    """Read a calendar day typed as ``28/11/2026`` or ``2026-11-28`` (ValueError otherwise)."""
    for pattern in ("%Y-%m-%d", DATE_FORMAT):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")
