"""XLSX writer: the Office Open XML package written directly, each sheet streamed.

openpyxl's ``write_only`` mode builds an XML element per cell to serialise it, which costs
more than everything else of an académie export (bench/README.md); here each row is one
string of ``<c>`` elements, written to the sheet's spooled temporary file, and the parts are
zipped at the end, as the ODS writer does. The cells follow every rule of
:mod:`registre.cells`: a text is always an inline string (``t="inlineStr"``, never a formula
nor an error value), formula-like texts and error codes carry ``quotePrefix``, dates are date
cells in ``DD/MM/YYYY``. The files are read back by openpyxl, pandas and LibreOffice in the
tests (tests/test_cells.py, tests/test_exports*.py).
"""
import tempfile
import zipfile
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from registre.cells import (
    FORMULA_STARTS,
    XLSX_DATE_FORMAT,
    SheetBase,
    is_formula_like,
    write_long_text_sheet,
)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Cell styles (cellXfs below): 0 plain, 1 heading (bold, wrapped, top), 2 quote-prefixed
# text, 3 quote-prefixed heading, 4 date.
_HEADING, _QUOTED, _DATE = 1, 2, 4
_STYLES = (
    f'{_HEADER}<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{XLSX_DATE_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyFont="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles></styleSheet>')
_ERROR_CODES = frozenset(ERROR_CODES)
# First characters of texts that need a closer look: formula-like, error codes (#…).
_RISKY = FORMULA_STARTS | {"#"}
_BLANK_EDGES = frozenset(" \t\n\u00a0")
_EPOCH = date(1899, 12, 30)  # day 0 of the 1900 date system (with Excel's leap-year bug)
_LETTERS = [get_column_letter(index) for index in range(1, 16385)]


def _text(reference: str, text: str, style: int) -> str:
    if not text:
        return ""
    body = escape(text)
    space = ' xml:space="preserve"' if text[0] in _BLANK_EDGES or text[-1] in _BLANK_EDGES else ""
    style_attribute = f' s="{style}"' if style else ""
    return f'<c r="{reference}"{style_attribute} t="inlineStr"><is><t{space}>{body}</t></is></c>'


def _cell(reference: str, value, heading: bool) -> str:
    """One ``<c>`` element (texts are inline strings: never a formula)."""
    if isinstance(value, str):
        quoted = value[0] in _RISKY and (is_formula_like(value) or value in _ERROR_CODES)
        return _text(reference, value, (_HEADING if heading else 0) + (_QUOTED if quoted else 0))
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        style = f' s="{_HEADING}"' if heading else ""
        return f'<c r="{reference}"{style} t="n"><v>{value!r}</v></c>'
    if value.__class__ is date:
        return f'<c r="{reference}" s="{_DATE}" t="n"><v>{(value - _EPOCH).days}</v></c>'
    return _text(reference, str(value), _HEADING if heading else 0)


class XlsxSheet(SheetBase):
    """One worksheet, its rows streamed to a spooled temporary file."""

    def __init__(self, name: str, overflow: list, widths: dict[str, float] | None):
        super().__init__(name, overflow)
        self.widths = widths or {}
        self.file = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+",  # noqa: SIM115
                                                  encoding="utf-8")

    def append(self, values, heading: bool = False) -> None:
        """Write one row (texts made safe first)."""
        values = self.prepare(values)
        number = str(self.rows)
        cells = [_cell(_LETTERS[index] + number, value, heading)
                 for index, value in enumerate(values) if value is not None and value != ""]
        self.file.write(f'<row r="{number}">{"".join(cells)}</row>')

    def part(self) -> str:
        """The worksheet part around the streamed rows: (head, tail)."""
        view = ""
        if self.header_row:
            row = self.header_row[0]
            view = (f'<pane ySplit="{row}" topLeftCell="A{row + 1}" activePane="bottomLeft" '
                    'state="frozen"/><selection pane="bottomLeft"/>')
        columns = "".join(
            f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
            for index, width in sorted((_LETTERS.index(letter) + 1, width)
                                       for letter, width in self.widths.items()))
        head = (f'{_HEADER}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews>'
                f'<sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
                f'<sheetFormatPr defaultRowHeight="15"/>'
                f'{f"<cols>{columns}</cols>" if columns else ""}<sheetData>')
        tail = "</sheetData>"
        if self.filter_ref():
            tail += f'<autoFilter ref="{self.filter_ref()}"/>'
        return head, tail + "</worksheet>"

    def filter_ref(self) -> str:
        """The filtered range as ``A8:K100``, or ""."""
        found = self.filter_range()
        if not found:
            return ""
        row, last, columns = found
        return f"A{row}:{_LETTERS[columns - 1]}{last}"


