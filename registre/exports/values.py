"""Cell values of the exports: French dates, yes/no, retention and contact summaries."""
from datetime import date

from registre.dates import calendar_day, format_date
from registre.models import FinalFate
from registre.text import duration_text

JOIN = " | "
# Dates in sheets: dd/mm/yyyy, the Paris day of a timestamp (rule of registre/dates.py).
date_text = format_date
# Dates in XLSX and ODS are real date cells (shown dd/mm/yyyy): the writers get a ``date``.
date_cell = calendar_day


def cell_text(value) -> str:
    """A cell value as text (a date as dd/mm/yyyy), for summaries and the PDF."""
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else str(value)


def yes_no(value) -> str:
    """Return "Oui", "Non" or "" (unknown)."""
    return "" if value is None else ("Oui" if value else "Non")


def document_text(document: dict | None) -> tuple[str, str, str]:
    """Return (title, version, url) of a notice or a consent text."""
    document = document or {}
    return (document.get("title") or "", document.get("version") or "",
            document.get("url") or "")


def retention_text(row: dict) -> str:
    """Summarise the retention of a data category in one French sentence."""
    parts = []
    active = duration_text(row.get("active_duration"), row.get("active_unit"))
    if active:
        parts.append(f"{active} en base active")
    if row.get("retention_criteria"):
        parts.append(row["retention_criteria"])
    archive = duration_text(row.get("archive_duration"), row.get("archive_unit"))
    if archive:
        parts.append(f"{archive} en archivage intermédiaire")
    if row.get("final_fate"):
        parts.append(f"sort final : {FinalFate.label_of(row['final_fate'])}")
    return " ; ".join(parts)


def has_sensitive(activity: dict) -> bool:
    """True when one data category is sensitive (art. 9) or an offence (art. 10)."""
    return any(row.get("category") == "sensible" for row in activity["data_categories"])


def contact_text(contact: dict | None) -> str:
    """Return a contact (title, name, address, e-mail, phone) on one line."""
    contact = contact or {}
    return ", ".join(str(contact[key]) for key in ("title", "name", "address", "email",
                                                   "phone", "role_split") if contact.get(key))


def joined(values) -> str:
    """Join a list of texts with " | "."""
    return JOIN.join([str(value) for value in values if value is not None and value != ""])


def labels(enum_cls, values) -> str:
    """Join the French labels of vocabulary values."""
    return joined([enum_cls.label_of(value) for value in values or []])
