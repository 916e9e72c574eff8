"""Issue 13 item 7: a school's PDF prints each fiche as « label : value » paragraphs and small
tables, with WeasyPrint's user-agent stylesheet reduced to the elements printed (5× faster,
bench/pdf.py); an auditor still reads every answer, every column header and every gap."""
import subprocess
from unittest import mock

import pytest

from registre.exports.pdf import Line, Table, _printer, printed_fiche
from registre.extensions import db
from registre.models import Role
from tests.factories import make_activity, make_organisation, make_user
from tests.support import require_tool

ROWS = [
    (True, ["Fiche de registre — Cantine"]),
    (True, ["Description du traitement"]),
    (False, ["Nom du traitement", "Cantine"]),
    (False, ["Logiciel ou service", ""]),
    (True, ["Acteurs", "Nom", "Adresse", "Code Postal", "Ville"]),
    (False, ["Responsable du traitement", "M. le principal", "", "", ""]),
    (False, ["Délégué", "DPD académique", "Rectorat", "", ""]),
    (False, ["Représentant", "", "", "", ""]),
    (False, ["Responsable(s) conjoint(s)", "Mairie", "Hôtel de ville", "", "", "rôle : factures"]),
]


def test_a_fiche_prints_as_lines_tables_and_one_gap_line_per_section():
    fiche = printed_fiche(ROWS)
    assert fiche.title == "Fiche de registre — Cantine"
    description, actors = fiche.sections
    assert description.title == "Description du traitement"
    assert description.blocks == [Line("Nom du traitement", "Cantine")]
    assert description.missing == ["Logiciel ou service"]
    # One value: a paragraph; several: a table under the section's headers. A column no
    # line fills is left out and named with the section's gaps; the joint controller's role,
    # beyond the headers, is kept.
    assert actors.blocks == [
        Line("Responsable du traitement", "M. le principal"),
        Table(headers=["", "Nom", "Adresse", ""],
              rows=[["Délégué", "DPD académique", "Rectorat", ""],
                    ["Responsable(s) conjoint(s)", "Mairie", "Hôtel de ville",
                     "rôle : factures"]]),
    ]
    assert actors.missing == ["Représentant", "colonne Code Postal", "colonne Ville"]


def test_lines_of_several_values_without_headers_keep_their_filled_columns():
    fiche = printed_fiche([(True, ["Fiche"]), (True, ["Information"]),
                           (False, ["Notice (titre, version, lien)", "Notice", "", "https://x"])])
    assert fiche.sections[0].blocks == [
        Table(headers=[], rows=[["Notice (titre, version, lien)", "Notice", "", "https://x"]])]


@pytest.fixture
def school(app):
    organisation = make_organisation(name="Collège Jean Moulin")
    make_activity(organisation, status="en_service", name="Restauration scolaire",
                  software="", software_vendor="", data_categories=[
                      {"category": "etat_civil", "description": "Nom, prénom, classe",
                       "active_duration": 1, "active_unit": "ans", "final_fate": "destruction"},
                      {"category": "vie_personnelle", "description": "Santé : allergies"}])
    dpd = make_user(Role.DPD, academie=organisation.academie)
    db.session.commit()
    return organisation, dpd


def _pdf_text(client, organisation) -> str:
    response = client.get(f"/etablissements/{organisation.uai}/export.pdf")
    assert response.status_code == 200
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.data,
                          capture_output=True, check=True).stdout.decode()


def test_the_pdf_reads_each_answer_its_columns_and_its_gaps(client, login, school):
    require_tool("pdftotext", "lecture des exports PDF")
    organisation, dpd = school
    login(dpd)
    text = _pdf_text(client, organisation)
    assert "Nom du traitement : Restauration scolaire" in text
    # The data categories table keeps the CNIL model's headers above its values.
    assert "Description" in text and "Durée de conservation" in text
    assert "Nom, prénom, classe" in text and "1 an" in text
    # A category without a retention says so (art. 30.1.f), instead of a blank cell.
    assert any("Santé" in line and "Non renseigné" in line for line in text.splitlines())
    missing = next(line for line in text.splitlines() if "Non renseigné :" in line
                   and "Logiciel ou service" in line)
    assert "Éditeur" in missing


def test_weasyprint_still_uses_the_reduced_user_agent_stylesheet(client, login, school):
    """The override is WeasyPrint's `_ua_stylesheets` method: if an upgrade stops calling
    it, the PDF stays right but slow again, and this test says so."""
    organisation, dpd = school
    login(dpd)
    document_class, _ = _printer(client.application.static_folder)
    original = document_class._ua_stylesheets
    with mock.patch.object(document_class, "_ua_stylesheets", autospec=True,
                           side_effect=original) as spy:
        response = client.get(f"/etablissements/{organisation.uai}/export.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert spy.called
