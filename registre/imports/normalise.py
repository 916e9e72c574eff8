"""Turn an imported activity into the JSON the activity form reads (parsing only).

The rules themselves are the form's (``registre/activities/forms.py``): this module only
maps what files say to our values — vocabulary words and French labels, ``Oui``/``Non``,
integers and dates written as text, country names — and leaves anything it does not
recognise as it is, for the form to refuse with its own message.
"""
from datetime import date, datetime
from functools import cache

import sqlalchemy as sa

from registre.dates import parse_date
from registre.fiche.answers import NOT_PROVIDED
from registre.fiche.serialization import ROW_FIELDS, SYSTEM_FIELDS
from registre.imports.vocabulary import normalise
from registre.models import Activity
from registre.models.vocabularies import DataCategory, DpiaCriterion

_UNKNOWN = normalise(NOT_PROVIDED)
# The file's controller is ignored: the organisation's applies (README, Rules).
_IGNORED = SYSTEM_FIELDS | {"controller", "version", "form_key"}


@cache
def _enum_words(enum_cls) -> dict[str, str]:
    """Normalised values and French labels of a vocabulary → value."""
    words = {normalise(member.value): member.value for member in enum_cls}
    words.update({normalise(member.label): member.value for member in enum_cls})
    return words


def _enum(enum_cls, value):
    if isinstance(value, str):
        return _enum_words(enum_cls).get(normalise(value), value)
    return value


def _boolean(value):
    if isinstance(value, str):
        word = normalise(value)
        if word in ("oui", "true", "vrai", "1"):
            return True
        if word in ("non", "false", "faux", "0"):
            return False
        if not word or word == _UNKNOWN:  # our own exports say « Non renseigné »
            return None
    return value


def _integer(value):
    if isinstance(value, str):
        text = value.strip()
        return int(text) if text.isdigit() else (None if not text else value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _date(value):
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        try:
            return parse_date(value).isoformat()
        except ValueError:
            pass
    return value


def _column(model: type, column: str, value):
    """Convert a value written in a file for ``model.column``; unknown values pass through."""
    if value is None:
        return None
    column_type = model.__table__.c[column].type
    if isinstance(column_type, sa.Enum):
        return _enum(column_type.enum_class, value) if value != "" else None
    if isinstance(column_type, sa.Boolean):
        return _boolean(value)
    if isinstance(column_type, sa.Integer):
        return _integer(value)
    if isinstance(column_type, sa.Date):
        return _date(value)
    return value


def _items(value) -> list:
    return value if isinstance(value, list) else [] if value in (None, "") else [value]


def _row(model: type, columns: tuple, row):
    if not isinstance(row, dict):
        return row
    clean = dict(row)
    for column in columns:
        if column not in row or column == "processor_id":
            continue
        if column == "data_categories":
            clean[column] = [_enum(DataCategory, item) for item in _items(row[column])]
        elif column == "country":
            # Codes, aliases and names are read by the form (registre/countries.py).
            clean[column] = row[column] or ""
        else:
            clean[column] = _column(model, column, row[column])
    return clean


def normalise_activity(data: dict) -> dict:
    """Return ``data`` with file words mapped to our values, ready for ``form_from_json``."""
    clean = {}
    for name, value in data.items():
        if name in _IGNORED:
            continue
        if name == "dpia_criteria":
            clean[name] = [_enum(DpiaCriterion, item) for item in _items(value)]
        elif name == "storage_countries" or name == "sub_purposes":
            clean[name] = _items(value)
        elif name in ROW_FIELDS:
            model, columns = ROW_FIELDS[name]
            clean[name] = [_row(model, columns, row) for row in value] \
                if isinstance(value, list) else value
        elif name in Activity.__table__.c and name != "hosting_processor_id":
            clean[name] = _column(Activity, name, value)
        else:
            clean[name] = value
    return clean
