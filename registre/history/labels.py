"""French labels of the snapshot keys, so that history speaks the fiche's language.

Every label and vocabulary comes from the fiche catalogue (:mod:`registre.fiche`).
"""
from registre.dates import format_datetime
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Kind

FIELD_LABELS = {field.key: field.label for field in FIELDS}

# Which vocabulary a value belongs to: by top-level field, then by row or object column.
FIELD_ENUMS = {field.key: field.vocabulary for field in FIELDS if field.vocabulary}
COLUMN_ENUMS = {(field.key, column.key): column.vocabulary
                for field in FIELDS if field.table is not None
                for column in field.table.fields if column.vocabulary}

# Columns of repeatable rows and parts of nested objects (controller, notices…), by field.
COLUMN_LABELS = {(field.key, column.key): column.label
                 for field in FIELDS if field.table is not None
                 for column in field.table.fields}

# The column that names a row best, to say *which* row changed.
ROW_TITLE_COLUMNS = {field.key: field.table.title_column for field in FIELDS
                     if field.table is not None and field.table.title_column}

ACTION_LABELS = {
    "creation": "Création", "modification": "Modification", "soumission": "Soumission",
    "mise_en_service": "Mise en service", "renvoi": "Renvoi au rédacteur",
    "fin": "Fin du traitement", "import": "Import", "duplication": "Duplication",
}


def field_label(field: str) -> str:
    """Return the French label of a snapshot key (the key itself when unknown)."""
    return FIELD_LABELS.get(field, field)


# Keys the system sets on every revision: listing them as "changed" tells the reader nothing.
_SYSTEM_KEYS = frozenset({"id", "uai", "created_at", "updated_at", "version"})
_FICHE_ORDER = {key: index for index, key in enumerate(FIELD_LABELS)}


def changed_field_labels(fields) -> list[str]:
    """French labels of a revision's changed fields, in the order of the fiche."""
    keys = [key for key in fields or [] if key not in _SYSTEM_KEYS]
    return [field_label(key) for key in sorted(keys, key=lambda k: _FICHE_ORDER.get(k, 999))]


def column_label(field: str, column: str) -> str:
    """Return the French label of a row column or object part of ``field``."""
    return COLUMN_LABELS.get((field, column), column)


def action_label(action: str) -> str:
    """Return the French label of a revision's action."""
    return ACTION_LABELS.get(action, (action or "").replace("_", " ").capitalize())


# Snapshot keys holding a date or a timestamp (ISO text), shown as on the fiche: 28/11/2026.
_DATE_FIELDS = frozenset(field.key for field in FIELDS
                         if field.kind in (Kind.DATE, Kind.TIMESTAMP))


def _enum_for(field: str, column: str | None):
    if column is None:
        return FIELD_ENUMS.get(field)
    return COLUMN_ENUMS.get((field, column))


def display_value(field: str, column: str | None, value) -> str:
    """Render a snapshot value in French: labels for vocabularies, Oui/Non, lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    enum_cls = _enum_for(field, column)
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if column is None and field in _DATE_FIELDS:
        return format_datetime(value)
    if isinstance(value, list):
        return " ; ".join(display_value(field, column, item) for item in value)
    if isinstance(value, dict):
        return " ; ".join(f"{column_label(field, key)} : {display_value(field, key, item)}"
                          for key, item in value.items() if item not in (None, "", []))
    if enum_cls is not None:
        return enum_cls.label_of(value)
    return str(value)


def row_title(field: str, row: dict | None) -> str:
    """Name a row in French, e.g. « État civil… » for a data category."""
    if not row:
        return ""
    column = ROW_TITLE_COLUMNS.get(field)
    if column is None:
        return ""
    return display_value(field, column, row.get(column))
