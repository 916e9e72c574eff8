"""Shared model building blocks: French-labelled enumerations, enum columns, UTC clock."""
import enum

import sqlalchemy as sa

# The models' timestamp default (naive UTC); the clock itself is registre/dates.py.
from registre.dates import utcnow  # noqa: F401

# The French label of each value, per enumeration (filled on first use by label_of).
_LABELS: dict[type, dict[str, str]] = {}


class LabelledEnum(enum.StrEnum):
    """A string enumeration whose members carry a French label: ``KEY = "value", "Libellé"``."""

    def __new__(cls, value: str, label: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """Return ``(value, label)`` pairs for select fields."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """Return the French label of a stored value, or the value itself when unknown."""
        if value is None:
            return ""
        # A value → label table per enumeration: exports call this millions of times.
        table = _LABELS.get(cls)
        if table is None:
            table = _LABELS[cls] = {member.value: member.label for member in cls}
        label = table.get(value) if isinstance(value, str) else None
        return label if label is not None else str(value)


def enum_column(enum_cls: type[LabelledEnum]) -> sa.Enum:
    """A portable VARCHAR column that stores the enumeration's values (not member names)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )

