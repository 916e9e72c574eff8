"""XLSX writer (openpyxl ``write_only``): every text a string cell, never a formula.

Formula-like texts (see :mod:`registre.exports.cells`) and texts openpyxl would take for an
error code (``#N/A``…) are written as explicit string cells (``data_type='s'``) with
``quotePrefix``, so Excel and LibreOffice show the literal text, also after an edit.
Sheets are streamed to temporary files by openpyxl; the whole register is never in memory.
"""
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font

from registre.cells import FORMULA_PREFIXES, is_formula_like
from registre.exports.cells import LONG_TEXT_HEADERS, LONG_TEXT_SHEET, SheetBase

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_ERROR_CODES = frozenset(ERROR_CODES)
# First characters that need an explicit string cell: formula-like texts, error codes (#…).
_RISKY_START = FORMULA_PREFIXES | {"#"}


class XlsxSheet(SheetBase):
    """One write-only worksheet."""

    def __init__(self, worksheet, overflow: list):
        super().__init__(worksheet.title, overflow)
        self.worksheet = worksheet

    def append(self, values, heading: bool = False) -> None:
        """Write one row (texts made safe first; plain values go to openpyxl as they are)."""
        if heading:
            row = [self._text_cell(value, True) if isinstance(value, str) and value else None
                   for value in self.prepare(values)]
        else:
            row = [None if value == "" else
                   self._text_cell(value, False)
                   if isinstance(value, str) and value[0] in _RISKY_START else value
                   for value in self.prepare(values)]
        self.worksheet.append(row)

    def _text_cell(self, value: str, heading: bool) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.worksheet, value)
        cell.data_type = "s"  # never "f" (formula) nor "e" (error)
        if heading:
            cell.font = _BOLD
            cell.alignment = _WRAP
        if is_formula_like(value) or value in _ERROR_CODES:
            cell.quotePrefix = True
        return cell


class XlsxBook:
    """A write-only workbook whose sheets may be filled in any interleaved order."""

    extension = "xlsx"
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.overflow: list = []

    def add_sheet(self, name: str, index: int | None = None,
                  widths: dict[str, float] | None = None) -> XlsxSheet:
        """Create a sheet (at ``index`` when given)."""
        worksheet = self.workbook.create_sheet(name, index)
        for letter, width in (widths or {}).items():
            worksheet.column_dimensions[letter].width = width
        return XlsxSheet(worksheet, self.overflow)

    def save(self, target) -> None:
        """Write the file (a path or a binary file object)."""
        if self.overflow:
            sheet = self.add_sheet(LONG_TEXT_SHEET)
            sheet.append(LONG_TEXT_HEADERS, heading=True)
            for row in self.overflow:
                # Continuation parts are at most 32,000 characters: prepare() never splits them.
                sheet.append(row)
        self.workbook.save(target)
