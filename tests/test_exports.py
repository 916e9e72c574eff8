"""Exports read back with independent readers: openpyxl, pandas, odfpy, csv, json, pdftotext."""
import io
import json
import subprocess

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from odf import teletype
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from odf.text import P

from registre.cells import LONG_TEXT_MARKER, join_long_text, unescape_csv
from registre.dates import local_date
from registre.exports.layout import FULL_HEADERS, LONG_SHEETS, REGISTRE_COLUMNS
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import Role
from tests.export_helpers import FORMULA_TEXTS, make_register, read_csv
from tests.factories import make_activity, make_organisation, make_user
from tests.job_helpers import academie_export
from tests.support import require_tool


@pytest.fixture
def register(app):
    return make_register()


def _get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    return response


def test_xlsx_organisation_in_cnil_layout_read_back_by_openpyxl(client, login, register):
    _, organisation, _, activities, _, auditor = register
    login(auditor)
    response = _get(client, f"/etablissements/{organisation.uai}/export.xlsx")
    assert response.headers["Content-Disposition"].startswith(
        f'attachment; filename="registre-{organisation.uai}-20')
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    names = workbook.sheetnames
    assert names[0] == "Registre" and "Vue complète" in names
    assert all(name in names for name in LONG_SHEETS)
    assert len(names) == 1 + len(activities) + 1 + len(LONG_SHEETS)  # one fiche each
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)
    registre = workbook["Registre"]
    assert registre["A1"].value.startswith("Coordonnées du responsable de l’organisme")
    assert registre["A5"].value == "Coordonnées du délégué à la protection des données (DPO)"
    assert registre["C5"].value == organisation.academie.dpd_name
    assert [cell.value or "" for cell in registre[8]][:11] == list(REGISTRE_COLUMNS)
    rows = {row[1]: row for row in registre.iter_rows(min_row=9, values_only=True)}
    assert set(rows) == {activity.reference for activity in activities}  # draft filtered out
    for activity in activities:
        row = rows[activity.reference]
        assert row[0] == activity.name
        assert row[2].date() == local_date(activity.created_at)  # a date cell
        assert row[4] == activity.purpose and row[7] == "Non" and row[9] == organisation.uai
    for row in registre.iter_rows(min_row=9):
        for cell in row:
            assert cell.data_type != "f"
    # The fiche of "=1+1" keeps the literal text, as a quote-prefixed string cell.
    fiche = workbook[next(name for name in names if name.startswith("T-001 "))]
    cells = {row[0].value: row[1] for row in fiche.iter_rows(min_row=1) if len(row) > 1}
    assert cells["Nom du traitement"].value in FORMULA_TEXTS
    assert cells["Nom du traitement"].data_type == "s"
    assert cells["Nom du traitement"].quotePrefix


def test_xlsx_every_cell_is_a_value_and_formula_texts_stay_literal(client, login, register):
    _, organisation, _, _, _, auditor = register
    login(auditor)
    data = _get(client, f"/etablissements/{organisation.uai}/export.xlsx").data
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # Texts, numbers, and dates (numbers with a date format).
                assert cell.data_type in ("s", "n", "d"), (sheet.title, cell.coordinate,
                                                           cell.value)
    full = pd.read_excel(io.BytesIO(data), sheet_name="Vue complète", dtype=str,
                         keep_default_na=False)
    assert list(full.columns) == list(FULL_HEADERS)
    assert set(FORMULA_TEXTS) <= set(full["Nom du traitement"])
    assert set(FORMULA_TEXTS) <= set(full["Logiciel ou service"])
    spaced = full[full["N° / RÉF"] == "R-SP"].iloc[0]
    assert spaced["Finalité principale"] == " espace en tête, double  espace\net retour"


def test_full_view_matches_database(client, login, register):
    _, organisation, _, activities, _, auditor = register
    login(auditor)
    data = _get(client, f"/etablissements/{organisation.uai}/export.xlsx").data
    full = pd.read_excel(io.BytesIO(data), sheet_name="Vue complète", dtype=str,
                         keep_default_na=False).set_index("N° / RÉF")
    for activity in activities:
        row = full.loc[activity.reference]
        assert row["UAI"] == organisation.uai and row["Établissement"] == organisation.name
        assert row["Statut"] == "En service"
        assert row["Finalité principale"] == activity.purpose
        assert row["Sous-finalités"] == " | ".join(activity.sub_purposes)
        assert row["Délégué à la protection des données"].startswith(
            "Délégué à la protection des données, Camille Martin")
        assert row["Date de création de la fiche"] == f"{local_date(activity.created_at)} 00:00:00"
        assert row["Pays de stockage"] == "FR"
        assert row["Données sensibles ?"] == "Non"
    data_sheet = pd.read_excel(io.BytesIO(data), sheet_name="Données", dtype=str,
                               keep_default_na=False)
    first = activities[0]
    mine = data_sheet[data_sheet["N° / RÉF"] == first.reference]
    assert list(mine["Catégorie de données"]) == [
        "État civil, identité, données d'identification",
        "Vie scolaire (scolarité, évaluations, absences, sanctions)"]
    assert list(mine["Critère de conservation"]) == [
        "", "Fin de la scolarité dans l'établissement + 1 an"]
    assert list(mine["Durée en base active"]) == ["1", ""]


