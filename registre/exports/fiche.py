"""The rows of one fiche sheet (CNIL sheet 3): labels in column A, values from column B.

Sections come in :data:`registre.exports.layout.CNIL_FICHE_SECTIONS` order; each section
starts with a heading row (its title in A, its column labels from B) followed by one row per
line. The CNIL sections keep the model's own layout (actors as a table, data categories with
their retention in column E…); the description and the school sections give one line per
catalogue field, labelled with its CNIL header or its label. The PDF renders the same rows,
so a fiche reads the same everywhere.
"""
from collections.abc import Iterator

from registre.exports.fields import cell, value_of
from registre.exports.layout import (
    ACTOR_COLUMNS,
    CNIL_DATA_LABELS,
    CNIL_FICHE_SECTIONS,
    CNIL_SENSITIVE_LABELS,
    ORGANISATION_HEADER,
    RETENTION_HEADER,
    retention_text,
)
from registre.fiche.answers import NOT_PROVIDED
from registre.fiche.fields import field
from registre.fiche.kinds import Field, Kind
from registre.fiche.rows import RECIPIENTS, SUBJECT_CATEGORIES, TRANSFERS
from registre.models import DataCategory, RecipientKind, SecurityMeasureKind, SubjectCategory

Row = tuple[bool, list]  # (is a heading, values)
DPO_COMPANY_LINE = "Société du DPO (si celui-ci est externe)"
# The CNIL model's names of the numbered lines of its tables ("Destinataire 1"…).
CNIL_LINES = {"recipients": "Destinataire", "security_measures": "Mesure de sécurité",
              "transfers": "Organisme destinataire"}


def _heading(title: str, *columns: str) -> Row:
    return True, [title, *columns]


def _line(label: str, *values) -> Row:
    return False, [label, *values]


def _actor(label: str, contact: dict | None) -> Row:
    contact = contact or {}
    name = " — ".join(part for part in (contact.get("title"), contact.get("name")) if part)
    return _line(label, name, contact.get("address", ""), "", "", "", contact.get("phone", ""),
                 contact.get("email", ""))


def _field_lines(entry: Field, activity: dict, context) -> Iterator[Row]:
    """The lines of one field in the description or a school section."""
    value = value_of(entry, activity, context)
    if entry.key == "uai":
        yield _line(ORGANISATION_HEADER, f"{context.organisation_name(value)} ({value})")
    elif entry.kind is Kind.ROWS:
        first = entry.table.fields[0].label
        for number, row in enumerate(value or [], start=1):
            yield _line(f"{first} {number}",
                        *(cell(column, row.get(column.key), context)
                          for column in entry.table.fields))
    elif entry.kind is Kind.OBJECT:
        parts = ", ".join(part.label.lower() for part in entry.table.fields)
        yield _line(f"{entry.label} ({parts})",
                    *((value or {}).get(part.key) or "" for part in entry.table.fields))
    else:
        yield _line(entry.cnil or entry.label, cell(entry, value, context))


def _lines(keys: tuple[str, ...], activity: dict, context) -> Iterator[Row]:
    for key in keys:
        yield from _field_lines(field(key), activity, context)


