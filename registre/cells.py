"""Spreadsheet cells: every safety rule, and the cell writing of our CSV and ODS files (the
XLSX writer, registre/xlsx.py, follows the same rules).

The register exports (registre/exports/), the compliance exports (registre/compliance/export.py)
and the open data (registre/public/opendata.py) write their cells here, so that one file
format follows one rule everywhere (also in registre/exports/README.md, "Safe to open"):

1. **Formulas.** A text is *formula-like* when it starts with ``= + - @``, a tab, CR or LF,
   one of the full-width forms ``＝ ＋ － ＠``, or with blanks (spaces, no-break or
   full-width spaces…) followed by one of those signs (a spreadsheet that trims spaces on
   import would see a formula). XLSX: every text is a string cell (``data_type='s'``), never
   a formula; formula-like texts (and error-code texts such as ``#N/A``) carry ``quotePrefix``;
   the text is unchanged. ODS: every text is an ``office:value-type="string"`` cell, unchanged.
   CSV: a formula-like text, or a text already starting with ``'``, gets one leading
   apostrophe; removing ONE leading apostrophe gives the original (:func:`unescape_csv`).
2. **Characters XML cannot hold** (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, lone
   surrogates, U+FFFE, U+FFFF) become U+FFFD in XLSX, ODS, CSV (and the PDF); tab and LF are
   kept; in XLSX and ODS a CR (or CR LF) is written as LF.
3. **Long texts.** A spreadsheet cell holds at most 32,767 characters (Excel). In XLSX and ODS
   a longer text is cut after 32,000 characters followed by :data:`LONG_TEXT_MARKER`; the rest
   goes, in parts of 32,000 characters, to the sheet « Textes longs » (Feuille · Ligne ·
   Colonne · Partie · Suite du texte); :func:`join_long_text` rebuilds it. CSV keeps it whole.
4. **Dates.** A ``date`` value is a date cell shown ``dd/mm/yyyy`` in XLSX (number format
   :data:`XLSX_DATE_FORMAT`) and ODS (``office:value-type="date"``, style :data:`ODS_DATE_STYLE`),
   so that sorting and filtering by date work; a CSV field holds the text ``dd/mm/yyyy``.
"""
import csv
import io
import re
from datetime import date
from xml.sax.saxutils import escape

from registre.dates import DATE_FORMAT

EXCEL_CELL_LIMIT = 32_767
CHUNK = 32_000
LONG_TEXT_SHEET = "Textes longs"
LONG_TEXT_HEADERS = ("Feuille", "Ligne", "Colonne", "Partie", "Suite du texte")
LONG_TEXT_MARKER = " […] (suite dans la feuille « Textes longs »)"
REPLACEMENT = "\ufffd"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
ODS_DATE_STYLE = "ced"  # a cell style defined by every ODS writer, with a dd/mm/yyyy data style

FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# Blanks a spreadsheet may trim before reading a formula: every Unicode space, zero widths.
BLANKS = "".join(char for char in map(chr, range(0x3001)) if char.isspace()) + "\u200b\u2060\ufeff"
# A first character that needs a closer look: a sign, a tab or line break, or another blank.
FORMULA_STARTS = FORMULA_SIGNS | frozenset(BLANKS)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEEDS_WORK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ud800-\udfff\ufffe\uffff]")


def is_formula_like(value) -> bool:
    """Tell whether a spreadsheet could take this value for a formula."""
    if not isinstance(value, str) or not value or value[0] not in FORMULA_STARTS:
        return False
    if value[0] in FORMULA_SIGNS or value[0] in "\t\r\n":
        return True
    rest = value.lstrip(BLANKS)
    return bool(rest) and rest[0] in FORMULA_SIGNS


def clean_text(text: str) -> str:
    """Replace the characters XML 1.0 cannot hold by U+FFFD."""
    return _ILLEGAL_XML.sub(REPLACEMENT, text)


