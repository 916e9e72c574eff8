"""Read the cells of an already checked .xlsx or .ods file as text grids (row 1 = index 0).

XLSX goes through openpyxl (``read_only``, ``data_only``: cached values, never formulas).
ODS ``content.xml`` is read with defusedxml's iterparse: no DTD, no entity, no external
reference can be resolved, and repeated empty cells are counted, never materialised.
"""
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from defusedxml.ElementTree import iterparse

from registre.dates import DATE_FORMAT, DATETIME_FORMAT
from registre.imports.safety import ImportRefused

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
# A filled register never needs more; repeated blank rows at the end are not materialised.
MAX_ROWS_PER_SHEET = 20_000
MAX_COLUMNS = 200


@dataclass
class Sheet:
    """One sheet: ``rows[i][j]`` is the text of row i+1, column j+1 (stripped of nothing)."""

    name: str
    rows: list[list[str]] = field(default_factory=list)

    def cell(self, row: int, column: int) -> str:
        """Return the text at 0-based (row, column), or ``""``."""
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""


def cell_text(value) -> str:
    """Convert a spreadsheet value to the text a user sees (dates as dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime):
        # A spreadsheet's date-time is a wall-clock time: shown as typed, never converted.
        if value.time() == time(0, 0):
            return value.strftime(DATE_FORMAT)
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes) -> list[Sheet]:
    """Return every worksheet of an .xlsx file as text grids."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a broken workbook
        raise ImportRefused("Le classeur Excel (.xlsx) est endommagé ou illisible : "
                            "ouvrez-le dans votre tableur et enregistrez-le à nouveau.") from None
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            sheet = Sheet(worksheet.title)
            for index, row in enumerate(worksheet.iter_rows(values_only=True)):
                if index >= MAX_ROWS_PER_SHEET:
                    raise ImportRefused(
                        f"La feuille « {worksheet.title} » dépasse {MAX_ROWS_PER_SHEET} lignes : "
                        "découpez le registre en plusieurs fichiers.")
                sheet.rows.append([cell_text(value) for value in row[:MAX_COLUMNS]])
            _trim(sheet)
            sheets.append(sheet)
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused("Le classeur Excel (.xlsx) est endommagé (feuille illisible) : "
                            "enregistrez-le à nouveau depuis votre tableur.") from None
    finally:
        workbook.close()
    return sheets


def read_ods(data: bytes) -> list[Sheet]:
    """Return every table of an .ods file as text grids."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
            return _read_ods_content(stream)
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused("Le tableur OpenDocument (.ods) est endommagé ou illisible : "
                            "enregistrez-le à nouveau depuis votre tableur.") from None


def _read_ods_content(stream) -> list[Sheet]:
    sheets: list[Sheet] = []
    sheet: Sheet | None = None
    row: list[str] | None = None
    depth_in_cell = 0
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True,
                                    forbid_entities=True, forbid_external=True):
        tag = element.tag
        if event == "start":
            if tag == TABLE + "table":
                sheet = Sheet(element.get(TABLE + "name", ""))
                sheets.append(sheet)
            elif tag == TABLE + "table-row" and sheet is not None:
                row = []
            elif tag in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                depth_in_cell += 1
            continue
        if tag in (TABLE + "table-cell", TABLE + "covered-table-cell") and row is not None:
            depth_in_cell -= 1
            repeat = min(int(element.get(TABLE + "number-columns-repeated", "1")), MAX_COLUMNS)
            text = "\n".join(_paragraph_text(p) for p in element.findall(TEXT + "p"))
            if len(row) < MAX_COLUMNS:
                if text:
                    row.extend([text] * repeat)
                else:
                    row.extend([""] * repeat)
            element.clear()
        elif tag == TABLE + "table-row" and sheet is not None and row is not None:
            repeat = int(element.get(TABLE + "number-rows-repeated", "1"))
            del row[MAX_COLUMNS:]
            while row and not row[-1]:
                row.pop()
            if row:
                for _ in range(min(repeat, MAX_ROWS_PER_SHEET)):
                    sheet.rows.append(list(row))
            else:
                # Blank rows are kept as positions only (a template repeats thousands of them).
                sheet.rows.extend([] for _ in range(min(repeat, MAX_ROWS_PER_SHEET)))
            if len(sheet.rows) > MAX_ROWS_PER_SHEET:
                _trim(sheet)
                if len(sheet.rows) > MAX_ROWS_PER_SHEET:
                    raise ImportRefused(
                        f"La feuille « {sheet.name} » dépasse {MAX_ROWS_PER_SHEET} lignes : "
                        "découpez le registre en plusieurs fichiers.")
            row = None
            element.clear()
        elif tag == TABLE + "table" and sheet is not None:
            _trim(sheet)
            element.clear()
    return sheets


def _paragraph_text(paragraph) -> str:
    """Text of a ``text:p`` with its spaces, tabs and line breaks (ODF 1.2, 6.1)."""
    parts = [paragraph.text or ""]
    for child in paragraph:
        if child.tag == TEXT + "s":
            parts.append(" " * int(child.get(TEXT + "c", "1")))
        elif child.tag == TEXT + "tab":
            parts.append("\t")
        elif child.tag == TEXT + "line-break":
            parts.append("\n")
        else:
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _trim(sheet: Sheet) -> None:
    while sheet.rows and not any(sheet.rows[-1]):
        sheet.rows.pop()
