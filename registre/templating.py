"""Jinja filters and globals: French dates, vocabulary labels, "non renseigné"."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from registre import models
from registre.models.base import LabelledEnum

PARIS = ZoneInfo("Europe/Paris")
NOT_PROVIDED = "Non renseigné"


def paris_date(moment: datetime) -> date:
    """The day in Paris of a stored (UTC, naive) instant."""
    return moment.replace(tzinfo=UTC).astimezone(PARIS).date()


def format_date(value: date | datetime | str | None, default: str = "") -> str:
    """Format a date as ``28/11/2026`` (ISO strings accepted)."""
    if value in (None, ""):
        return default
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = paris_date(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None, default: str = "") -> str:
    """Format a stored UTC time as Paris time: ``28/11/2026 à 14:05``."""
    if value is None:
        return default
    local = value.replace(tzinfo=UTC).astimezone(PARIS)
    return local.strftime("%d/%m/%Y à %H:%M")


def yes_no(value: bool | None, unknown: str = NOT_PROVIDED) -> str:
    """Render a three-state answer in French."""
    if value is None:
        return unknown
    return "Oui" if value else "Non"


def label(enum_name: str, value) -> str:
    """Return the French label of a vocabulary value, e.g. ``label('Status', 'brouillon')``."""
    enum_cls = getattr(models, enum_name)
    assert issubclass(enum_cls, LabelledEnum)
    return enum_cls.label_of(value)


def labels(enum_name: str, values) -> str:
    """The French labels of several vocabulary values, joined by « ; »."""
    return " ; ".join(label(enum_name, value) for value in values or [])


def init_templating(app: Flask) -> None:
    """Register filters and globals."""
    app.jinja_env.filters.update(
        date_fr=format_date, datetime_fr=format_datetime, yes_no=yes_no,
    )
    app.jinja_env.globals.update(
        label=label, labels=labels, NOT_PROVIDED=NOT_PROVIDED,
        rights_labels={key: text for key, (text, _) in models.RIGHTS.items()},
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
