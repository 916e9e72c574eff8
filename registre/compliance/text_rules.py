"""Rule ``texte-provisoire``: a public answer still holding a placeholder ("(à vérifier)"…).

Parents read « Non renseigné » wherever such a text stands (``registre.text.answer``); the
fiche says which field to complete. Only the fields parents may see are read.
"""
from datetime import date

from registre.compliance.findings import WARNING, Finding
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Kind, Source
from registre.models import Activity
from registre.text import is_placeholder

_TEXT_KINDS = frozenset({Kind.TEXT, Kind.LONG_TEXT, Kind.URL, Kind.TEXT_LIST})


def _texts(activity: Activity):
    """Yield ``(field path, French label, value)`` for every public text of the activity."""
    for field in FIELDS:
        if not field.public or field.source is not Source.EDITED:
            continue
        if field.kind in _TEXT_KINDS:
            value = getattr(activity, field.key)
            for item in value if isinstance(value, list) else [value]:
                yield field.key, field.label, item
        elif field.kind is Kind.OBJECT and field.prefixed:
            for part in field.table.fields:
                if part.public and part.kind in _TEXT_KINDS:
                    yield (f"{field.key}.{part.key}", f"{field.label} — {part.label}",
                           getattr(activity, f"{field.key}_{part.key}"))
        elif field.kind is Kind.ROWS:
            for index, row in enumerate(getattr(activity, field.key)):
                for column in field.table.fields:
                    if column.public and column.kind in _TEXT_KINDS:
                        yield (f"{field.key}[{index}].{column.key}",
                               f"{field.label} (ligne {index + 1}) — {column.label}",
                               getattr(row, column.key))


def placeholder_findings(activity: Activity, today: date) -> list[Finding]:
    """One warning per public text that is, or holds, a placeholder."""
    return [
        Finding(rule="texte-provisoire", severity=WARNING, field=path,
                article="RGPD art. 12 (information concise, transparente et compréhensible)",
                message=(f"« {label} » contient un texte provisoire (« {str(value)[:80]} ») : "
                         "les familles lisent « Non renseigné ». Remplacez-le par la réponse."))
        for path, label, value in _texts(activity)
        if isinstance(value, str) and is_placeholder(value)
    ]
