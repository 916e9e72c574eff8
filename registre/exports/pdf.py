"""PDF (WeasyPrint): cover, list of activities, then one fiche per page (organisation scope).

The stylesheet is a file passed as ``stylesheets=`` (no inline style, as the CSP requires of
every page); page numbers come from CSS ``@page`` counters. Texts longer than
:data:`PDF_MAX_TEXT` are cut with a visible note saying so and where the full text is. A PDF is rendered whole, so it is
limited to :data:`PDF_MAX_ACTIVITIES`; larger registers are exported as XLSX, ODS or CSV.
"""
from collections.abc import Iterable
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
from registre.fiche.fields import label
from registre.models import Status

PDF_MAX_ACTIVITIES = 2000
# A page holds about 4,000 characters: longer texts are cut in the PDF, with a visible note.
PDF_MAX_TEXT = 3000


def pdf_text(value):
    """A text as printed: cleaned, and marked when too long for a page (never cut silently)."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if len(value) > PDF_MAX_TEXT:
        return (f"{value[:PDF_MAX_TEXT]} […] (texte coupé dans le PDF : {len(value)} caractères "
                "au total ; texte complet dans les exports XLSX, ODS, CSV et JSON)")
    return value


def _clean(values: list) -> list:
    return [pdf_text(value) for value in values]


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
        fiches = [[(heading, _clean(values)) for heading, values in fiche_rows(activity, context)]
                  for activity in selected]
    list_headers, list_rows = list_table(context, selected)
    html = render_template(
        "exports/register.html", context=context, activities=selected, fiches=fiches,
        list_headers=list_headers, list_rows=list_rows,
        status_label=(f"statut : {Status.label_of(context.status)}" if context.status
                      else "tous les statuts"))
    stylesheet = CSS(filename=str(Path(current_app.static_folder) / "export-pdf.css"))
    return HTML(string=html, base_url=current_app.static_folder).write_pdf(
        stylesheets=[stylesheet])
