"""The one dictionary form of an activity: API, revisions, JSON export and import all use it.

Keys are exactly the field names of design section 3, in the catalogue's order; dates are
ISO strings. What is written and read for each field follows its catalogue entry.
"""
from datetime import date, datetime

import sqlalchemy as sa

from registre.dates import rfc3339, stored_datetime
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Kind, Source
from registre.fiche.rows import CONTACT, DOCUMENT, ROW_TABLES
from registre.models import Activity

CONTACT_KEYS = CONTACT.keys
DOCUMENT_KEYS = DOCUMENT.keys

# Fields kept in one column of the activity, in the order of the fiche.
SCALAR_FIELDS = tuple(field.key for field in FIELDS if field.serialized and not field.attribute
                      and len(field.model_columns()) == 1 and field.kind is not Kind.OBJECT)

# Repeatable rows: JSON key -> (model, columns in order).
ROW_FIELDS = {key: (table.model, table.keys) for key, table in ROW_TABLES.items()}

# Fields the system sets or computes; an import, a template or a client never writes them.
SYSTEM_FIELDS = frozenset(field.key for field in FIELDS if not field.writable)

_SERIALIZED = tuple(field for field in FIELDS if field.serialized)
_EDITED = tuple(field for field in FIELDS if field.source is Source.EDITED)


def json_value(value):
    """Return ``value`` in its JSON form (ISO dates, enum values, lists copied)."""
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: json_value(item) for key, item in value.items()}
    return value


def _path(target, path: str):
    for name in path.split("."):
        if target is None:
            return None
        target = getattr(target, name)
    return target


def row_to_dict(table, row) -> dict:
    """One row of a row table (a data category, a recipient…) as JSON-ready data."""
    return {column: json_value(getattr(row, column)) for column in table.keys}


def _read(activity: Activity, field):
    if field.attribute:
        return json_value(_path(activity, field.attribute))
    if field.kind is Kind.ROWS:
        return [row_to_dict(field.table, row) for row in getattr(activity, field.key)]
    if field.prefixed:
        values = {part: getattr(activity, f"{field.key}_{part}") for part in field.table.keys}
        return values if any(values.values()) or not field.nullable else None
    if field.kind is Kind.OBJECT:
        return json_value(getattr(activity, field.key)) or None
    return json_value(getattr(activity, field.key))


# The keys of activity_to_dict (the snapshot of every revision), in its order.
DICT_KEYS = tuple(field.key for field in _SERIALIZED)


def activity_to_dict(activity: Activity) -> dict:
    """Return every field of an activity as JSON-ready data (design §3 names)."""
    return {field.key: _read(activity, field) for field in _SERIALIZED}


def coerce(model: type, column: str, value):
    """Convert a JSON value to the column's Python type (enum member, date, datetime)."""
    if value is None or value == "":
        column_type = model.__table__.c[column].type
        if isinstance(column_type, (sa.Enum, sa.Date, sa.DateTime, sa.Integer)):
            return None
        return value
    column_type = model.__table__.c[column].type
    if isinstance(column_type, sa.Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, sa.DateTime) and isinstance(value, str):
        return stored_datetime(value)
    if isinstance(column_type, sa.Date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def column_value(model: type, column: str, value):
    """:func:`coerce`, with an absent text of a NOT NULL column stored as an empty text."""
    value = coerce(model, column, value)
    column_type = model.__table__.c[column].type
    # An enumeration is a String to SQLAlchemy, but "" is none of its values: absent stays None.
    if value is None and not model.__table__.c[column].nullable \
            and isinstance(column_type, sa.String) and not isinstance(column_type, sa.Enum):
        return ""
    return value


def in_vocabulary_order(field, values):
    """An ENUM_LIST's values in the order of its vocabulary (unknown ones last), whoever
    wrote them: the form, the API, an import or the demo store the same list."""
    if field.kind is not Kind.ENUM_LIST or not isinstance(values, list):
        return values
    order = {member.value: index for index, member in enumerate(field.vocabulary)}
    return sorted(values, key=lambda value: order.get(value, len(order)))


def _write(activity: Activity, field, value) -> None:
    if field.kind is Kind.ROWS:
        model, table = field.table.model, field.table
        setattr(activity, field.key, [
            model(position=index, **{column: coerce(model, column, in_vocabulary_order(
                table.field(column), row.get(column)))
                                     for column in table.keys if row.get(column) is not None})
            for index, row in enumerate(value or [])])
    elif field.prefixed:
        for part in field.table.keys:
            setattr(activity, f"{field.key}_{part}", (value or {}).get(part) or "")
    elif field.kind is Kind.OBJECT:
        setattr(activity, field.key, value or None)
    else:
        setattr(activity, field.key, coerce(Activity, field.key, in_vocabulary_order(field,
                                                                                    value)))


def apply_activity_data(activity: Activity, data: dict) -> None:
    """Set an activity's editable fields from already validated data (missing keys untouched)."""
    for field in _EDITED:
        if field.key in data:
            _write(activity, field, data[field.key])


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """List the top-level fields whose value differs between two snapshots."""
    ignored = {"updated_at", "version"}
    if before is None:
        return sorted(key for key, value in after.items() if value not in (None, "", [], False)
                      and key not in ignored)
    keys = set(before) | set(after)
    return sorted(key for key in keys
                  if key not in ignored and before.get(key) != after.get(key))
