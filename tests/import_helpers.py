"""Helpers shared by the import tests: counting rows, CNIL-like workbooks, round-trip data."""
import io
from pathlib import Path

import sqlalchemy as sa
from hypothesis import strategies as st
from openpyxl import Workbook

from registre.extensions import db
from registre.fiche.serialization import SYSTEM_FIELDS, activity_to_dict
from registre.forms.validators import MAX_TEXT, nfc
from registre.models import Activity, Revision
from tests.factories import activity_data

CNIL_ODS = Path(__file__).parent / "data" / "cnil-registre-traitement-simplifie-2019.ods"


def counts() -> tuple[int, int]:
    """Number of activities and revisions in the database."""
    return (db.session.scalar(sa.select(sa.func.count()).select_from(Activity)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Revision)))


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx file with the given sheets (rows of cell values, row 1 first)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cnil_fiche_rows(*, blank_lines: int = 0, subject: str = "Salariés",
                    recipient: str = "Sous-traitants", guarantee: str = "Clauses contractuelles types (CCT)",
                    country: str = "Andorre", measure: str = "Chiffrement des données") -> list[list]:
    """A CNIL fiche with the sections in the model's order, shifted by ``blank_lines``."""
    gap = [[]] * blank_lines
    return [
        ["Fiche de registre", None, None, None, None, None, None, "R-7"],
        *gap,
        ["Aide…\nDescription du traitement"],
        ["Nom du traitement", "Cantine scolaire"],
        ["N° / RÉF", "R-7"],
        *gap,
        ["Acteurs", "Nom", "Adresse", "Code Postal", "Ville", "Pays", "Téléphone", "Adresse mél"],
        ["Représentant", "Jean Repr", "3 rue X", "75001", "Paris", "France", "01", "r@x.fr"],
        ["Responsable(s) conjoint(s)", "Mairie", "Place", "78000", "Versailles", "France", "02",
         "m@v.fr"],
        *gap,
        ["Texte d'aide\nFinalité(s) du traitement effectué"],
        ["Finalité principale", "Gérer la restauration"],
        ["Sous-finalité 1", "Facturer les repas"],
        ["Sous-finalité 2", None],
        *gap,
        ["Catégories de données personnelles concernées", "Description", None, None,
         "Durée de conservation"],
        ["Vie personnelle (habitudes de vie, situation familiale, etc.)", "Régime", None, None,
         "Fin de l'année scolaire"],
        ["Données de localisation (déplacements, données GPS, GSM, etc.)", "Badge", None, None,
         "3 mois"],
        ["Aide\nDonnées sensibles", "Description", None, None, "Durée de conservation"],
        ["Données concernant la santé", "Allergies (PAI)", None, None, "1 an"],
        ["Catégories de personnes concernées", "Description", None, None, "Précisions"],
        ["Catégorie de personnes 1", subject, None, None, "demi-pensionnaires"],
        ["Destinataires", "Type de destinataire", None, None, "Précisions"],
        ["Destinataire 1", recipient, None, None, "Prestataire de restauration"],
        ["Mesures de sécurité", "Type de mesure de sécurité", None, None, "Précisions"],
        ["Mesure de sécurité 1", measure, None, None, "Disque chiffré"],
        ["Transferts hors UE", "Destinataire", "Pays", "Type de Garanties", None,
         "Liens vers la documentation"],
        ["Organisme destinataire 1", "Hébergeur", country, guarantee, None, "https://x.test/cct"],
    ]


def comparable(activity) -> dict:
    """What a round trip must preserve: every field but the ones the system sets."""
    return {key: value for key, value in activity_to_dict(activity).items()
            if key not in SYSTEM_FIELDS}


def full_data(processor_id: int | None = None, **overrides) -> dict:
    """An activity with every section filled."""
    values = {
        "reference": "R-42", "scope": "national", "legal_text": "Arrêté du 1er janvier 2020",
        "last_reviewed_on": "2026-01-15", "next_review_on": "2027-01-15", "published": False,
        "sub_purposes": ["Un", "=2+2", "Trois | quatre"],
        "legal_bases": [{"basis": "6.1.e", "justification": "Mission"},
                     {"basis": "6.1.a", "justification": "Photos"}],
        "art9_condition": "9.2.g", "automated_decision": "oui", "automated_decision_details": "Tri",
        "data_source": "Famille", "collection_mandatory": True,
        "subject_categories": [{"category": "eleves", "details": "de 11 à 16 ans"}],
        "data_categories": [
            {"category": "sensible", "sensitive_kind": "sante", "description": "PAI",
             "active_duration": 1, "active_unit": "ans", "retention_criteria": "",
             "archive_duration": 2, "archive_unit": "mois", "final_fate": "destruction"},
            {"category": "vie_scolaire", "description": "Notes",
             "retention_criteria": "Fin de scolarité + 1 an", "final_fate": "archivage_definitif"}],
        "recipients": [{"kind": "sous_traitant", "name": "Éditeur", "processor_id": processor_id,
                     "data_categories": ["vie_scolaire", "sensible"]}],
        "transfers": [{"recipient": "Support", "country": "US", "guarantee": "cct",
                    "documentation": "https://exemple.test/cct"}],
        "security_measures": [{"kind": "chiffrement", "details": "AES"},
                           {"kind": "autre", "details": "-10"}],
        "joint_controllers": [{"title": "Maire", "name": "Commune", "address": "Place",
                            "email": "m@c.fr", "phone": "01", "role_split": "Cantine"}],
        "representative": {"title": "T", "name": "N", "address": "A", "email": "e@x.fr",
                        "phone": "02"},
        "hosting": "prestataire", "hosting_processor_id": processor_id, "storage_countries": ["FR", "DE"],
        "informed": "oui", "information_date": "2025-09-01",
        "information_notice": {"title": "Notice", "version": "2", "url": "https://n.test"},
        "information_text": "@Texte", "consent_required": True, "consent_reason": "Photos",
        "consent_signatories": "conjoint_eleve_et_responsables",
        "consent_text": {"title": "Autorisation", "version": "1", "url": "https://c.test"},
        "consent_collection": "Papier", "consent_withdrawal": "Courrier",
        "governance_opinion_date": "2025-06-30", "dpia_criteria": ["donnees_sensibles",
                                                             "personnes_vulnerables"],
        "dpia_status": "realisee", "dpia_date": "2025-05-01", "dpia_url": "https://aipd.test",
        "internal_notes": "+33 1 23"}
    values.update(overrides)
    return activity_data(**values)


