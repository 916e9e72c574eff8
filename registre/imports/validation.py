"""Validate an imported activity against the model: vocabularies, types, lengths.

The workspace's form validation (``registre/activities/forms.py``) had not landed on main
when this was written, so every value is checked here against the column types and the
``LabelledEnum`` vocabularies of ``registre/models``. Our own values and French labels are
both accepted; the result holds values only. System fields and ids are dropped.
"""
import re
from datetime import date, datetime
from functools import cache

import sqlalchemy as sa

from registre.activities.serialization import (
    CONTACT_KEYS, DOCUMENT_KEYS, ROW_FIELDS, SCALAR_FIELDS, SYSTEM_FIELDS,
)
from registre.imports.countries import country_code
from registre.imports.vocabulary import normalise
from registre.models import Activity
from registre.models.vocabularies import DataCategory, DpiaCriterion

EDITABLE_SCALARS = [name for name in SCALAR_FIELDS
                    if name not in SYSTEM_FIELDS and name != "hosting_processor_id"]
MAX_TEXT = 100_000
MAX_INTEGER = 100_000
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

FIELD_LABELS = {
    "name": "Nom du traitement", "reference": "N° / RÉF", "purpose": "Finalité principale",
    "sub_purposes": "Sous-finalités", "scope": "Portée", "legal_bases": "Base légale",
    "subject_categories": "Catégories de personnes", "data_categories": "Catégories de données",
    "recipients": "Destinataires", "transfers": "Transferts hors UE",
    "security_measures": "Mesures de sécurité", "joint_controllers": "Responsables conjoints",
    "storage_countries": "Pays de stockage", "dpia_criteria": "Critères d'AIPD",
    "informed": "Personnes informées", "hosting": "Hébergement",
}

REQUIRED_LABELS = {"category": "catégorie", "kind": "type", "basis": "base légale"}


@cache
def _enum_words(enum_cls) -> dict[str, str]:
    """Normalised values and French labels of a vocabulary → value."""
    words = {normalise(member.value): member.value for member in enum_cls}
    words.update({normalise(member.label): member.value for member in enum_cls})
    return words


class Checker:
    """Collects problems for one activity; ``where`` locates them (sheet, row or n°)."""

    def __init__(self, where: str):
        self.where = where
        self.problems: list[tuple[str, str]] = []
        self.failed: set[str] = set()

    def fail(self, field: str, message: str) -> None:
        """Record a problem on a field (row fields arrive already labelled)."""
        label = FIELD_LABELS.get(field, field)
        self.failed.add(field)
        self.problems.append((f"{self.where}, champ « {label} »", message))

    def column(self, model: type, column: str, value, field: str):
        """Return the value converted for ``model.column``, or ``None`` after a problem."""
        column_type = model.__table__.c[column].type
        if value is None or value == "":
            if isinstance(column_type, (sa.Enum, sa.Date, sa.Integer, sa.Boolean)):
                return None
            return ""
        if isinstance(column_type, sa.Enum):
            return self.enum(column_type.enum_class, value, field)
        if isinstance(column_type, sa.Boolean):
            return self.boolean(value, field)
        if isinstance(column_type, sa.Integer):
            return self.integer(value, field)
        if isinstance(column_type, sa.Date):
            return self.date(value, field)
        if isinstance(column_type, sa.String):
            return self.text(value, field, column_type.length)
        return self.text(value, field, None)

    def enum(self, enum_cls, value, field: str):
        if isinstance(value, str):
            if value in enum_cls._value2member_map_:
                return value
            by_key = _enum_words(enum_cls)
            if normalise(value) in by_key:
                return by_key[normalise(value)]
        accepted = " ; ".join(f"« {m.label} »" for m in enum_cls)
        self.fail(field, f"valeur « {value} » inconnue : choisissez parmi {accepted}.")
        return None

    def boolean(self, value, field: str):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and normalise(value) in ("oui", "true", "vrai", "1"):
            return True
        if isinstance(value, str) and normalise(value) in ("non", "false", "faux", "0"):
            return False
        self.fail(field, f"« {value} » n'est pas « Oui » ou « Non ».")
        return None

    def integer(self, value, field: str):
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INTEGER:
            self.fail(field, f"« {value} » n'est pas un nombre entier entre 0 et {MAX_INTEGER}.")
            return None
        return value

    def date(self, value, field: str):
        if isinstance(value, (date, datetime)):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, str):
            text = value.strip()
            match = _FRENCH_DATE.match(text)
            try:
                if match:
                    day, month, year = (int(part) for part in match.groups())
                    return date(year, month, day).isoformat()
                return date.fromisoformat(text).isoformat()
            except ValueError:
                pass
        self.fail(field, f"« {value} » n'est pas une date (jj/mm/aaaa).")
        return None

    def text(self, value, field: str, length: int | None):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(field, "ce n'est pas un texte.")
            return ""
        if "\x00" in value:
            self.fail(field, "le texte contient un caractère nul (U+0000) : retirez-le.")
            return ""
        limit = min(length or MAX_TEXT, MAX_TEXT)
        if len(value) > limit:
            self.fail(field, f"le texte fait {len(value)} caractères, au-delà de la limite de "
                             f"{limit} : raccourcissez-le.")
            return ""
        return value

    def text_list(self, value, field: str) -> list:
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.fail(field, "une liste de textes est attendue.")
            return []
        return [self.text(item, field, None) for item in value]