def fiche_rows(activity: dict, context) -> Iterator[Row]:
    """Yield the rows of an activity's fiche."""
    sections = iter(CNIL_FICHE_SECTIONS)
    yield _heading(f"Fiche de registre — {activity['name']}")
    title, keys = next(sections)
    yield _heading(title)
    yield from _lines(keys, activity, context)

    yield _heading(next(sections)[0], *ACTOR_COLUMNS)
    yield _actor(field("controller").cnil, activity.get("controller"))
    yield _actor(field("dpd").cnil, context.dpd_contact)
    yield _line(DPO_COMPANY_LINE)
    yield _actor(field("representative").cnil, activity.get("representative"))
    for row in activity.get("joint_controllers") or [{}]:
        label, values = _actor(field("joint_controllers").cnil, row)
        yield label, values + ([row["role_split"]] if row.get("role_split") else [])

    yield _heading(next(sections)[0])
    yield _line(field("purpose").cnil, activity.get("purpose", ""))
    for number, text in enumerate(activity.get("sub_purposes") or [], start=1):
        yield _line(f"{field('sub_purposes').item_label} {number}", text)

    yield from _data_sections(activity, sections)
    yield from _cnil_tables(activity, context, sections)
    for title, keys in sections:
        first = field(keys[0])
        # A section opening with a row table heads its columns, as the CNIL tables do.
        yield _heading(title, *(column.label for column in first.table.fields)
                       if first.kind is Kind.ROWS else ())
        yield from _lines(keys, activity, context)


def _retention(row: dict) -> str:
    # Art. 30.1.f: a category without a retention is a gap the fiche says, not a blank cell.
    return retention_text(row) or NOT_PROVIDED


def _data_sections(activity: dict, sections) -> Iterator[Row]:
    rows = activity.get("data_categories") or []
    description = field("data_categories").table.field("description").cnil
    yield _heading(next(sections)[0], description, "", "", RETENTION_HEADER)
    for row in rows:
        if row.get("category") != "sensible":
            label = CNIL_DATA_LABELS.get(row["category"]) or DataCategory.label_of(row["category"])
            yield _line(label, row.get("description", ""), "", "", _retention(row))
    yield _heading(next(sections)[0], description, "", "", RETENTION_HEADER)
    for row in rows:
        if row.get("category") == "sensible":
            label = CNIL_SENSITIVE_LABELS.get(row.get("sensitive_kind") or "",
                                              DataCategory.SENSIBLE.label)
            yield _line(label, row.get("description", ""), "", "", _retention(row))


def _cnil_tables(activity: dict, context, sections) -> Iterator[Row]:
    """Persons, recipients, security measures and transfers as the CNIL model lays them out."""
    category, details = SUBJECT_CATEGORIES.fields
    yield _heading(next(sections)[0], category.cnil, "", "", details.cnil)
    for number, row in enumerate(activity.get("subject_categories") or [], start=1):
        yield _line(f"{category.label} {number}", SubjectCategory.label_of(row.get("category")),
                    "", "", row.get("details", ""))

    kind, name, processor, data = RECIPIENTS.fields
    yield _heading(next(sections)[0], kind.cnil, "", "", name.cnil)
    for number, row in enumerate(activity.get("recipients") or [], start=1):
        details = [row.get("name") or ""]
        processor_name = context.processor_name(row.get("processor_id"))
        if processor_name:
            details.append(f"{processor.label.lower()} : {processor_name}")
        if row.get("data_categories"):
            details.append(f"{data.label.lower()} : " + ", ".join(
                DataCategory.label_of(item) for item in row["data_categories"]))
        yield _line(f"{CNIL_LINES['recipients']} {number}",
                    RecipientKind.label_of(row.get("kind")), "", "",
                    " — ".join(part for part in details if part))

    kind, details = field("security_measures").table.fields
    yield _heading(next(sections)[0], kind.cnil, "", "", details.cnil)
    for number, row in enumerate(activity.get("security_measures") or [], start=1):
        yield _line(f"{CNIL_LINES['security_measures']} {number}",
                    SecurityMeasureKind.label_of(row.get("kind")), "", "", row.get("details", ""))

    recipient, country, guarantee, documentation = TRANSFERS.fields
    yield _heading(next(sections)[0], recipient.cnil, country.cnil, guarantee.cnil, "",
                   documentation.cnil)
    for number, row in enumerate(activity.get("transfers") or [], start=1):
        yield _line(f"{CNIL_LINES['transfers']} {number}", row.get("recipient", ""),
                    row.get("country", ""), cell(guarantee, row.get("guarantee"), context), "",
                    row.get("documentation", ""))
