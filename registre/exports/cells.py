"""Safe cell values: never a formula, only characters the format can hold, nothing cut silently.

The rules (also in the README, section "Exports"):

1. **Formulas.** A text whose first character is ``= + - @``, a tab, CR, LF or one of the
   full-width forms ``＝ ＋ － ＠`` is "formula-like".
   - XLSX: every text is written as a *string* cell (``data_type='s'``, shared string), never
     as a formula; formula-like texts also carry ``quotePrefix`` so that LibreOffice and Excel
     keep showing the literal text when the cell is edited. The stored text is unchanged.
   - ODS: every text is an ``office:value-type="string"`` cell (a string is never evaluated);
     the stored text is unchanged.
   - CSV: a formula-like text, and any text that already starts with an apostrophe, is
     prefixed with one apostrophe ``'``. To recover the original, remove ONE leading
     apostrophe when the field starts with one (:func:`unescape_csv`).
   - JSON and PDF hold the text unchanged (neither evaluates anything).
2. **Characters XML cannot hold.** In XLSX, ODS, CSV and PDF, the control characters
   U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, the surrogates and U+FFFE/U+FFFF are
   replaced by U+FFFD (�). Tab and LF are kept. In XLSX and ODS a CR (or CR LF) is written
   as LF, a line break (XML parsers turn a raw CR into LF anyway). JSON keeps every character.
3. **Long texts.** A spreadsheet cell holds at most 32,767 characters (Excel). In XLSX and
   ODS a longer text is written as its first 32,000 characters followed by
   :data:`LONG_TEXT_MARKER`; the rest goes, in parts of 32,000 characters, to the sheet
   "Textes longs" (columns Feuille · Ligne · Colonne · Partie · Suite du texte). The original
   is the cell without the marker followed by its parts in order (:func:`join_long_text`).
   CSV and JSON hold the whole text in its field.
"""
import re

from registre.cells import safe_text_cell

EXCEL_CELL_LIMIT = 32_767
CHUNK = 32_000
LONG_TEXT_SHEET = "Textes longs"
LONG_TEXT_HEADERS = ("Feuille", "Ligne", "Colonne", "Partie", "Suite du texte")
LONG_TEXT_MARKER = " […] (suite dans la feuille « Textes longs »)"
REPLACEMENT = "\ufffd"

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEEDS_WORK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Replace the characters XML 1.0 cannot hold by U+FFFD."""
    return _ILLEGAL_XML.sub(REPLACEMENT, text)


def sheet_text(text: str) -> str:
    """A text as a spreadsheet cell holds it: cleaned, CR and CR LF as LF."""
    text = clean_text(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def escape_csv(text: str) -> str:
    """Return a CSV field: cleaned, with an apostrophe before formula-like texts."""
    return safe_text_cell(clean_text(text))


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
    """Common bookkeeping of a sheet writer: row numbers and long-text continuations."""

    def __init__(self, name: str, overflow: list):
        self.name = name
        self.rows = 0
        self.headers: tuple = ()
        self._overflow = overflow

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
