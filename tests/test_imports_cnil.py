"""Import of a filled CNIL 2019 register model (.ods and .xlsx), sections found by labels."""
import shutil
import subprocess

import pytest

from registre.activities.services import list_activities
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.imports.cnil_model import parse_retention
from registre.imports.references import clashes
from registre.imports.safety import ImportRefused
from registre.imports.services import commit_import, read_import
from registre.models import Revision
from tests.factories import make_organisation
from tests.import_helpers import CNIL_ODS, cnil_fiche_rows, counts, xlsx_bytes
from tests.support import require_tool

PAIE = {
    "name": "Gestion de la paie",
    "reference": "1 - EXEMPLE",
    "status": "brouillon",
    "purpose": "Gestion de la paie",
    "sub_purposes": ["Calcul des rémunérations",
                     "Calcul du montant des versements adressés aux organismes sociaux",
                     "Ordre de virement à la banque"],
    "subject_categories": [{"category": "personnels", "details": ""}],
    "recipients": [
        {"kind": "service_interne", "name": "Dir. Administrative et Financière",
         "processor_id": None, "data_categories": []},
        {"kind": "partenaire_institutionnel", "name": "Organismes sociaux",
         "processor_id": None, "data_categories": []},
        {"kind": "destinataire_pays_tiers", "name": "Banque d'Andorre", "processor_id": None,
         "data_categories": []},
    ],
    "security_measures": [{"kind": "protection_logiciels", "details": ""},
                          {"kind": "sauvegarde", "details": ""},
                          {"kind": "controle_acces", "details": ""}],
    "transfers": [{"recipient": "Banque d'Andorre", "country": "AD", "guarantee": "cct",
                   "documentation": "Contrat en date du 23/01/2018"}],
}
RETENTION = "5 ans à compter du versement de la paie"
PAIE_DATA = [
    ("etat_civil", "Noms, prénoms, adresses"),
    ("economique_financier", "RIB"),
    ("nir", "Numéros de sécurité sociale des salariés"),
]


def _assert_paie(activity) -> None:
    data = activity_to_dict(activity)
    for key, expected in PAIE.items():
        assert data[key] == expected, key
    assert [(row["category"], row["description"]) for row in data["data_categories"]] == PAIE_DATA
    for row in data["data_categories"]:
        assert (row["active_duration"], row["active_unit"], row["retention_criteria"]) == \
            (5, "ans", RETENTION)
        assert row["sensitive_kind"] is None
    # The organisation's controller, not Louise DUPONT of the file.
    assert data["controller"]["name"] == activity.organisation.controller_name


def test_cnil_example_ods_imports_the_payroll_fiche(app):
    organisation = make_organisation()
    parsed = read_import(CNIL_ODS.name, CNIL_ODS.read_bytes(), organisation)
    assert parsed.problems == []
    # The blank model (sheet 3) is skipped; the list row of sheet 2 is the same fiche.
    assert parsed.origins == ["Feuille « 4_-_Exemple_de_fiche »"]
    assert any("3_-_Modèle_de_fiche_de_registre" in note and "vide" in note
               for note in parsed.notes)
    activities = commit_import(organisation, parsed, None)
    db.session.commit()
    assert len(activities) == 1
    stored = list_activities(organisation)
    assert len(stored) == 1
    _assert_paie(stored[0])
    assert db.session.query(Revision).filter_by(activity_id=stored[0].id).count() == 1


@pytest.mark.libreoffice
def test_cnil_example_converted_to_xlsx_by_libreoffice_imports_the_same(app, tmp_path):
    require_tool("soffice", "conversion du modèle CNIL en .xlsx")
    source = tmp_path / CNIL_ODS.name
    shutil.copy(CNIL_ODS, source)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    converted = (tmp_path / CNIL_ODS.name).with_suffix(".xlsx").read_bytes()
    organisation = make_organisation()
    parsed = read_import("registre.xlsx", converted, organisation)
    assert parsed.source == "xlsx"
    assert parsed.problems == []
    commit_import(organisation, parsed, None)
    db.session.commit()
    [activity] = list_activities(organisation)
    _assert_paie(activity)


@pytest.mark.parametrize("blank_lines", [0, 3])
def test_sections_are_found_by_labels_whatever_the_rows(app, blank_lines):
    organisation = make_organisation()
    data = xlsx_bytes({"Ma fiche": cnil_fiche_rows(blank_lines=blank_lines)})
    parsed = read_import("cantine.xlsx", data, organisation)
    assert parsed.problems == []
    [activity] = commit_import(organisation, parsed, None)
    db.session.flush()
    data = activity_to_dict(activity)
    assert data["name"] == "Cantine scolaire" and data["reference"] == "R-7"
    assert data["purpose"] == "Gérer la restauration"
    assert data["sub_purposes"] == ["Facturer les repas"]
    assert [(r["category"], r["sensitive_kind"], r["description"], r["active_duration"],
             r["active_unit"], r["retention_criteria"]) for r in data["data_categories"]] == [
        ("vie_personnelle", None, "Régime", None, None, "Fin de l'année scolaire"),
        ("localisation", None, "Badge", 3, "mois", ""),
        ("sensible", "sante", "Allergies (PAI)", 1, "ans", ""),
    ]
    assert data["subject_categories"] == [{"category": "personnels",
                                           "details": "demi-pensionnaires"}]
    assert [(r["kind"], r["name"]) for r in data["recipients"]] == [
        ("sous_traitant", "Prestataire de restauration")]
    assert data["security_measures"] == [{"kind": "chiffrement", "details": "Disque chiffré"}]
    assert data["transfers"] == [{"recipient": "Hébergeur", "country": "AD",
                                  "guarantee": "cct", "documentation": "https://x.test/cct"}]
    assert data["representative"] == {"title": "", "name": "Jean Repr",
                                      "address": "3 rue X, 75001 Paris, France",
                                      "email": "r@x.fr", "phone": "01"}
    assert [(r["name"], r["address"]) for r in data["joint_controllers"]] == [
        ("Mairie", "Place, 78000 Versailles, France")]


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"subject": "Martiens"}, "Catégorie de personnes « Martiens » inconnu"),
    ({"recipient": "La terre entière"}, "Type de destinataire « La terre entière » inconnu"),
    ({"measure": "Prière"}, "Type de mesure de sécurité « Prière » inconnu"),
    ({"guarantee": "Poignée de main"}, "type de garanties « Poignée de main » inconnu"),
    ({"guarantee": "Privacy shield"}, "Privacy shield » n'est plus valable"),
    ({"country": "Atlantide"}, "pays « Atlantide » inconnu"),
])
def test_unknown_words_are_problems_with_sheet_and_row(app, overrides, expected):
    organisation = make_organisation()
    rows = cnil_fiche_rows(**overrides)
    data = xlsx_bytes({"Fiche": rows})
    before = counts()
    parsed = read_import("fiche.xlsx", data, organisation)
    [problem] = parsed.problems
    row_number = next(index for index, row in enumerate(rows, start=1)
                      if any(cell in overrides.values() for cell in row if cell))
    assert str(problem).startswith(f"Feuille « Fiche », ligne {row_number} : ")
    assert expected in str(problem)
    assert counts() == before


