"""PDF (WeasyPrint): cover, list of activities, then one fiche per page (organisation scope).

The stylesheet is a file passed as ``stylesheets=`` (no inline style, as the CSP requires of
every page); page numbers come from CSS ``@page`` counters. Texts longer than
:data:`PDF_MAX_TEXT` are cut with a visible note saying so and where the full text is. A PDF is rendered whole, so it is
limited to :data:`PDF_MAX_ACTIVITIES`; larger registers are exported as XLSX, ODS or CSV.

Speed (bench/pdf.py): tables have a fixed layout with column widths set in the stylesheet,
and the empty lines of a fiche are named on one « Non renseigné » line per section.
"""
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from flask import current_app, render_template

from registre.cells import clean_text
from registre.exports.fiche import fiche_rows
from registre.exports.layout import (
    ORGANISATION_HEADER,
    REGISTRE_GROUPS,
    date_text,
    has_sensitive,
    yes_no,
)
from registre.exports.services import ExportError
from registre.exports.values import cell_text
from registre.fiche.fields import label
from registre.models import Status
from registre.templating import NOT_PROVIDED

PDF_MAX_ACTIVITIES = 2000
# A page holds about 4,000 characters: longer texts are cut in the PDF, with a visible note.
PDF_MAX_TEXT = 3000
_BETWEEN_TAGS = re.compile(r">\s+<")
FICHE_COLUMNS = 9  # label + 8 values (the widest rows: actors, data categories)


def pdf_text(value):
    """A text as printed: cleaned, and marked when too long for a page (never cut silently)."""
    if isinstance(value, date):
        return cell_text(value)
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if len(value) > PDF_MAX_TEXT:
        return (f"{value[:PDF_MAX_TEXT]} […] (texte coupé dans le PDF : {len(value)} caractères "
                "au total ; texte complet dans les exports XLSX, ODS, CSV et JSON)")
    return value


def _clean(values: list) -> list:
    return [pdf_text(value) for value in values]


def _is_empty(values: list) -> bool:
    return all(value in (None, "") for value in values[1:])


def _line(values: list) -> tuple[bool, list, int]:
    """A line without its trailing empty cells; its last cell spans the columns left."""
    while values[-1] in (None, ""):
        values = values[:-1]
    return False, _clean(values), FICHE_COLUMNS - len(values) + 1


def printed_fiche(rows) -> list[tuple[bool, list, int]]:
    """A fiche's rows as printed, ``(heading, values, span of the last cell)``.

    In each section the lines nobody filled in are gathered into one « Non renseigné » line
    that names them, and a line's last cell takes the width left: fewer, shorter rows (each
    table cell costs WeasyPrint about a millisecond), and the same reading.
    """
    printed: list[tuple[bool, list, int]] = []
    missing: list[str] = []

    def flush():
        if missing:
            printed.append(_line([NOT_PROVIDED, " · ".join(missing)]))
            missing.clear()

    for heading, values in rows:
        if heading:
            flush()
            printed.append((True, _clean(values), 1))
        elif _is_empty(values):
            missing.append(values[0])
        else:
            printed.append(_line(values))
    flush()
    return printed


def list_table(context, activities: list[dict]) -> tuple[list[str], list[list]]:
    """The list of activities: headers and rows (with the organisation beyond one of them)."""
    headers = [label("reference"), label("name"), REGISTRE_GROUPS["E"],
               label("has_sensitive_data"), label("status"), label("updated_at")]
    rows = [[activity["reference"], activity["name"], activity["purpose"],
             yes_no(has_sensitive(activity)), Status.label_of(activity["status"]),
             date_text(activity["updated_at"])] for activity in activities]
    if context.scope != "organisation":
        headers.insert(0, ORGANISATION_HEADER)
        for row, activity in zip(rows, activities):
            row.insert(0, f"{context.organisation_name(activity['uai'])} ({activity['uai']})")
    return headers, [_clean(row) for row in rows]


def render_pdf(context, activities: Iterable[dict]) -> bytes:
    """Render the register as PDF bytes."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    selected = []
    for activity in activities:
        selected.append(activity)
        if len(selected) > PDF_MAX_ACTIVITIES:
            limit = f"{PDF_MAX_ACTIVITIES:,}".replace(",", "\u202f")
            raise ExportError(f"Plus de {limit} traitements : un PDF serait illisible. "
                              "Exportez ce registre en XLSX, ODS ou CSV.")
    fiches = []
    if context.with_fiches:
        fiches = [printed_fiche(fiche_rows(activity, context)) for activity in selected]
    list_headers, list_rows = list_table(context, selected)
    html = render_template(
        "exports/register.html", context=context, activities=selected, fiches=fiches,
        list_headers=list_headers, list_rows=list_rows,
        status_label=(f"statut : {Status.label_of(context.status)}" if context.status
                      else "tous les statuts"))
    stylesheet = CSS(filename=str(Path(current_app.static_folder) / "export-pdf.css"))
    # The indentation between tags is only work for WeasyPrint's pure-Python HTML parser.
    html = _BETWEEN_TAGS.sub("><", html)
    return HTML(string=html, base_url=current_app.static_folder).write_pdf(
        stylesheets=[stylesheet])
