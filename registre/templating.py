"""Jinja filters and globals: French dates, vocabulary labels, "non renseigné"."""
import re

from flask import Flask
from markupsafe import Markup, escape

from registre import models
from registre.compliance.services import rule_title
from registre.dates import format_date, format_datetime, rfc3339
from registre.fiche import fields as fiche_fields
from registre.fiche.answers import NOT_PROVIDED
from registre.models.base import LabelledEnum


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


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def contact_links(text: str | None) -> Markup:
    """Escape a contact text and make every e-mail address in it a ``mailto:`` link."""
    text = str(escape(text or ""))
    return Markup(_EMAIL.sub(lambda found: f'<a href="mailto:{found.group(0)}">'
                             f"{found.group(0)}</a>", text))


def init_templating(app: Flask) -> None:
    """Register filters and globals."""
    app.jinja_env.filters.update(
        date_fr=format_date, datetime_fr=format_datetime, yes_no=yes_no, rule_title=rule_title,
        contact_links=contact_links, rfc3339=rfc3339,
    )
    app.jinja_env.globals.update(
        label=label, labels=labels, NOT_PROVIDED=NOT_PROVIDED, field_label=fiche_fields.label,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