def test_cnil_words_map_to_our_vocabularies(app):
    organisation = make_organisation()
    words = [("Salariés", "personnels"), ("Prestataires", "intervenants"),
             ("Candidats", "autres"), ("Autres (préciser)", "autres")]
    for word, expected in words:
        parsed = read_import("f.xlsx", xlsx_bytes({"F": cnil_fiche_rows(subject=word)}),
                             organisation)
        assert parsed.problems == []
        assert parsed.activities[0]["subject_categories"][0]["category"] == expected
    for word, expected in [("Service interne qui traite les données", "service_interne"),
                           ("Sous-traitants", "sous_traitant"),
                           ("Destinataires dans des pays tiers ou organisations internationales",
                            "destinataire_pays_tiers"), ("Autre (Préciser)", "autre")]:
        parsed = read_import("f.xlsx", xlsx_bytes({"F": cnil_fiche_rows(recipient=word)}),
                             organisation)
        assert parsed.activities[0]["recipients"][0]["kind"] == expected
    for word, expected in [("Règles d'entreprise contraignantes (BCR)", "bcr"),
                           ("Pays adéquat", "adequation"), ("Dérogations (art 49)",
                                                            "derogation_art49")]:
        parsed = read_import("f.xlsx", xlsx_bytes({"F": cnil_fiche_rows(guarantee=word)}),
                             organisation)
        assert parsed.activities[0]["transfers"][0]["guarantee"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("5 ans", {"active_duration": 5, "active_unit": "ans", "retention_criteria": ""}),
    ("18 mois", {"active_duration": 18, "active_unit": "mois", "retention_criteria": ""}),
    ("30 jours", {"active_duration": 30, "active_unit": "jours", "retention_criteria": ""}),
    ("1 année", {"active_duration": 1, "active_unit": "ans", "retention_criteria": ""}),
    ("5 ans à compter du départ", {"active_duration": 5, "active_unit": "ans",
                                   "retention_criteria": "5 ans à compter du départ"}),
    ("Durée de la scolarité", {"retention_criteria": "Durée de la scolarité"}),
])
def test_retention_text(text, expected):
    assert parse_retention(text) == expected


def test_list_rows_without_fiche_become_activities(app):
    organisation = make_organisation()
    data = xlsx_bytes({"Liste": [
        ["Identification du traitement", None, None, None, "Finalité du traitement", None, None,
         "Données sensibles ?"],
        ["Nom du traitement", "N° / RÉF", "Date de création de la fiche",
         "Dernière mise à jour de la fiche", None, None, None, "Oui/non"],
        ["Cantine", "L-1", "01/09/2024", "", "Gérer la cantine", None, None, "Oui"],
        ["Transport", "", "", "", "Organiser les sorties", None, None, "Non"],
    ]})
    parsed = read_import("liste.xlsx", data, organisation)
    assert parsed.problems == []
    assert [(a["name"], a["reference"], a["purpose"]) for a in parsed.activities] == [
        ("Cantine", "L-1", "Gérer la cantine"), ("Transport", "", "Organiser les sorties")]
    assert parsed.origins == ["Feuille « Liste », ligne 3", "Feuille « Liste », ligne 4"]
    assert any("ligne 3" in note and "sensibles" in note for note in parsed.notes)
    activities = commit_import(organisation, parsed, None)
    db.session.flush()
    assert [a.reference for a in activities] == ["L-1", "T-001"]


def test_reference_already_used_is_settled_in_the_preview_not_a_dead_end(app):
    organisation = make_organisation()
    parsed = read_import(CNIL_ODS.name, CNIL_ODS.read_bytes(), organisation)
    commit_import(organisation, parsed, None)
    db.session.commit()
    again = read_import(CNIL_ODS.name, CNIL_ODS.read_bytes(), organisation)
    # Not a problem of the file: the preview offers to renumber or replace (issue 11, point 3).
    assert again.problems == []
    assert [clash.reference for clash in clashes(again, organisation)] == ["1 - EXEMPLE"]
    with pytest.raises(ImportRefused, match="« 1 - EXEMPLE » est déjà utilisée"):
        commit_import(organisation, again, None)
    # Another organisation takes the same reference freely.
    assert read_import(CNIL_ODS.name, CNIL_ODS.read_bytes(), make_organisation()).problems == []
