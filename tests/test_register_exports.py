"""Breach and rights-request exports read back with independent readers; cells never formulas."""
import io
import json
import subprocess
from datetime import timedelta

import openpyxl
import pandas as pd
import pytest

from registre.extensions import db
from registre.models import Role
from tests.export_helpers import read_csv
from tests.factories import (
    make_activity,
    make_breach,
    make_organisation,
    make_rights_request,
    make_user,
)
from tests.register_helpers import AT_NOW, NOW
from tests.support import require_tool

pytestmark = AT_NOW

FORMULA = "=HYPERLINK(\"http://pirate.example\",\"cliquez\")"


@pytest.fixture
def registers(frozen_clock, login):
    organisation = make_organisation(name="Collège Curie")
    activity = make_activity(organisation, name="ENT")
    make_breach(organisation, discovered_at=NOW - timedelta(hours=80), description=FORMULA,
                activities=[str(activity.id)], subject_categories=["eleves"],
                measures_taken="+33 1 23 45 67 89 prévenu")
    make_breach(make_organisation(organisation.academie, name="École Voisine"),
                description="Autre école")
    make_rights_request(organisation, requester_name="@Martin", received_at=NOW.date())
    auditeur = make_user(Role.AUDITEUR, academie=organisation.academie)
    db.session.commit()
    return organisation, login(auditeur)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers["Cache-Control"] == "no-store"
    return response


def test_breach_xlsx_list_and_cnil_fiche(registers):
    organisation, client = registers
    response = _get(client, f"/etablissements/{organisation.uai}/violations/export.xlsx")
    assert f"violations-{organisation.uai}-2026-11-28.xlsx" in \
        response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Violations"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(row for row in rows if row[0] == "UAI"))
    data = dict(zip(rows[header], rows[header + 1]))
    assert data["Description des circonstances"] == FORMULA
    cell = sheet.cell(row=header + 2, column=rows[header].index("Description des circonstances") + 1)
    assert cell.data_type == "s"  # a string, never a formula
    assert data["Délai de 72 heures"] == "En retard de 8 heures"
    assert data["Traitements concernés"] == "T-001 ENT"
    assert len(rows) == header + 2  # only this school's breach
    fiche = book[book.sheetnames[1]]
    labels = [row[0] for row in fiche.iter_rows(values_only=True)]
    for section in ("Organisme", "Chronologie", "Nature de la violation",
                    "Données et personnes concernées", "Conséquences probables",
                    "Mesures prises et envisagées", "Notification à la CNIL (art. 33)",
                    "Information des personnes concernées (art. 34)"):
        assert section in labels


def test_breach_ods_csv_json_pdf(registers):
    organisation, client = registers
    base = f"/etablissements/{organisation.uai}/violations/export"
    ods = pd.read_excel(io.BytesIO(_get(client, f"{base}.ods").data), engine="odf",
                        sheet_name="Violations", header=None)
    assert FORMULA in ods.astype(str).values
    rows = read_csv(_get(client, f"{base}.csv").data)
    record = dict(zip(rows[0], rows[1]))
    assert record["Description des circonstances"] == "'" + FORMULA
    assert record["Mesures prises"] == "'+33 1 23 45 67 89 prévenu"
    document = json.loads(_get(client, f"{base}.json").data)
    assert document["format"] == "registre-violations/1"
    [breach] = document["breaches"]
    assert breach["description"] == FORMULA and breach["notification_deadline"].endswith("+00:00")
    require_tool("pdftotext", "lecture des exports PDF")
    pdf = _get(client, f"{base}.pdf").data
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "Registre des violations de données personnelles" in text
    assert "Notification à la CNIL (art. 33)" in text and "En retard de 8 heures" in text


def test_academie_exports_cover_every_school(registers):
    organisation, client = registers
    code = organisation.academie.code
    rows = read_csv(_get(client, f"/academies/{code}/violations/export.csv").data)
    assert sorted(row[1] for row in rows[1:]) == ["Collège Curie", "École Voisine"]
    rows = read_csv(_get(client, f"/academies/{code}/demandes/export.csv").data)
    record = dict(zip(rows[0], rows[1]))
    assert record["Nom du demandeur"] == "'@Martin"
    assert record["Réponse due le"] == "28/12/2026"
    assert client.get(f"/academies/{code}/violations/export.doc").status_code == 404


def test_request_xlsx_and_json(registers):
    organisation, client = registers
    base = f"/etablissements/{organisation.uai}/demandes/export"
    book = openpyxl.load_workbook(io.BytesIO(_get(client, f"{base}.xlsx").data))
    rows = list(book["Demandes"].iter_rows(values_only=True))
    header = rows.index(next(row for row in rows if row[0] == "UAI"))
    record = dict(zip(rows[header], rows[header + 1]))
    assert record["Nom du demandeur"] == "@Martin" and record["Délai"].startswith("Réponse due")
    assert "Délai (art. 12.3)" in [row[0] for row in book[book.sheetnames[1]].iter_rows(
        values_only=True)]
    document = json.loads(_get(client, f"{base}.json").data)
    assert document["requests"][0]["due_on"] == "2026-12-28"
