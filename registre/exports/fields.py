"""How each field of the fiche catalogue is written in a cell, whatever the format.

Vocabulary values are written as their French labels, booleans as "Oui"/"Non" (a yes/no
question nobody answered as « Non renseigné », design §8), dates as ``date`` values (date
cells shown dd/mm/yyyy in XLSX and ODS, text dd/mm/yyyy in CSV and PDF; a timestamp's day in
Paris time), lists joined with " | ", processors by name. A row table is summarised in one
cell ("Vue complète"); the long sheets give each column its own cell.
"""
from collections.abc import Callable

from registre.exports.values import (
    cell_text,
    contact_text,
    date_cell,
    has_sensitive,
    joined,
    labels,
    retention_text,
    yes_no,
)
from registre.fiche.answers import NOT_PROVIDED, storage_countries
from registre.fiche.kinds import Field, Kind
from registre.models import RIGHTS, DataCategory, RecipientKind, SensitiveKind


def cell(field: Field, value, context):
    """The cell of one value of ``field``."""
    kind = field.kind
    if kind is Kind.ENUM:
        return field.vocabulary.label_of(value)
    if kind is Kind.ENUM_LIST:
        return labels(field.vocabulary, value)
    if kind in (Kind.DATE, Kind.TIMESTAMP):
        return date_cell(value)
    if kind is Kind.YES_NO_UNKNOWN:  # a question nobody answered yet says so
        return NOT_PROVIDED if value is None else yes_no(value)
    if kind is Kind.BOOL:
        return yes_no(value)
    if kind in (Kind.TEXT_LIST, Kind.COUNTRY_LIST):
        return joined(value or [])
    if kind is Kind.RIGHTS:
        if value is None:  # no legal basis: unknown, never a shorter list
            return NOT_PROVIDED
        return joined(RIGHTS[key][0] for key in value or [] if key in RIGHTS)
    if kind is Kind.PROCESSOR:
        return context.processor_name(value)
    if kind is Kind.OBJECT:
        return contact_text(value)
    if kind is Kind.ROWS:
        summary = ROW_SUMMARIES.get(field.key, _row_summary)
        return joined(summary(field, row, context) for row in value or [])
    return value


def part_header(field: Field, part: Field) -> str:
    """The header of one part of an object, e.g. « Notice d'information — titre »."""
    return f"{field.label} — {part.label[:1].lower()}{part.label[1:]}"


def _row_summary(field: Field, row: dict, context) -> str:
    """A row on one line: its non-empty cells joined with " — "."""
    cells = (cell(column, row.get(column.key), context) for column in field.table.fields)
    return " — ".join(cell_text(text) for text in cells if text not in (None, ""))


def _data_row_text(field: Field, row: dict, context) -> str:
    label = DataCategory.label_of(row.get("category"))
    if row.get("sensitive_kind"):
        label += f" ({SensitiveKind.label_of(row['sensitive_kind'])})"
    details = [part for part in (row.get("description"), retention_text(row)) if part]
    return f"{label} : {' — '.join(details)}" if details else label


def _recipient_text(field: Field, row: dict, context) -> str:
    columns = field.table
    text = f"{RecipientKind.label_of(row.get('kind'))} : {row.get('name') or ''}".rstrip(" :")
    processor = context.processor_name(row.get("processor_id"))
    if processor:
        text += f" ({columns.field('processor_id').label.lower()} : {processor})"
    if row.get("data_categories"):
        text += f" — données : {', '.join(DataCategory.label_of(c) for c in row['data_categories'])}"
    return text


# Row tables whose one-line summary says more than their cells joined.
ROW_SUMMARIES: dict[str, Callable[[Field, dict, object], str]] = {
    "joint_controllers": lambda field, row, context: contact_text(row),
    "data_categories": _data_row_text,
    "recipients": _recipient_text,
}

# Values of the fields computed for display only (see registre.fiche.kinds.Source.DISPLAY).
DISPLAYED: dict[str, Callable[[dict, object], object]] = {
    "dpd": lambda activity, context: context.dpd_contact,
    "has_sensitive_data": lambda activity, context: has_sensitive(activity),
    # The same rule as the public page and the compliance rules (registre.fiche.answers).
    "storage_countries_shown": lambda activity, context: storage_countries(
        activity.get("storage_countries"),
        context.processor_countries(activity.get("hosting_processor_id"))),
    "processors_status": lambda activity, context: context.processors_status(activity),
}


# Values of the row columns computed for display only (a table's ``displayed`` fields).
ROW_DISPLAYED: dict[str, Callable[[dict, object], object]] = {
    "retention": lambda row, context: retention_text(row),
}


def value_of(field: Field, activity: dict, context):
    """The value of an activity's field: from its dictionary, or computed for display."""
    if field.key in DISPLAYED:
        return DISPLAYED[field.key](activity, context)
    return activity.get(field.key)
