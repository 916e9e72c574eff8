"""Exports of the other registers (breaches, rights requests) in the five formats.

A register describes its export once as a :class:`RecordExport` (a list sheet, one fiche
per record in sections, the JSON records); this module writes it with the same writers and
the same cell-safety rules as the activity register (XLSX and ODS string cells, CSV escaping,
PDF cut texts): see ``registre/exports/README.md``.
"""
import io
import json
from dataclasses import dataclass, field
from datetime import datetime

from flask import Response, render_template
from werkzeug.exceptions import NotFound

from registre.cells import BOM, csv_line
from registre.exports.layout import fiche_sheet_name
from registre.exports.ods import OdsBook
from registre.exports.pdf import pdf_text, print_pdf
from registre.exports.render import MIMETYPES
from registre.xlsx import XlsxBook

_BOOKS = {"xlsx": XlsxBook, "ods": OdsBook}
_FICHE_WIDTHS = {"A": 45, "B": 80}


@dataclass
class RecordFiche:
    """One record on its own sheet or PDF page: sections of (label, value) rows."""

    reference: str
    title: str
    sections: list[tuple[str, list[tuple[str, object]]]]

    def rows(self) -> list[tuple[bool, list]]:
        """The sheet's rows: (is_heading, values)."""
        rows: list[tuple[bool, list]] = [(True, [f"{self.reference} — {self.title}"])]
        for section, items in self.sections:
            rows.append((True, [section]))
            rows.extend((False, [label, value]) for label, value in items)
        return rows


@dataclass
class RecordExport:
    """What one register exports, whatever the format."""

    kind: str  # in the file name, e.g. "violations"
    title: str  # e.g. "Registre des violations de données"
    scope_label: str  # the organisation or the académie
    code: str  # UAI or académie code
    generated_at: datetime
    list_sheet: str
    headers: list[str]
    rows: list[list]
    json_format: str
    json_records_key: str
    records: list[dict]
    header_lines: list[tuple[str, str]] = field(default_factory=list)
    fiches: list[RecordFiche] = field(default_factory=list)

    def filename(self, fmt: str) -> str:
        """``violations-0921702A-2026-11-28.xlsx``."""
        return f"{self.kind}-{self.code}-{self.generated_at:%Y-%m-%d}.{fmt}"


def _workbook(export: RecordExport, fmt: str) -> bytes:
    book = _BOOKS[fmt]()
    sheet = book.add_sheet(export.list_sheet, widths={"A": 16, "B": 22, "C": 22, "D": 50})
    sheet.append([f"{export.title} — {export.scope_label}"], heading=True)
    for label, value in export.header_lines:
        sheet.append([label, value])
    sheet.headers = tuple(export.headers)
    sheet.append(export.headers, heading=True)
    for row in export.rows:
        sheet.append(row)
    taken = {export.list_sheet.casefold()}
    for fiche in export.fiches:
        name = fiche_sheet_name({"reference": fiche.reference, "name": fiche.title}, taken)
        fiche_sheet = book.add_sheet(name, widths=_FICHE_WIDTHS)
        for heading, values in fiche.rows():
            fiche_sheet.append(values, heading=heading)
    target = io.BytesIO()
    book.save(target)
    return target.getvalue()


def _csv(export: RecordExport) -> bytes:
    lines = [BOM + csv_line(export.headers)]
    lines.extend(csv_line(row) for row in export.rows)
    return "".join(lines).encode("utf-8")


def _json(export: RecordExport) -> bytes:
    document = {"format": export.json_format,
                "export": {"generated_at": export.generated_at.replace(microsecond=0)
                           .isoformat() + "Z", "scope": export.scope_label, "code": export.code},
                export.json_records_key: export.records}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _pdf(export: RecordExport) -> bytes:
    html = render_template(
        "exports/records.html", export=export,
        rows=[[pdf_text(value) for value in row] for row in export.rows],
        fiches=[[(heading, [pdf_text(value) for value in values])
                 for heading, values in fiche.rows()] for fiche in export.fiches])
    footer = export.title.replace('"', "'")
    return print_pdf(html, f'@page {{ @bottom-left {{ content: "{footer}" }} }}')


def export_records(export: RecordExport, fmt: str) -> bytes:
    """Return the export's file in ``fmt`` (xlsx, ods, csv, json, pdf)."""
    if fmt in _BOOKS:
        return _workbook(export, fmt)
    if fmt == "csv":
        return _csv(export)
    if fmt == "json":
        return _json(export)
    return _pdf(export)


def download_response(export: RecordExport, fmt: str) -> Response:
    """The export as a download (404 for an unknown format), never cached."""
    if fmt not in MIMETYPES:
        raise NotFound()
    response = Response(export_records(export, fmt), content_type=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename(fmt)}"'
    # Internal data (names, contacts, security incidents): never kept by a cache.
    response.headers["Cache-Control"] = "no-store"
    return response
