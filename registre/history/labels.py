"""French labels of the snapshot keys, so that history speaks the record's language.

Each kind of record (activity, breach, rights request) describes its words once in a
:class:`HistoryLabels`; the diff and the history pages take it as a parameter. The activity's
labels and vocabularies all come from the fiche catalogue (:mod:`registre.fiche`).
"""
import re
from dataclasses import dataclass, field

from registre.dates import format_date, format_datetime
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Kind

ACTION_LABELS = {
    "creation": "Création", "modification": "Modification", "soumission": "Soumission",
    "mise_en_service": "Mise en service", "renvoi": "Renvoi au rédacteur",
    "fin": "Fin du traitement", "import": "Import", "duplication": "Duplication",
    "nouvelle_version": "Nouvelle version validée",
}

# Keys the system sets on every revision: listing them as "changed" tells the reader nothing.
_SYSTEM_KEYS = frozenset({"id", "uai", "created_at", "updated_at", "version"})
# A stored instant in a snapshot (RFC 3339, UTC), shown in Paris time.
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})")
# A calendar day in a snapshot (ISO), shown dd/mm/yyyy wherever it sits (a breach's or a
# request's dates, a row's or an object's part).
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class HistoryLabels:
    """The French words of one kind of record's history: fields, columns, vocabularies, actions.

    ``columns`` and ``column_enums`` are keyed by ``(field, column)``; ``date_fields`` are the
    keys whose ISO value is shown as a French date (and time, when it has one).
    """

    fields: dict[str, str]
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    field_enums: dict = field(default_factory=dict)
    column_enums: dict = field(default_factory=dict)
    row_titles: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=lambda: ACTION_LABELS)
    date_fields: frozenset[str] = frozenset()

    def field_label(self, key: str) -> str:
        """Return the French label of a snapshot key (the key itself when unknown)."""
        return self.fields.get(key, key)

    def changed_field_labels(self, keys) -> list[str]:
        """French labels of a revision's changed fields, in the order of the record."""
        order = {key: index for index, key in enumerate(self.fields)}
        shown = [key for key in keys or [] if key not in _SYSTEM_KEYS]
        return [self.field_label(key) for key in sorted(shown, key=lambda k: order.get(k, 999))]

    def column_label(self, key: str, column: str) -> str:
        """Return the French label of a row column or object part of the field ``key``."""
        return self.columns.get((key, column), column)

    def action_label(self, action: str) -> str:
        """Return the French label of a revision's action."""
        return self.actions.get(action, (action or "").replace("_", " ").capitalize())

    def _enum_for(self, key: str, column: str | None):
        if column is None:
            return self.field_enums.get(key)
        return self.column_enums.get((key, column))

    def display_value(self, key: str, column: str | None, value) -> str:
        """Render a snapshot value in French: labels for vocabularies, Oui/Non, lists joined."""
        if value is None or value == "" or value == []:
            return "—"
        enum_cls = self._enum_for(key, column)
        if isinstance(value, bool):
            return "Oui" if value else "Non"
        if column is None and key in self.date_fields:
            return format_datetime(value)
        if isinstance(value, list):
            return " ; ".join(self.display_value(key, column, item) for item in value)
        if isinstance(value, dict):
            return " ; ".join(f"{self.column_label(key, part)} : "
                              f"{self.display_value(key, part, item)}"
                              for part, item in value.items() if item not in (None, "", []))
        if enum_cls is not None:
            return enum_cls.label_of(value)
        if isinstance(value, str) and _INSTANT.fullmatch(value):
            return format_datetime(value)
        if isinstance(value, str) and _DAY.fullmatch(value):
            return format_date(value)
        return str(value)

    def row_title(self, key: str, row: dict | None) -> str:
        """Name a row in French, e.g. « État civil… » for a data category."""
        if not row:
            return ""
        column = self.row_titles.get(key)
        if column is None:
            return ""
        return self.display_value(key, column, row.get(column))


_TABLES = [field for field in FIELDS if field.table is not None]

ACTIVITY_LABELS = HistoryLabels(
    fields={field.key: field.label for field in FIELDS},
    columns={(field.key, column.key): column.label
             for field in _TABLES for column in field.table.fields},
    field_enums={field.key: field.vocabulary for field in FIELDS if field.vocabulary},
    column_enums={(field.key, column.key): column.vocabulary
                  for field in _TABLES for column in field.table.fields if column.vocabulary},
    # The column that names a row best, to say *which* row changed.
    row_titles={field.key: field.table.title_column for field in _TABLES
                if field.table.title_column},
    date_fields=frozenset(field.key for field in FIELDS
                          if field.kind in (Kind.DATE, Kind.TIMESTAMP)),
)

# The activity's words, as functions (the fiche's history and its callers).
field_label = ACTIVITY_LABELS.field_label
changed_field_labels = ACTIVITY_LABELS.changed_field_labels
column_label = ACTIVITY_LABELS.column_label
action_label = ACTIVITY_LABELS.action_label
display_value = ACTIVITY_LABELS.display_value
row_title = ACTIVITY_LABELS.row_title
