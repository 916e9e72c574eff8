"""The one set of cell rules (registre/cells.py), as the CSV and XLSX files apply them."""
import csv
import io

import openpyxl
import pytest

from registre.cells import csv_cell, csv_line, is_formula_like, unescape_csv
from registre.xlsx import XlsxBook

FORMULA_LIKE = ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx", "\nx", "＝1+1", "＋1", "－1",
                "＠x", " =1+1", "   +1", "\u00a0=1", "\u202f-1", "\u3000＠x", "\u200b=1",
                "\ufeff=1", " \t=1"]
PLAIN = ["Vie scolaire", "a=b", "x -1", "1+1", " espace en tête", "\u00a0texte", "'cité",
         "＃", "#N/A", ""]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_gets_an_apostrophe_in_csv(text):
    assert is_formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", [text for text in PLAIN if text not in ("'cité", "")])
def test_plain_text_is_kept_in_csv(text):
    assert not is_formula_like(text)
    assert csv_cell(text) == text


@pytest.mark.parametrize(("value", "cell"), [
    ("", ""), (None, ""), (3, 3), (2.5, 2.5), (True, "Oui"), (False, "Non"),
    ("'cité", "''cité"), ("a\x00b\x1fc", "a\ufffdb\ufffdc"), ("=a\x07", "'=a\ufffd"),
])
def test_other_values(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize("text", [*FORMULA_LIKE, *PLAIN, "'=1+1", "''"])
def test_a_csv_reader_gets_the_text_back_behind_one_apostrophe(text):
    [[field]] = list(csv.reader(io.StringIO(csv_line([text]), newline=""), delimiter=";"))
    assert unescape_csv(field) == text


@pytest.mark.parametrize("text", [*FORMULA_LIKE, *PLAIN])
def test_xlsx_stores_the_text_as_typed_with_a_quote_prefix_when_formula_like(text):
    book = XlsxBook()
    book.add_sheet("Feuille").append([text, "témoin"])
    buffer = io.BytesIO()
    book.save(buffer)
    cell = openpyxl.load_workbook(buffer)["Feuille"]["A1"]
    expected = text.replace("\r", "\n") or None
    assert cell.value == expected
    if expected is not None:
        assert cell.data_type == "s"
        assert cell.quotePrefix == (text in FORMULA_LIKE or text == "#N/A")
