"""Formula safety of exported cells: the one rule for every CSV and spreadsheet we write.

A spreadsheet takes a text starting with ``= + - @``, a tab, CR, LF or one of the
full-width forms ``＝ ＋ － ＠`` for a formula. In CSV such a text gets a leading
apostrophe; in XLSX every text is written as a string cell (see the compliance export).
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value) -> bool:
    """Tell whether a spreadsheet would take this value for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_text_cell(value):
    """Return a CSV cell: formula-like text gets a leading apostrophe; None becomes empty."""
    if value is None:
        return ""
    return "'" + value if is_formula_like(value) else value