def validate_activity(data: dict, where: str) -> tuple[dict, list[tuple[str, str]]]:
    """Return ``(clean data, [(where, message)…])`` for one imported activity."""
    check = Checker(where)
    clean: dict = {}
    for name in EDITABLE_SCALARS:
        if name not in data:
            continue
        value = data[name]
        if name == "sub_purposes":
            clean[name] = check.text_list(value, name)
        elif name == "storage_countries":
            clean[name] = _countries(check, value, name)
        elif name == "dpia_criteria":
            clean[name] = [check.enum(DpiaCriterion, item, name)
                           for item in (value if isinstance(value, list) else [value])
                           if item not in (None, "")]
        else:
            converted = check.column(Activity, name, value, name)
            if converted is not None:
                clean[name] = converted
    _processor_links(check, data, clean)
    for name in ("name", "purpose"):
        if name not in check.failed and not str(clean.get(name) or "").strip():
            check.fail(name, "ce champ est obligatoire : remplissez-le.")
    if data.get("representative"):
        clean["representative"] = _mapping(check, data["representative"], CONTACT_KEYS,
                                           "representative")
    for key in ("information_notice", "consent_text"):
        if key in data:
            clean[key] = _mapping(check, data[key], DOCUMENT_KEYS, key) if data[key] else None
    for key, (model, columns) in ROW_FIELDS.items():
        # A new activity has no rows unless given; setting [] also spares a lazy load each.
        clean[key] = _rows(check, model, columns, data.get(key), key)
    return clean, check.problems


def _processor_links(check: Checker, data: dict, clean: dict) -> None:
    """Keep processor ids and names as given; the service resolves them in the catalogue."""
    value = data.get("hosting_processor_id")
    if isinstance(value, int) and not isinstance(value, bool):
        clean["hosting_processor_id"] = value
    if data.get("hosting_processor_name"):
        clean["hosting_processor_name"] = check.text(data["hosting_processor_name"],
                                                     "hosting", 300)


def _countries(check: Checker, value, field: str) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    codes = []
    for item in items:
        code = country_code(item) if isinstance(item, str) else None
        if code is None:
            check.fail(field, f"pays « {item} » inconnu : code ISO à deux lettres attendu.")
        else:
            codes.append(code)
    return codes


def _mapping(check: Checker, value, keys: tuple, field: str) -> dict | None:
    if not isinstance(value, dict):
        check.fail(field, "un objet est attendu.")
        return None
    return {key: check.text(value.get(key) or "", field, 2000) for key in keys}


def _rows(check: Checker, model: type, columns: tuple, value, key: str) -> list[dict]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        check.fail(key, "une liste de lignes est attendue.")
        return []
    rows = []
    for number, row in enumerate(value, start=1):
        field = f"{FIELD_LABELS.get(key, key)}, ligne {number}"
        if not isinstance(row, dict):
            check.fail(field, "un objet est attendu.")
            continue
        clean = {}
        for column in columns:
            item = row.get(column)
            if column == "processor_id":
                clean[column] = item if isinstance(item, int) and not isinstance(item, bool) \
                    else None
                if row.get("processor_name"):
                    clean["processor_name"] = check.text(row["processor_name"], field, 300)
            elif column == "data_categories":
                items = item if isinstance(item, list) else [item] if item else []
                clean[column] = [check.enum(DataCategory, entry, field) for entry in items]
            elif column == "country" and item:
                code = country_code(item) if isinstance(item, str) else None
                if code is None:
                    check.fail(field, f"pays « {item} » inconnu : code ISO à deux lettres "
                                      "ou nom français attendu.")
                clean[column] = code or ""
            else:
                clean[column] = check.column(model, column, item, field)
        required = [c for c in columns if not model.__table__.c[c].nullable
                    and isinstance(model.__table__.c[c].type, sa.Enum)]
        for column in required:
            if row.get(column) in (None, ""):
                check.fail(field, f"la colonne « {REQUIRED_LABELS.get(column, column)} » est "
                                  "obligatoire.")
        rows.append(clean)
    return rows