class XlsxBook:
    """A streamed XLSX workbook whose sheets may be filled in any interleaved order."""

    extension = "xlsx"
    mimetype = f"{_OFFICE}.sheet"

    def __init__(self):
        self.sheets: list[XlsxSheet] = []
        self.overflow: list = []

    def add_sheet(self, name: str, index: int | None = None,
                  widths: dict[str, float] | None = None) -> XlsxSheet:
        """Create a sheet (at ``index`` when given)."""
        sheet = XlsxSheet(name, self.overflow, widths)
        self.sheets.insert(len(self.sheets) if index is None else index, sheet)
        return sheet

    def save(self, target) -> None:
        """Write the ``.xlsx`` file (a path or a binary file object)."""
        write_long_text_sheet(self)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in self._package().items():
                archive.writestr(name, text)
            for number, sheet in enumerate(self.sheets, start=1):
                head, tail = sheet.part()
                with archive.open(f"xl/worksheets/sheet{number}.xml", "w",
                                  force_zip64=True) as part:
                    part.write(head.encode())
                    sheet.file.seek(0)
                    while chunk := sheet.file.read(1 << 20):
                        part.write(chunk.encode())
                    part.write(tail.encode())
                sheet.file.close()

    def _package(self) -> dict[str, str]:
        """Every part but the worksheets: content types, relationships, workbook, styles."""
        numbers = range(1, len(self.sheets) + 1)
        sheet_type = f"{_OFFICE}.worksheet+xml"
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                            f'ContentType="{sheet_type}"/>' for n in numbers)
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n - 1}" hidden="1">'
            f"{escape(_absolute(sheet.name, sheet.filter_ref()))}</definedName>"
            for n, sheet in zip(numbers, self.sheets) if sheet.filter_ref())
        sheets = "".join(f'<sheet name={quoteattr(sheet.name)} sheetId="{n}" r:id="rId{n}"/>'
                         for n, sheet in zip(numbers, self.sheets))
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in numbers)
        return {
            "[Content_Types].xml": (
                f'{_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                f'ContentType="{_OFFICE}.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
                f'ContentType="{_OFFICE}.styles+xml"/>{overrides}</Types>'),
            "_rels/.rels": (
                f'{_HEADER}<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
                f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
            "xl/workbook.xml": (
                f'{_HEADER}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
                f"</bookViews><sheets>{sheets}</sheets>"
                f'{f"<definedNames>{names}</definedNames>" if names else ""}</workbook>'),
            "xl/_rels/workbook.xml.rels": (
                f'{_HEADER}<Relationships xmlns="{_PACKAGE_REL}">{relations}'
                f'<Relationship Id="rId{len(self.sheets) + 1}" Type="{_REL}/styles" '
                'Target="styles.xml"/></Relationships>'),
            "xl/styles.xml": _STYLES,
        }


def _absolute(sheet: str, reference: str) -> str:
    """``'Vue complète'!$A$1:$X$10`` from a sheet name and ``A1:X10``."""
    start, end = reference.split(":")

    def absolute(cell: str) -> str:
        letters = cell.rstrip("0123456789")
        return f"${letters}${cell[len(letters):]}"

    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{absolute(start)}:{absolute(end)}"
