"""Fill a workbook (XLSX or ODS) in the CNIL layout in one pass over the activities."""
from collections.abc import Iterable

from registre.cells import LONG_TEXT_SHEET
from registre.exports.fiche import fiche_rows
from registre.exports.layout import (
    FULL_HEADERS,
    FULL_SHEET,
    LONG_SHEETS,
    REGISTRE_SHEET,
    fiche_sheet_name,
    full_row,
    long_headers,
    long_rows,
    registre_block,
    registre_row,
)

_REGISTRE_WIDTHS = {"A": 40, "B": 14, "C": 14, "D": 14, "E": 60, "H": 10, "I": 12, "K": 30}
_FICHE_WIDTHS = {"A": 45, "B": 40, "C": 25, "D": 20, "E": 40, "F": 25, "G": 18, "H": 28}


def write_workbook(book, context, activities: Iterable[dict]) -> int:
    """Write Registre, the fiches (organisation scope), Vue complète and the long sheets."""
    registre = book.add_sheet(REGISTRE_SHEET, widths=_REGISTRE_WIDTHS)
    block = registre_block(context)
    # As in the CNIL model: rows 1-8 (organisation block, groups, columns) stay in view, with
    # filters on the column headers (row 8).
    registre.freeze_and_filter(len(block), len(block[-1]))
    for row in block[:-2]:
        registre.append(row)
    registre.append(block[-2], heading=True)
    registre.append(block[-1], heading=True)
    full = book.add_sheet(FULL_SHEET)
    full.headers = FULL_HEADERS
    full.freeze_and_filter(1, len(FULL_HEADERS))
    full.append(FULL_HEADERS, heading=True)
    longs = {}
    for name in LONG_SHEETS:
        longs[name] = book.add_sheet(name)
        longs[name].headers = tuple(long_headers(name))
        longs[name].append(long_headers(name), heading=True)
    taken = {name.casefold() for name in (REGISTRE_SHEET, FULL_SHEET, LONG_TEXT_SHEET,
                                          *LONG_SHEETS)}
    count = 0
    for activity in activities:
        count += 1
        registre.append(registre_row(activity, context))
        full.append(full_row(activity, context))
        for name, sheet in longs.items():
            for row in long_rows(name, activity, context):
                sheet.append(row)
        if context.with_fiches:
            fiche = book.add_sheet(fiche_sheet_name(activity, taken), index=count,
                                   widths=_FICHE_WIDTHS)
            for heading, values in fiche_rows(activity, context):
                fiche.append(values, heading=heading)
    return count
