"""Property: any text written to XLSX, ODS or CSV reads back unchanged, except by the rules
of ``registre/cells.py`` (control characters → U+FFFD; CR → LF in XLSX and ODS)."""
import csv
import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odf import teletype
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from odf.text import P

from registre.cells import (
    LONG_TEXT_SHEET,
    clean_text,
    csv_line,
    join_long_text,
    sheet_text,
    unescape_csv,
)
from registre.exports.ods import OdsBook
from registre.xlsx import XlsxBook

PREFIXES = ["", "=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠", "'", "#N/A", " ",
            " =", "\u00a0+", "\u3000＠", "\u200b-", "\x0b="]
texts = st.builds(lambda prefix, body: prefix + body, st.sampled_from(PREFIXES),
                  st.text(max_size=60))


def _write(book, values):
    sheet = book.add_sheet("Feuille")
    sheet.headers = tuple(f"c{index}" for index in range(len(values)))
    sheet.append(values)
    target = io.BytesIO()
    book.save(target)
    return target.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=6))
def test_xlsx_keeps_every_text(values):
    workbook = openpyxl.load_workbook(io.BytesIO(_write(XlsxBook(), values)))
    row = list(next(workbook["Feuille"].iter_rows(values_only=True), ()))
    row += [None] * (len(values) - len(row))
    for expected, cell in zip(values, row):
        assert (cell or "") == sheet_text(expected)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=6))
def test_ods_keeps_every_text(values):
    document = load_ods(io.BytesIO(_write(OdsBook(), values)))
    table = document.spreadsheet.getElementsByType(Table)[0]
    cells = table.getElementsByType(TableRow)[0].getElementsByType(TableCell)
    for expected, cell in zip(values, cells):
        text = "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
        assert text == sheet_text(expected)


@given(st.lists(texts, min_size=1, max_size=6))
def test_csv_escape_is_reversible_and_never_starts_a_formula(values):
    fields = next(csv.reader(io.StringIO(csv_line(values), newline=""), delimiter=";"))
    for expected, field in zip(values, fields):
        assert field[:1] not in set("\t\r\n")
        assert field.lstrip().lstrip("\u200b")[:1] not in set("=+-@＝＋－＠")
        assert unescape_csv(field) == clean_text(expected)


def test_long_text_goes_to_its_own_sheet_and_joins_back():
    text = "=" + "é" * 80_000
    workbook = openpyxl.load_workbook(io.BytesIO(_write(XlsxBook(), ["court", text])))
    cell = workbook["Feuille"]["B1"].value
    parts = [row[4] for row in workbook[LONG_TEXT_SHEET].iter_rows(min_row=2, values_only=True)]
    assert [row[:4] for row in workbook[LONG_TEXT_SHEET].iter_rows(min_row=2, values_only=True)] \
        == [("Feuille", 1, "c1", 2), ("Feuille", 1, "c1", 3)]
    assert join_long_text(cell, parts) == text