def test_ods_read_back_by_pandas_and_odfpy(client, login, register):
    _, organisation, _, activities, _, auditor = register
    login(auditor)
    data = _get(client, f"/etablissements/{organisation.uai}/export.ods").data
    sheets = pd.read_excel(io.BytesIO(data), engine="odf", sheet_name=None, dtype=str,
                           header=None, keep_default_na=False)
    assert list(sheets)[0] == "Registre" and "Vue complète" in sheets
    full = pd.read_excel(io.BytesIO(data), engine="odf", sheet_name="Vue complète", dtype=str,
                         keep_default_na=False)
    assert list(full.columns) == list(FULL_HEADERS)
    # pandas drops <text:tab/> and reads "#N/A" as missing: those two are checked with odfpy.
    assert set(FORMULA_TEXTS) - {"\tTab", "#N/A"} <= set(full["Nom du traitement"])
    spaced = full[full["N° / RÉF"] == "R-SP"].iloc[0]
    assert spaced["Nom du traitement"] == "Espaces  et\nlignes"
    assert spaced["Finalité principale"] == " espace en tête, double  espace\net retour"
    document = load_ods(io.BytesIO(data))
    tables = document.spreadsheet.getElementsByType(Table)
    assert [table.getAttribute("name") for table in tables] == list(sheets)
    assert len(tables) == 1 + len(activities) + 1 + len(LONG_SHEETS)
    full_table = next(table for table in tables if table.getAttribute("name") == "Vue complète")
    names = set()
    for row in full_table.getElementsByType(TableRow)[1:]:
        cell = row.getElementsByType(TableCell)[3]
        assert cell.getAttribute("valuetype") == "string"
        names.add("\n".join(teletype.extractText(p) for p in cell.getElementsByType(P)))
    assert set(FORMULA_TEXTS) | {"Espaces  et\nlignes"} == names


def test_csv_flat_view_with_bom_and_formula_escape(client, login, register):
    _, organisation, _, activities, _, auditor = register
    login(auditor)
    response = _get(client, f"/etablissements/{organisation.uai}/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.data)
    assert rows[0] == list(FULL_HEADERS)
    assert len(rows) == 1 + len(activities)
    names = [row[3] for row in rows[1:]]
    for text in FORMULA_TEXTS:
        if text[0] in "=+-@\t＝":
            assert "'" + text in names
        assert text in [unescape_csv(name) for name in names]


def test_json_holds_every_field_and_metadata(client, login, register):
    _, organisation, _, activities, _, auditor = register
    login(auditor)
    document = json.loads(_get(client, f"/etablissements/{organisation.uai}/export.json").data)
    assert document["format"] == "registre-export/1"
    assert document["export"]["status"] == "en_service" and document["export"]["as_of"] is None
    assert document["academie"]["dpd_name"] == "Camille Martin"
    assert [org["uai"] for org in document["organisations"]] == [organisation.uai]
    by_id = {item["id"]: item for item in document["activities"]}
    for activity in activities:
        assert by_id[activity.id] == json.loads(json.dumps(activity_to_dict(activity)))


def test_pdf_has_cover_list_and_fiches(client, login, register):
    require_tool("pdftotext", "lecture des exports PDF")
    _, organisation, _, activities, _, auditor = register
    login(auditor)
    response = _get(client, f"/etablissements/{organisation.uai}/export.pdf")
    assert response.data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.data,
                          capture_output=True, check=True).stdout.decode()
    assert "Collège Jean Moulin" in text and "Camille Martin" in text
    assert "Liste des traitements" in text and "Page 1 /" in text
    assert text.count("Fiche de registre —") == len(activities)
    assert "=1+1" in text and "Brouillon secret" not in text


@pytest.mark.parametrize("query, expected", [
    ("", {"en_service"}), ("?status=tous", {"en_service", "brouillon"}),
    ("?status=brouillon", {"brouillon"}),
])
def test_status_filter(client, login, register, query, expected):
    _, organisation, _, _, _, auditor = register
    login(auditor)
    document = json.loads(_get(client, f"/etablissements/{organisation.uai}/export.json{query}").data)
    assert {item["status"] for item in document["activities"]} == expected


