"""LibreOffice reads our XLSX and ODS: cells equal the database, formula-like texts stay text."""
import csv
import subprocess
import uuid
from pathlib import Path

import pytest

from registre.exports.layout import FULL_HEADERS
from tests.export_helpers import FORMULA_TEXTS, make_register
from tests.job_helpers import academie_export
from tests.support import require_tool

pytestmark = pytest.mark.libreoffice
# Sheet 2 of our workbooks is "Vue complète" in the académie scope (no fiche sheets).
FULL_SHEET_NUMBER = 2


def _convert(tmp_path: Path, source: Path, sheet: int) -> list[list[str]]:
    """Convert one sheet to CSV (UTF-8, ``,``) with a private LibreOffice profile."""
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex[:8]}"
    out = tmp_path / "out"
    # Filter options: separator 44 (,), quote 34, charset 76 (UTF-8), from line 1, …, sheet N.
    target = f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", target, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    produced = sorted(out.glob("*.csv"))
    assert len(produced) == 1, produced
    with open(produced[0], encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_reads_literal_texts_and_database_values(client, login, app, tmp_path, fmt):
    require_tool("soffice", "conversion des exports XLSX/ODS par LibreOffice")
    academie, organisation, other, activities, _, auditor = make_register()
    login(auditor)
    source = tmp_path / f"registre.{fmt}"
    source.write_bytes(academie_export(client, academie.code, fmt))
    rows = _convert(tmp_path, source, FULL_SHEET_NUMBER)
    assert rows[0] == list(FULL_HEADERS)
    by_reference = {(row[0], row[2]): dict(zip(FULL_HEADERS, row)) for row in rows[1:]}
    # LibreOffice drops a leading <text:tab/> when it reads any ODS cell (its own files too;
    # odfpy reads it back, see test_exports.py): the text stays literal, only the tab goes.
    literal = (lambda text: text.removeprefix("\t")) if fmt == "ods" else (lambda text: text)
    assert len(by_reference) == len(activities) + 1
    for activity in activities:
        row = by_reference[(organisation.uai, activity.reference)]
        assert row["Nom du traitement"] == literal(activity.name)  # "=1+1" stays, not 2
        assert row["Logiciel ou service"] == literal(activity.software)
        assert row["Finalité principale"] == activity.purpose
        assert row["Établissement"] == organisation.name
    expected = {literal(text) for text in FORMULA_TEXTS}
    assert {row["Nom du traitement"] for row in by_reference.values()} >= expected
    assert by_reference[(other.uai, "T-001")]["Nom du traitement"] == "Cantine du lycée"
    registre = _convert(tmp_path / "r", source, 1)
    assert registre[7][:5] == ["Nom du traitement", "N° / RÉF", "Date de création de la fiche",
                               "Dernière mise à jour de la fiche", "Finalité du traitement"]
    assert {row[0] for row in registre[8:]} >= expected
