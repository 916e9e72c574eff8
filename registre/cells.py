"""Formula safety of exported cells: the one rule for every CSV and spreadsheet we write.

A spreadsheet takes a text starting with ``= + - @``, a tab, CR, LF or one of the
full-width forms ``＝ ＋ － ＠`` for a formula. In CSV such a text, and any text that
already starts with an apostrophe, gets one leading apostrophe, so that the original is
recovered by removing one (:func:`unescape_csv`); in XLSX and ODS every text is written as a
string cell (see ``registre/exports/cells.py``).
"""

FORMULA_PREFIXES = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def is_formula_like(value) -> bool:
    """Tell whether a spreadsheet would take this value for a formula."""
    return isinstance(value, str) and bool(value) and value[0] in FORMULA_PREFIXES


def safe_text_cell(value):
    """Return a CSV cell: formula-like (or apostrophe-led) text gets a leading apostrophe."""
    if value is None:
        return ""
    if is_formula_like(value) or (isinstance(value, str) and value.startswith("'")):
        return "'" + value
    return value


def unescape_csv(field: str) -> str:
    """Undo :func:`safe_text_cell` (one leading apostrophe removed)."""
    return field[1:] if field.startswith("'") else field
