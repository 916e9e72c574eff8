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

from registre.cells import SheetBase, ods_cell, write_long_text_sheet

_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
       'office:version="1.2"')
_STYLES = ('<office:automatic-styles>'
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
             '</manifest:manifest>')
_STYLES_XML = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NS}>'
               '</office:document-styles>')
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
                content.write(b"</office:spreadsheet></office:body></office:document-content>")