@pytest.mark.parametrize("query, message", [
    ("?as_of=2026-02-30", "invalide : indiquez as_of au format AAAA-MM-JJ"),
    ("?as_of=hier", "invalide"), ("?as_of=2999-01-01", "dans le futur"),
    ("?status=actif", "Statut inconnu « actif »"),
])
def test_bad_filters_are_refused_in_french(client, login, register, query, message):
    academie, organisation, _, _, _, auditor = register
    login(auditor)
    for url in (f"/etablissements/{organisation.uai}/export.xlsx{query}",
                f"/academies/{academie.code}/export.csv{query}"):
        response = _get(client, url, 400)
        assert message in response.get_data(as_text=True)


def test_unknown_format_is_not_found(client, login, register):
    _, organisation, _, _, _, auditor = register
    login(auditor)
    _get(client, f"/etablissements/{organisation.uai}/export.docx", 404)


def test_academie_export_has_no_fiche_and_keys_rows_by_uai(client, login, register):
    academie, organisation, other, activities, _, auditor = register
    login(auditor)
    data = academie_export(client, academie.code, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Registre", "Vue complète", *LONG_SHEETS]
    full = pd.read_excel(io.BytesIO(data), sheet_name="Vue complète", dtype=str,
                         keep_default_na=False)
    assert set(full["UAI"]) == {organisation.uai, other.uai}
    assert full[full["UAI"] == other.uai]["Établissement"].tolist() == ["Lycée Hoche"]
    assert len(full) == len(activities) + 1
    rows = read_csv(academie_export(client, academie.code, "csv"))
    assert len(rows) == len(activities) + 2


def test_scope_auditor_of_another_academie_gets_404(client, login, register):
    academie, organisation, _, _, _, _ = register
    stranger = make_user(Role.AUDITEUR)  # auditeur of another académie
    responsable = make_user(Role.RESPONSABLE, organisation=organisation)
    db.session.commit()
    login(stranger)
    _get(client, f"/etablissements/{organisation.uai}/export.xlsx", 404)
    _get(client, f"/academies/{academie.code}/export.csv", 404)
    client.post_form("/deconnexion")
    login(responsable)
    _get(client, f"/etablissements/{organisation.uai}/export.csv")
    _get(client, f"/academies/{academie.code}/export.csv", 404)


def test_anonymous_is_sent_to_login(client, register):
    _, organisation, _, _, _, _ = register
    assert client.get(f"/etablissements/{organisation.uai}/export.csv").status_code == 302


def test_control_characters_and_long_texts(client, login, app):
    organisation = make_organisation()
    long_text = "début " + "α" * 70_000 + " fin"
    activity = make_activity(organisation, status="en_service", name="Bip\x07\x1b[0m",
                             internal_notes=long_text)
    auditor = make_user(Role.AUDITEUR, academie=organisation.academie)
    db.session.commit()
    login(auditor)
    for fmt, engine in (("xlsx", "openpyxl"), ("ods", "odf")):
        data = _get(client, f"/etablissements/{organisation.uai}/export.{fmt}").data
        full = pd.read_excel(io.BytesIO(data), engine=engine, sheet_name="Vue complète",
                             dtype=str, keep_default_na=False)
        assert full["Nom du traitement"][0] == "Bip\ufffd\ufffd[0m"
        cell = full["Notes internes"][0]
        assert cell.endswith(LONG_TEXT_MARKER) and len(cell) < 32_767
        parts = pd.read_excel(io.BytesIO(data), engine=engine, sheet_name="Textes longs",
                              dtype=str, keep_default_na=False)
        mine = parts[(parts["Feuille"] == "Vue complète") & (parts["Colonne"] == "Notes internes")]
        assert join_long_text(cell, list(mine.sort_values("Partie")["Suite du texte"])) == long_text
    rows = read_csv(_get(client, f"/etablissements/{organisation.uai}/export.csv").data)
    assert rows[1][FULL_HEADERS.index("Notes internes")] == long_text
    assert activity.name not in rows[1]


def test_export_queries_are_bounded(client, login, app, count_queries):
    organisation = make_organisation()
    auditor = make_user(Role.AUDITEUR, academie=organisation.academie)
    counts = []
    for total in (3, 25):
        while len(organisation_activities := db.session.execute(sa.text(
                "select id from activity where organisation_id = :id"),
                {"id": organisation.id}).all()) < total:
            make_activity(organisation, status="en_service",
                          reference=f"Q-{len(organisation_activities):03d}")
        db.session.commit()
        login(auditor)
        with count_queries() as statements:
            _get(client, f"/etablissements/{organisation.uai}/export.xlsx")
        counts.append(len(statements))
    assert counts[0] == counts[1]
