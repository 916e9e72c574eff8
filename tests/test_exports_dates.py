"""Issue 11 point 14: dates are date cells (dd/mm/yyyy) in XLSX and ODS, read back as dates by
openpyxl, pandas and LibreOffice; the Registre sheet keeps the CNIL model's frozen header and
filters. A text "29/11/2026" sorts as text (the 1st before the 2nd of any month): a register
sorted or filtered by date in a spreadsheet needs real dates."""
import csv
import io
import subprocess
import uuid
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from registre.cells import XLSX_DATE_FORMAT
from registre.exports.layout import FULL_HEADERS
from registre.extensions import db
from registre.fiche.fields import label
from tests.export_helpers import export_file, read_csv
from tests.factories import make_academie, make_activity, make_organisation

# 23:30 UTC on 28/11/2026 is already the 29th in Paris: the day written is the Paris day.
pytestmark = [pytest.mark.usefixtures("frozen_clock"),
              pytest.mark.frozen_at(datetime(2026, 11, 28, 23, 30))]
PARIS_DAY = datetime(2026, 11, 29)
REVIEWED = date(2026, 9, 1)
CREATED, REVIEW = label("created_at"), label("last_reviewed_on")


@pytest.fixture
def organisation(app):
    organisation = make_organisation(make_academie(name="Versailles"), name="Collège Jean Moulin")
    for number in range(3):
        make_activity(organisation, status="en_service", name=f"Traitement {number}",
                      last_reviewed_on=REVIEWED.isoformat())
    db.session.commit()
    return organisation


def _registre_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=9))


def test_xlsx_dates_are_date_cells_read_by_openpyxl_and_pandas(organisation):
    data = export_file(organisation, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    rows = _registre_rows(workbook["Registre"])
    assert len(rows) == 3
    for row in rows:
        for created in (row[2], row[3]):  # Date de création, Dernière mise à jour
            assert created.is_date and created.value == PARIS_DAY
            assert created.number_format == XLSX_DATE_FORMAT == "DD/MM/YYYY"
    full = pd.read_excel(io.BytesIO(data), sheet_name="Vue complète")
    assert list(full.columns) == list(FULL_HEADERS)
    assert list(full[CREATED]) == [pd.Timestamp(PARIS_DAY)] * 3
    assert list(full[REVIEW]) == [pd.Timestamp(REVIEWED)] * 3
    fiche = workbook.worksheets[1]  # the first activity's fiche sheet
    lines = {row[0].value: row[1] for row in fiche.iter_rows() if len(row) > 1}
    assert lines[REVIEW].is_date and lines[REVIEW].value == datetime(2026, 9, 1)


def test_ods_dates_are_date_cells_read_by_pandas(organisation):
    data = export_file(organisation, "ods")
    full = pd.read_excel(io.BytesIO(data), engine="odf", sheet_name="Vue complète")
    assert list(full[CREATED]) == [pd.Timestamp(PARIS_DAY)] * 3
    assert list(full[REVIEW]) == [pd.Timestamp(REVIEWED)] * 3
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    assert ('office:value-type="date" office:date-value="2026-11-29">'
            "<text:p>29/11/2026</text:p>") in content


def test_csv_keeps_dates_as_french_text(organisation):
    rows = read_csv(export_file(organisation, "csv"))
    header = rows[0]
    assert {row[header.index(CREATED)] for row in rows[1:]} == {"29/11/2026"}
    assert {row[header.index(REVIEW)] for row in rows[1:]} == {"01/09/2026"}


def test_registre_sheet_keeps_frozen_header_and_filters(organisation):
    workbook = openpyxl.load_workbook(io.BytesIO(export_file(organisation, "xlsx")))
    registre = workbook["Registre"]
    assert registre.freeze_panes == "A9"  # rows 1-8 (organisation block, columns) in view
    assert registre.auto_filter.ref == "A8:K11"  # the column headers, down to the last row
    full = workbook["Vue complète"]
    assert full.freeze_panes == "A2" and full.auto_filter.ref.startswith("A1:")


def _libreoffice(tmp_path: Path, source: Path, target: str) -> Path:
    require_libreoffice()
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex[:8]}"
    out = tmp_path / f"out-{uuid.uuid4().hex[:8]}"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", target, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    (produced,) = out.iterdir()
    return produced


def require_libreoffice():
    from tests.support import require_tool

    require_tool("soffice", "lecture des exports XLSX/ODS par LibreOffice")


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_reads_dates_frozen_header_and_filters(organisation, tmp_path, fmt):
    source = tmp_path / f"registre.{fmt}"
    source.write_bytes(export_file(organisation, fmt))
    # Shown as dd/mm/yyyy: the Registre sheet converted to CSV "as shown" (9th filter
    # option) holds what a user sees.
    shown = _libreoffice(tmp_path, source,
                         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,"
                         "false,false,1").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(shown, newline="")))
    assert [row[2:4] for row in rows[8:]] == [["29/11/2026", "29/11/2026"]] * 3
    # LibreOffice took them for dates: saved again as XLSX, they are date cells.
    again = openpyxl.load_workbook(_libreoffice(tmp_path, source, "xlsx"))
    registre = again["Registre"]
    cells = [row[2] for row in _registre_rows(registre)]
    assert [cell.value for cell in cells] == [PARIS_DAY] * 3 and all(c.is_date for c in cells)
    # It read the filters on the column headers (a headless conversion has no view, so it
    # keeps no frozen rows: those are checked in our own files above and below).
    assert registre.auto_filter.ref == "A8:K11"


def test_ods_registre_sheet_keeps_frozen_header_and_filters(organisation):
    archive = zipfile.ZipFile(io.BytesIO(export_file(organisation, "ods")))
    assert "settings.xml" in archive.read("META-INF/manifest.xml").decode()
    settings = archive.read("settings.xml").decode()
    registre = settings.split('config:name="Registre">')[1].split("</config:config-item-map-entry>")[0]
    assert '"VerticalSplitMode" config:type="short">2<' in registre  # frozen…
    assert '"VerticalSplitPosition" config:type="int">8<' in registre  # …above row 9
    content = archive.read("content.xml").decode()
    assert ('table:target-range-address="Registre.A8:Registre.K11" '
            'table:display-filter-buttons="true"') in content
