"""ODS writer: OpenDocument spreadsheet streamed sheet by sheet.

odfpy keeps the whole document as a tree of Python objects (gigabytes for an académie of
30,000 activities), so the cells are written here as ODF XML into one temporary file per
sheet, then assembled into ``content.xml``. The files are read back by odfpy, pandas and
LibreOffice in the tests. The cells themselves are written by :func:`registre.cells.ods_cell`
(every text a string cell, never a formula).
"""
import tempfile
import zipfile
from xml.sax.saxutils import quoteattr

from registre.cells import ODS_DATE_STYLE, SheetBase, ods_cell, write_long_text_sheet

_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
       'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
       'office:version="1.2"')
# Date cells (registre/cells.py, rule 4): shown dd/mm/yyyy.
_STYLES = ('<office:automatic-styles>'
           '<number:date-style style:name="dmy"><number:day number:style="long"/>'
           '<number:text>/</number:text><number:month number:style="long"/>'
           '<number:text>/</number:text><number:year number:style="long"/></number:date-style>'
           f'<style:style style:name="{ODS_DATE_STYLE}" style:family="table-cell" '
           'style:data-style-name="dmy"/>'
           '<style:style style:name="ceh" style:family="table-cell">'
           '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>'
           '<style:text-properties fo:font-weight="bold"/></style:style>'
           '</office:automatic-styles>')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
             'manifest:1.0" manifest:version="1.2">'
             '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
             'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
             '<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')
_STYLES_XML = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NS}>'
               '</office:document-styles>')
_CONFIG = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"


def _item(name: str, kind: str, value) -> str:
    return f'<config:config-item config:name="{name}" config:type="{kind}">{value}</config:config-item>'


def _settings(sheets) -> str:
    """settings.xml: the rows frozen above each sheet's column headers (LibreOffice's view)."""
    tables = "".join(
        f"<config:config-item-map-entry config:name={quoteattr(sheet.name)}>"
        + _item("VerticalSplitMode", "short", 2) + _item("VerticalSplitPosition", "int", row)
        + _item("HorizontalSplitMode", "short", 0) + _item("HorizontalSplitPosition", "int", 0)
        + _item("ActiveSplitRange", "short", 2) + _item("PositionTop", "int", 0)
        + _item("PositionBottom", "int", row) + "</config:config-item-map-entry>"
        for sheet in sheets if sheet.header_row for row in (sheet.header_row[0],))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings '
            f'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            f'xmlns:config="{_CONFIG}" office:version="1.2"><office:settings>'
            '<config:config-item-set config:name="ooo:view-settings">'
            '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
            + _item("ViewId", "string", "view1")
            + f'<config:config-item-map-named config:name="Tables">{tables}'
            "</config:config-item-map-named></config:config-item-map-entry>"
            "</config:config-item-map-indexed></config:config-item-set>"
            "</office:settings></office:document-settings>")


def _cell_address(sheet: str, column: int, row: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"'{sheet}'.{letters}{row}" if not sheet.isalnum() else f"{sheet}.{letters}{row}"


def _database_ranges(sheets) -> str:
    """The autofilters (one anonymous database range per filtered sheet, as LibreOffice names them)."""
    ranges = []
    for index, sheet in enumerate(sheets):
        found = sheet.filter_range()
        if found:
            row, last, columns = found
            name = sheet.name.replace("'", "''")
            target = f"{_cell_address(name, 1, row)}:{_cell_address(name, columns, last)}"
            ranges.append(f'<table:database-range table:name="__Anonymous_Sheet_DB__{index}" '
                          f'table:target-range-address={quoteattr(target)} '
                          'table:display-filter-buttons="true"/>')
    return f"<table:database-ranges>{''.join(ranges)}</table:database-ranges>" if ranges else ""


class OdsSheet(SheetBase):
    """One table, written to its own temporary file."""

    def __init__(self, name: str, overflow: list):
        super().__init__(name, overflow)
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115  (kept open until the sheet is copied)
        self.file.write(f"<table:table table:name={quoteattr(name)}>"
                        '<table:table-column table:number-columns-repeated="16"/>')

    def append(self, values, heading: bool = False) -> None:
        """Write one row."""
        cells = "".join(ods_cell(value, heading and value not in (None, ""))
                        for value in self.prepare(values))
        self.file.write(f"<table:table-row>{cells}</table:table-row>")


class OdsBook:
    """A streamed ODS workbook with the same interface as :class:`XlsxBook`."""

    extension = "ods"
    mimetype = "application/vnd.oasis.opendocument.spreadsheet"

    def __init__(self):
        self.sheets: list[OdsSheet] = []
        self.overflow: list = []

    def add_sheet(self, name: str, index: int | None = None,
                  widths: dict[str, float] | None = None) -> OdsSheet:
        """Create a sheet (at ``index`` when given)."""
        sheet = OdsSheet(name, self.overflow)
        self.sheets.insert(len(self.sheets) if index is None else index, sheet)
        return sheet

    def save(self, target) -> None:
        """Write the ``.ods`` file (a path or a binary file object)."""
        write_long_text_sheet(self)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            # The mimetype comes first and uncompressed (ODF 1.2, part 3, section 3.3).
            archive.writestr(zipfile.ZipInfo("mimetype"), self.mimetype,
                             compress_type=zipfile.ZIP_STORED)
            archive.writestr("META-INF/manifest.xml", _MANIFEST)
            archive.writestr("styles.xml", _STYLES_XML)
            archive.writestr("settings.xml", _settings(self.sheets))
            with archive.open("content.xml", "w", force_zip64=True) as content:
                content.write(f'<?xml version="1.0" encoding="UTF-8"?>\n'
                              f"<office:document-content {_NS}>{_STYLES}"
                              "<office:body><office:spreadsheet>".encode())
                for sheet in self.sheets:
                    sheet.file.write("</table:table>")
                    sheet.file.seek(0)
                    while chunk := sheet.file.read(1 << 20):
                        content.write(chunk.encode())
                    sheet.file.close()
                content.write(_database_ranges(self.sheets).encode())
                content.write(b"</office:spreadsheet></office:body></office:document-content>")
