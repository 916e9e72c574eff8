"""CSV: the "Vue complète" sheet, UTF-8 with BOM, ``;`` separated, streamed line by line.

Formula-like texts get a leading apostrophe (rule in :mod:`registre.exports.cells`); control
characters become U+FFFD; long texts are kept whole.
"""
import csv
import io
from collections.abc import Iterable, Iterator

from registre.exports.cells import escape_csv
from registre.exports.layout import FULL_HEADERS, full_row

BOM = "\ufeff"


def csv_line(values) -> str:
    """One CSV line: formula-like texts escaped, control characters replaced."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(
        escape_csv(value) if isinstance(value, str) else ("" if value is None else value)
        for value in values)
    return buffer.getvalue()


def csv_lines(context, activities: Iterable[dict]) -> Iterator[str]:
    """Yield the CSV text: BOM and header line, then one line per activity."""
    yield BOM + csv_line(FULL_HEADERS)
    for activity in activities:
        yield csv_line(full_row(activity, context))