def sheet_text(text: str) -> str:
    """A text as a spreadsheet cell holds it: cleaned, CR and CR LF as LF."""
    text = clean_text(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --- CSV -----------------------------------------------------------------------------------

BOM = "\ufeff"  # first in every CSV file, so that spreadsheets read it as UTF-8


def csv_cell(value):
    """A CSV field: texts cleaned, an apostrophe before formula-like ones; Oui/Non; numbers."""
    if isinstance(value, str):
        text = clean_text(value)
    elif value is None:
        return ""
    elif isinstance(value, bool):
        return "Oui" if value else "Non"
    elif isinstance(value, (int, float)):
        return value
    elif isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    else:
        text = clean_text(str(value))
    if text and text[0] in _CSV_RISKY and (text[0] == "'" or is_formula_like(text)):
        return "'" + text
    return text


# First characters of CSV texts that get a closer look: formula starts, the apostrophe itself.
_CSV_RISKY = FORMULA_STARTS | {"'"}


def csv_line(values) -> str:
    """One CSV line (``;`` separated, CRLF, every field quoted), each made safe by
    :func:`csv_cell`: a ``;``, a quote or a line break inside a text never shifts a column."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerow(
        [csv_cell(value) for value in values])
    return buffer.getvalue()


def unescape_csv(field: str) -> str:
    """Undo :func:`csv_cell` on a text (one leading apostrophe removed)."""
    return field[1:] if field.startswith("'") else field


# --- long texts ----------------------------------------------------------------------------

def split_long_text(text: str) -> tuple[str, list[str]]:
    """Split a text too long for a cell into the cell value and its continuation parts."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text, []
    parts = [text[start:start + CHUNK] for start in range(CHUNK, len(text), CHUNK)]
    return text[:CHUNK] + LONG_TEXT_MARKER, parts


def join_long_text(cell: str, parts: list[str]) -> str:
    """Rebuild a long text from its cell value and its parts (inverse of the split)."""
    if cell.endswith(LONG_TEXT_MARKER):
        return cell[: -len(LONG_TEXT_MARKER)] + "".join(parts)
    return cell


class SheetBase:
    """What every sheet writer shares: row numbers and long-text continuations."""

    def __init__(self, name: str, overflow: list):
        self.name = name
        self.rows = 0
        self.headers: tuple = ()
        self._overflow = overflow
        # (row, columns) of the column headers: rows up to it frozen, filters on it.
        self.header_row: tuple[int, int] | None = None

    def freeze_and_filter(self, row: int, columns: int) -> None:
        """Freeze the rows up to ``row`` (the column headers) and put filters on it, over
        ``columns`` columns down to the last row, as the CNIL model's list does.
        Call it before the first row is written."""
        self.header_row = (row, columns)

    def filter_range(self) -> tuple[int, int, int] | None:
        """(header row, last row, columns) of the filtered range, when there is one."""
        if self.header_row is None:
            return None
        row, columns = self.header_row
        return row, max(self.rows, row), columns

    def prepare(self, values) -> list:
        """Return the row's values made safe (texts cleaned and split when too long)."""
        self.rows += 1
        # Fast path (almost every row): one scan of all the row's texts at once.
        texts = "\n".join([value for value in values if isinstance(value, str)])
        if len(texts) <= EXCEL_CELL_LIMIT and not _NEEDS_WORK.search(texts):
            return values
        prepared = []
        for index, value in enumerate(values):
            if isinstance(value, str):
                value = sheet_text(value)
                if len(value) > EXCEL_CELL_LIMIT:
                    value, parts = split_long_text(value)
                    column = self.headers[index] if index < len(self.headers) else str(index + 1)
                    for number, part in enumerate(parts, start=2):
                        self._overflow.append((self.name, self.rows, column, number, part))
            prepared.append(value)
        return prepared


def write_long_text_sheet(book) -> None:
    """Add the « Textes longs » sheet to a book when some text overflowed its cell."""
    if book.overflow:
        sheet = book.add_sheet(LONG_TEXT_SHEET)
        sheet.append(LONG_TEXT_HEADERS, heading=True)
        for row in book.overflow:
            # Parts are at most 32,000 characters: prepare() never splits them again.
            sheet.append(row)


# --- XLSX: registre/xlsx.py (the writer, with the rules above) ---------------------------

# --- ODS -----------------------------------------------------------------------------------

_SPACES = re.compile(r"  +|^ | $|\t")


def _spaces(match: re.Match) -> str:
    text = match.group(0)
    if text == "\t":
        return "<text:tab/>"
    if len(text) == 1:
        return "<text:s/>"
    return f' <text:s text:c="{len(text) - 1}"/>'


def _paragraphs(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "".join(f"<text:p>{_SPACES.sub(_spaces, escape(line))}</text:p>" for line in lines)


def ods_cell(value, heading: bool = False) -> str:
    """One ODF ``table:table-cell``: texts are string cells (never formulas), numbers floats."""
    style = ' table:style-name="ceh"' if heading else ""
    if value is None or value == "":
        return f"<table:table-cell{style}/>"
    if isinstance(value, bool):
        value = "Oui" if value else "Non"
    if isinstance(value, (int, float)):
        return (f'<table:table-cell{style} office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, date):
        return (f'<table:table-cell table:style-name="{ODS_DATE_STYLE}" office:value-type="date" '
                f'office:date-value="{value.isoformat()}">'
                f"<text:p>{value.strftime(DATE_FORMAT)}</text:p></table:table-cell>")
    return (f'<table:table-cell{style} office:value-type="string">{_paragraphs(str(value))}'
            "</table:table-cell>")
