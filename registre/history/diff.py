"""Field-level difference between two snapshots of a record, repeatable rows included."""
import dataclasses
import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from registre.history.labels import ACTIVITY_LABELS, HistoryLabels

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KIND_LABELS = {ADDED: "Ajout", REMOVED: "Suppression", CHANGED: "Modification"}

# Every save moves these; showing them would hide the real changes.
IGNORED_FIELDS = frozenset({"updated_at", "version"})


@dataclass(frozen=True)
class Change:
    """One difference: a field, or one column of one row, or a whole row added or removed."""

    field: str
    kind: str
    before: Any = None
    after: Any = None
    row: int | None = None  # 1-based position (in the newer list, or the older one if removed)
    column: str | None = None
    row_name: str = ""
    labels: HistoryLabels = dataclasses.field(default=ACTIVITY_LABELS, compare=False, repr=False)

    @property
    def label(self) -> str:
        """The field's French label."""
        return self.labels.field_label(self.field)

    @property
    def column_label(self) -> str:
        """The column's French label, or an empty string for a whole field or row."""
        return self.labels.column_label(self.field, self.column) if self.column else ""

    @property
    def kind_label(self) -> str:
        """« Ajout », « Suppression » or « Modification »."""
        return KIND_LABELS[self.kind]

    @property
    def before_text(self) -> str:
        """The old value in French (labels for vocabularies)."""
        return self.labels.display_value(self.field, self.column, self.before)

    @property
    def after_text(self) -> str:
        """The new value in French (labels for vocabularies)."""
        return self.labels.display_value(self.field, self.column, self.after)


def _same(old, new) -> bool:
    """Equal values, or two ways of saying "empty" (absent, null, "", [])."""
    return old == new or (old in (None, "", []) and new in (None, "", []))


def _is_rows(value) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def _canonical(row) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)


def _diff_object(key: str, before: dict | None, after: dict | None, labels: HistoryLabels,
                 row: int | None = None, row_name: str = "") -> list[Change]:
    """Compare two small objects (a row, the controller, a notice) key by key."""
    before, after = before or {}, after or {}
    parts = list(after) + [part for part in before if part not in after]
    return [Change(key, CHANGED, before.get(part), after.get(part), row=row, column=part,
                   row_name=row_name, labels=labels)
            for part in parts if not _same(before.get(part), after.get(part))]


def _diff_rows(key: str, before: list, after: list, labels: HistoryLabels) -> list[Change]:
    """Align the rows (unchanged rows match even when others are inserted) and compare."""
    changes: list[Change] = []
    matcher = SequenceMatcher(a=[_canonical(r) for r in before],
                              b=[_canonical(r) for r in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(paired):
            old, new = before[i1 + offset], after[j1 + offset]
            changes.extend(_diff_object(key, old, new, labels, row=j1 + offset + 1,
                                        row_name=labels.row_title(key, new)))
        for index in range(i1 + paired, i2):
            changes.append(Change(key, REMOVED, before=before[index], row=index + 1,
                                  row_name=labels.row_title(key, before[index]), labels=labels))
        for index in range(j1 + paired, j2):
            changes.append(Change(key, ADDED, after=after[index], row=index + 1,
                                  row_name=labels.row_title(key, after[index]), labels=labels))
    return changes


def diff_snapshots(before: dict, after: dict,
                   labels: HistoryLabels = ACTIVITY_LABELS) -> list[Change]:
    """List what changed from ``before`` to ``after``, in the order of the record."""
    before, after = before or {}, after or {}
    changes: list[Change] = []
    keys = list(after) + [key for key in before if key not in after]
    for key in keys:
        if key in IGNORED_FIELDS:
            continue
        old, new = before.get(key), after.get(key)
        if _same(old, new):
            continue
        if _is_rows(old) or _is_rows(new):
            changes.extend(_diff_rows(key, old or [], new or [], labels))
        elif isinstance(old, dict) or isinstance(new, dict):
            changes.extend(_diff_object(key, old, new, labels))
        else:
            changes.append(Change(key, CHANGED, old, new, labels=labels))
    return changes
