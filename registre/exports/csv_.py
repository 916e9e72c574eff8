"""CSV: the "Vue complète" sheet, UTF-8 with BOM, ``;`` separated, streamed line by line.

Cells follow the CSV rules of :mod:`registre.cells` (an apostrophe before formula-like texts,
control characters as U+FFFD); long texts are kept whole.
"""
from collections.abc import Iterable, Iterator

from registre.cells import BOM, csv_line
from registre.exports.layout import FULL_HEADERS, full_row


def csv_lines(context, activities: Iterable[dict]) -> Iterator[str]:
    """Yield the CSV text: BOM and header line, then one line per activity."""
    yield BOM + csv_line(FULL_HEADERS)
    for activity in activities:
        yield csv_line(full_row(activity, context))
