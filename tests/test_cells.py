"""The one formula-safety rule of exported cells (open data and compliance CSV)."""
import csv
import io

import pytest

from registre.cells import safe_text_cell


@pytest.mark.parametrize("text", ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx", "\nx",
                                  "＝1+1", "＋1", "－1", "＠x"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert safe_text_cell(text) == "'" + text


@pytest.mark.parametrize("value, cell", [
    ("Vie scolaire", "Vie scolaire"), ("a=b", "a=b"), ("", ""), (None, ""), (3, 3),
])
def test_other_values_are_kept(value, cell):
    assert safe_text_cell(value) == cell


def test_a_csv_reader_reads_the_text_back_behind_one_apostrophe():
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow([safe_text_cell('=HYPERLINK("x";"y")')])
    [[field]] = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert field == "'=HYPERLINK(\"x\";\"y\")"


@pytest.mark.parametrize("text", ["'déjà cité", "=1+1", "texte simple", "'=1+1"])
def test_one_leading_apostrophe_removed_gives_the_original_back(text):
    from registre.cells import unescape_csv
    assert unescape_csv(safe_text_cell(text)) == text
