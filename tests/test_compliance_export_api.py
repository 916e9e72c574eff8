"""The académie findings exports read back by csv/openpyxl, and the findings JSON API."""
import csv
import io

import pytest
from openpyxl import load_workbook

from registre.auth.services import create_api_token
from registre.compliance.findings import unanswered_parent_questions
from registre.dates import utcnow
from registre.extensions import db
from registre.models import Activity, ApiToken, Role
from tests.compliance_helpers import make_microsoft, microsoft_2015_overrides
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.job_helpers import job_file

FORMULA_NAME = "=HYPERLINK(\"http://evil.example\";\"clic\")"


# Findings are computed for a fixed day (28/11/2026), so that review dates are predictable.
pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def academie_data(app):
    academie = make_academie(code="creteil", name="Créteil")
    evil = make_organisation(academie, name=FORMULA_NAME, commune="@Commune")
    make_activity(evil, name="-1+1 cantine", informed="non")
    fullwidth = make_organisation(academie, name="＋Lycée pleine chasse", commune="Ivry")
    make_activity(fullwidth, name="Vie scolaire", informed="inconnu")
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    return academie, evil, fullwidth, dpd


def test_csv_export_reads_back_with_literal_formula_like_text(academie_data, login):
    academie, evil, fullwidth, dpd = academie_data
    response = login(dpd).get("/academies/creteil/conformite.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "conformite-creteil-2026-11-28.csv" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, *body, total = rows
    assert header[:8] == ["UAI", "Établissement", "Commune", "Type", "Traitements en cours",
                          "Score (0-100)", "Erreurs", "Avertissements"]
    by_uai = {row[0]: row for row in body}
    assert by_uai[evil.uai][1] == "'" + FORMULA_NAME
    assert by_uai[evil.uai][2] == "'@Commune"
    assert by_uai[fullwidth.uai][1] == "'＋Lycée pleine chasse"
    info = header.index("Information des personnes")
    assert by_uai[evil.uai][info] == "1" and by_uai[evil.uai][6] == "1"
    assert by_uai[evil.uai][5] == "80"
    assert total[1] == "Total" and total[4] == "2" and total[info] == "2"


def test_xlsx_export_keeps_formula_like_text_as_string_cells(academie_data, login):
    academie, evil, fullwidth, dpd = academie_data
    client = login(dpd)
    # A plain link (GET) never starts the job: the dashboard says to use the button.
    assert client.get("/academies/creteil/conformite.xlsx").status_code == 302
    response = client.post_form("/academies/creteil/conformite.xlsx?tri=score&ordre=desc")
    workbook = load_workbook(io.BytesIO(job_file(client, response)))
    assert workbook.sheetnames == ["Matrice", "Constats"]
    matrix = list(workbook["Matrice"].iter_rows())
    header = [cell.value for cell in matrix[0]]
    names = [row[1] for row in matrix[1:-1]]
    # Sorted by score, best first: the full-width one (2 warnings: 90) before the other (80).
    assert [cell.value for cell in names] == ["＋Lycée pleine chasse", FORMULA_NAME]
    assert all(cell.data_type == "s" for cell in names)
    assert matrix[-1][1].value == "Total" and matrix[-1][4].value == 2
    assert matrix[1][header.index("Score (0-100)")].value == 90
    details = list(workbook["Constats"].iter_rows(values_only=True))
    assert details[0][:4] == ("UAI", "Établissement", "N° / RÉF", "Traitement")
    activity_names = {row[3] for row in details[1:]}
    assert activity_names == {"-1+1 cantine", "Vie scolaire"}
    evil_cells = [row for row in workbook["Constats"].iter_rows(min_row=2)
                  if row[1].value == FORMULA_NAME]
    assert evil_cells and all(row[1].data_type == "s" and row[3].data_type == "s"
                              for row in evil_cells)
    # Same rule as the register exports: the stored text, in a string cell, quote-prefixed.
    formula_like = [*names, *(row[1] for row in evil_cells), *(row[3] for row in evil_cells),
                    *(row[2] for row in matrix[1:-1] if row[2].value == "@Commune")]
    assert {cell.value for cell in formula_like} == {
        FORMULA_NAME, "＋Lycée pleine chasse", "-1+1 cantine", "@Commune"}
    assert all(cell.quotePrefix and cell.data_type == "s" for cell in formula_like)
    plain = [row[3] for row in workbook["Constats"].iter_rows(min_row=2)
             if row[3].value == "Vie scolaire"]
    assert plain and not any(cell.quotePrefix for cell in plain)


def test_unknown_export_format_is_404(academie_data, login):
    academie, evil, fullwidth, dpd = academie_data
    assert login(dpd).get("/academies/creteil/conformite.pdf").status_code == 404


def _bearer(user) -> dict:
    token = create_api_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def microsoft_fiche(app):
    organisation = make_organisation()
    microsoft = make_microsoft(organisation.academie)
    activity = make_activity(organisation, **microsoft_2015_overrides(microsoft))
    db.session.commit()
    return organisation, activity


def test_api_activity_findings(microsoft_fiche, client):
    organisation, activity = microsoft_fiche
    user = make_user(Role.AUDITEUR, organisation=organisation)
    response = client.get(f"/api/v1/activities/{activity.id}/findings", headers=_bearer(user))
    assert response.status_code == 200
    data = response.get_json()
    assert data["id"] == activity.id and data["uai"] == organisation.uai
    rules = [finding["rule"] for finding in data["findings"]]
    assert {"information-manquante", "juridiction-hors-ue", "contrat-sous-traitant",
            "aipd-requise"} <= set(rules)
    assert set(data["findings"][0]) == {"rule", "severity", "message", "field", "article"}
    assert data["counts"]["erreur"] == sum(f["severity"] == "erreur" for f in data["findings"])
    # The findings agree with the public page's "non renseigné" questions.
    fresh = db.session.get(Activity, activity.id)
    assert rules.count("question-parents-sans-reponse") == len(unanswered_parent_questions(fresh))


def test_api_organisation_findings(microsoft_fiche, client):
    organisation, activity = microsoft_fiche
    user = make_user(Role.RESPONSABLE, organisation=organisation)
    response = client.get(f"/api/v1/organisations/{organisation.uai.lower()}/findings",
                          headers=_bearer(user))
    assert response.status_code == 200
    data = response.get_json()
    assert data["uai"] == organisation.uai
    assert [item["id"] for item in data["activities"]] == [activity.id]
    assert data["by_rule"]["contrat-sous-traitant"] == {"erreur": 1, "avertissement": 0}
    assert data["counts"]["erreur"] == data["activities"][0]["counts"]["erreur"]
    assert data["score"] == data["activities"][0]["score"]


@pytest.mark.parametrize("header", [None, "Bearer ", "Bearer inconnu", "Basic dXNlcjpwdw=="])
def test_api_refuses_missing_or_bad_tokens(microsoft_fiche, client, header):
    organisation, activity = microsoft_fiche
    headers = {"Authorization": header} if header else {}
    response = client.get(f"/api/v1/activities/{activity.id}/findings", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert set(response.get_json()) == {"error", "message", "fields"}


def test_api_ignores_the_session_cookie(microsoft_fiche, client, login):
    organisation, activity = microsoft_fiche
    login(make_user(Role.RESPONSABLE, organisation=organisation))
    db.session.commit()
    assert client.get(f"/api/v1/organisations/{organisation.uai}/findings").status_code == 401


def test_api_revoked_token_is_refused(microsoft_fiche, client):
    organisation, activity = microsoft_fiche
    headers = _bearer(make_user(Role.RESPONSABLE, organisation=organisation))
    for token in db.session.query(ApiToken):
        token.revoked_at = utcnow()
    db.session.commit()
    assert client.get(f"/api/v1/activities/{activity.id}/findings",
                      headers=headers).status_code == 401


def test_api_out_of_scope_is_json_404(microsoft_fiche, client):
    organisation, activity = microsoft_fiche
    stranger = make_user(Role.DPD)  # another académie
    headers = _bearer(stranger)
    for url in (f"/api/v1/activities/{activity.id}/findings",
                f"/api/v1/organisations/{organisation.uai}/findings",
                "/api/v1/activities/999999/findings"):
        response = client.get(url, headers=headers)
        assert response.status_code == 404
        assert set(response.get_json()) == {"error", "message", "fields"}


def test_xlsx_export_replaces_characters_xml_cannot_hold(app, login):
    """The register exports' rule: U+FFFD in place of the character, so nothing vanishes."""
    academie = make_academie(code="lille", name="Lille")
    organisation = make_organisation(academie, name="Collège\x07 Sonnette")
    make_activity(organisation)
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    client = login(dpd)
    data = job_file(client, client.post_form("/academies/lille/conformite.xlsx"))
    sheet = load_workbook(io.BytesIO(data))["Matrice"]
    assert sheet.cell(row=2, column=2).value == "Collège\ufffd Sonnette"
    csv_text = client.get("/academies/lille/conformite.csv").get_data(as_text=True)
    assert "Collège\ufffd Sonnette" in csv_text and "\x07" not in csv_text
