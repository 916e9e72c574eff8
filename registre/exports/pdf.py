"""PDF (WeasyPrint): cover, list of activities, then one fiche per page (organisation scope).

The stylesheet is a file passed as ``stylesheets=`` (no inline style, as the CSP requires of
every page); page numbers come from CSS ``@page`` counters. Texts longer than
:data:`PDF_MAX_TEXT` are cut with a visible note saying so and where the full text is. A PDF is rendered whole, so it is
limited to :data:`PDF_MAX_ACTIVITIES`; larger registers are exported as XLSX, ODS or CSV.

Speed (bench/pdf.py): a fiche is paragraphs and small tables with a fixed layout, the empty
lines of a section are named on one « Non renseigné » line, and the user-agent stylesheet
holds only the rules of the elements printed (export-pdf-ua.css).
"""
import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

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

PDF_MAX_ACTIVITIES = 2000
# A page holds about 4,000 characters: longer texts are cut in the PDF, with a visible note.
PDF_MAX_TEXT = 3000
_BETWEEN_TAGS = re.compile(r">\s+<")


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


class Line(NamedTuple):
    """A fiche line printed as a paragraph: « label : text »."""

    label: str
    text: str


class Table(NamedTuple):
    """Consecutive lines of several values, printed as a table under their column headers."""

    headers: list[str]  # empty when the section names no column
    rows: list[list]


class PrintedSection(NamedTuple):
    """A section of a printed fiche: its title, its lines and tables, what nobody filled in."""

    title: str
    blocks: list
    missing: list[str]


class PrintedFiche(NamedTuple):
    """A fiche as printed: its title, then its sections."""

    title: str
    sections: list[PrintedSection]


def _filled(values: list) -> list:
    """A line's values without its trailing empty cells."""
    while values and values[-1] in (None, ""):
        values = values[:-1]
    return values


def _table(headers: list[str], rows: list[list], missing: list[str]) -> Table:
    """A run of lines as a table; a headed column that no line fills is left out and named
    in ``missing`` instead (« colonne Ville »), so the table keeps its width for the rest."""
    width = max(len(headers), *(len(row) for row in rows))
    padded = [row + [""] * (width - len(row)) for row in rows]
    if not any(headers):  # columns known by their position only (« titre, version, lien »)
        return Table(headers=[], rows=[_clean(row) for row in padded])
    named = headers + [""] * (width - len(headers))
    kept = [0]
    for index in range(1, width):
        if any(row[index] not in (None, "") for row in padded):
            kept.append(index)
        elif named[index] and f"colonne {named[index]}" not in missing:
            missing.append(f"colonne {named[index]}")
    return Table(headers=[named[index] for index in kept],
                 rows=[_clean([row[index] for index in kept]) for row in padded])


def _section(heading: list, lines: list[list]) -> PrintedSection:
    """A section's lines: one value → a paragraph; several → a table (consecutive ones
    together); none → named on the section's « Non renseigné » line."""
    blocks: list = []
    missing: list[str] = []
    run: list[list] = []
    headers = ["", *heading[1:]]
    for values in lines:
        if _is_empty(values):
            missing.append(values[0])
            continue
        values = _filled(values)
        if len(values) == 2:
            if run:
                blocks.append(_table(headers, run, missing))
                run = []
            blocks.append(Line(pdf_text(values[0]), pdf_text(values[1])))
        else:
            run.append(values)
    if run:
        blocks.append(_table(headers, run, missing))
    return PrintedSection(pdf_text(heading[0]), blocks, missing)


def printed_fiche(rows) -> PrintedFiche:
    """A fiche as printed: a title, then sections of paragraphs and tables.

    A line with one value reads « label : value »; lines of several values (actors, data
    categories with their retention, recipients…) form a table under the section's column
    headers, without the columns nobody filled in; the lines nobody filled in are named on
    one « Non renseigné » line per section. Paragraphs and small tables are a third of the
    boxes of one nine-column table per fiche, for WeasyPrint to lay out (bench/pdf.py).
    """
    rows = iter(rows)
    _, title = next(rows)
    sections: list[PrintedSection] = []
    heading, lines = None, []
    for is_heading, values in rows:
        if is_heading:
            if heading is not None:
                sections.append(_section(heading, lines))
            heading, lines = values, []
        else:
            lines.append(values)
    if heading is not None:
        sections.append(_section(heading, lines))
    return PrintedFiche(pdf_text(title[0]), sections)


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
    return print_pdf(html)


@cache
def _printer(folder: str) -> tuple:
    """The document class and the register stylesheet, made once per process."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    user_agent = CSS(filename=str(Path(folder) / "export-pdf-ua.css"))

    class RegisterDocument(HTML):
        # WeasyPrint's whole HTML stylesheet would be matched against every element; the
        # register's templates need a few rules of it (export-pdf-ua.css). A test checks that
        # WeasyPrint still calls this method.
        def _ua_stylesheets(self, forms=False):
            return [user_agent]

    return RegisterDocument, CSS(filename=str(Path(folder) / "export-pdf.css"))


def print_pdf(html: str, *extra_css: str) -> bytes:
    """Print a register page (exports/register.html, exports/records.html) as PDF bytes."""
    from weasyprint import CSS

    document_class, stylesheet = _printer(current_app.static_folder)
    # The indentation between tags is only work for WeasyPrint's pure-Python HTML parser.
    document = document_class(string=_BETWEEN_TAGS.sub("><", html),
                              base_url=current_app.static_folder)
    return document.write_pdf(stylesheets=[stylesheet, *(CSS(string=css) for css in extra_css)])