# --- texts the form accepts, for the round-trip properties ----------------------------

# The form's alphabet (registre/forms/validators.py): no control character (Cc) nor
# surrogate; a line break only in multiline texts; at most 10,000 characters; NFC.
LINE = st.characters(blacklist_categories=("Cs", "Cc"))
MULTILINE = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n")
FORMULA_LIKE = st.sampled_from(["=", "+", "-", "@", "＝", "＋", "－", "＠",
                                "=HYPERLINK(\"http://x\")", "'", " =1+1"])


def texts(max_size: int, required: bool = False, multiline: bool = False):
    """Text the form accepts, often formula-like, sometimes as long as the form allows."""
    alphabet = MULTILINE if multiline else LINE
    plain = st.text(alphabet, max_size=min(max_size, 200))
    formula = st.builds(lambda prefix, rest: prefix + rest, FORMULA_LIKE, plain)
    options = [plain, formula]
    if max_size >= MAX_TEXT:
        options.append(st.builds(lambda char, n: char * n, alphabet,
                                 st.integers(MAX_TEXT - 50, MAX_TEXT)))
    strategy = st.one_of(*options).map(nfc).filter(lambda text: len(text) <= max_size)
    return strategy.filter(lambda text: text.strip()) if required else strategy


def long_texts(required: bool = False):
    return texts(MAX_TEXT, required=required, multiline=True)


URLS = st.sampled_from(["", "https://aipd.test/=1+1", "http://exemple.test/@a?b=-2"])
EMAILS = st.sampled_from(["", "prenom.nom@ac-versailles.fr"])

ACTIVITY_TEXTS = st.fixed_dictionaries({
    "name": texts(300, required=True), "purpose": long_texts(required=True),
    "legal_text": long_texts(), "software": texts(300), "software_vendor": texts(300),
    "automated_decision_details": texts(1000, multiline=True), "data_source": texts(1000, multiline=True),
    "information_channel": texts(1000, multiline=True), "information_text": long_texts(),
    "consent_reason": texts(1000, multiline=True), "consent_collection": texts(1000, multiline=True),
    "consent_withdrawal": texts(1000, multiline=True), "rights_contact": texts(1000, multiline=True), "dpia_url": URLS,
    "internal_notes": long_texts(), "sub_purposes": st.lists(texts(1000, required=True),
                                                             max_size=3),
    # An all-blank sub-form is "not provided" (None) for the form: not generated here.
    "information_notice": st.fixed_dictionaries({"title": texts(300, required=True),
                                                 "version": texts(100), "url": URLS}),
    "representative": st.fixed_dictionaries({
        "title": texts(200), "name": texts(200, required=True), "address": texts(1000, multiline=True),
        "email": EMAILS, "phone": texts(40)}),
    "joint_controllers": st.lists(st.fixed_dictionaries({
        "title": texts(200, required=True), "name": texts(200),
        "address": texts(1000, multiline=True), "email": EMAILS, "phone": texts(40),
        "role_split": texts(1000, multiline=True)}), max_size=2),
    "legal_bases": st.lists(st.fixed_dictionaries({
        "basis": st.just("6.1.e"), "justification": texts(1000, multiline=True)}), max_size=2),
    "subject_categories": st.lists(st.fixed_dictionaries({
        "category": st.just("eleves"), "details": texts(1000, multiline=True)}), max_size=2),
    "data_categories": st.lists(st.fixed_dictionaries({
        "category": st.just("autre"), "description": texts(1000, multiline=True),
        "retention_criteria": texts(1000, multiline=True)}), max_size=2),
    "recipients": st.lists(st.fixed_dictionaries({
        "kind": st.just("autre"), "name": texts(300, required=True)}), max_size=2),
    "transfers": st.lists(st.fixed_dictionaries({
        "recipient": texts(300, required=True), "country": st.just("CH"),
        "guarantee": st.just("adequation"),
        "documentation": texts(1000, multiline=True)}), max_size=2),
    "security_measures": st.lists(st.fixed_dictionaries({
        "kind": st.just("autre"), "details": texts(1000, multiline=True)}), max_size=2),
})
