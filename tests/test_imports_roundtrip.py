"""Round trips: an exported register imported into another organisation gives the same activities."""
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registre.activities.services import create_activity, list_activities
from registre.exports.layout import FORMAT_VERSION
from registre.exports.render import write_export
from registre.exports.services import organisation_context
from registre.extensions import db
from registre.fiche.serialization import SYSTEM_FIELDS, activity_to_dict
from registre.forms.validators import MAX_TEXT, nfc
from registre.imports.services import commit_import, read_import
from registre.models import Processor, Status
from tests.factories import activity_data, make_academie, make_activity, make_organisation


def export_file(organisation, fmt: str) -> bytes:
    """The organisation's export (every status) as written by ``registre.exports``."""
    buffer = io.BytesIO()
    write_export(organisation_context(organisation, None, None), fmt, buffer)
    return buffer.getvalue()


def export_json(organisation) -> bytes:
    """The JSON export of the organisation."""
    data = export_file(organisation, "json")
    assert json.loads(data)["format"] == FORMAT_VERSION
    return data


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
        "art9_condition": "9.2.g", "automated_decision": True, "automated_decision_details": "Tri",
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


def test_json_round_trip_gives_identical_activities(app):
    academie = make_academie()
    source, target = make_organisation(academie), make_organisation(academie)
    processor = Processor(academie=academie, name="Éditeur SAS")
    db.session.add(processor)
    db.session.flush()
    create_activity(source, full_data(processor.id), None, Status.EN_SERVICE)
    make_activity(source, reference="R-43", name="Deuxième")
    db.session.commit()
    parsed = read_import("registre.json", export_json(source), target)
    assert parsed.problems == [] and parsed.notes == []
    commit_import(target, parsed, None)
    db.session.commit()
    originals = [comparable(a) for a in list_activities(source)]
    copies = [comparable(a) for a in list_activities(target)]
    assert copies == originals
    assert all(a.status == Status.BROUILLON for a in list_activities(target))


def test_json_round_trip_to_another_academie_unlinks_processors(app):
    academie = make_academie()
    source, target = make_organisation(academie), make_organisation()
    processor = Processor(academie=academie, name="Éditeur SAS")
    db.session.add(processor)
    db.session.flush()
    create_activity(source, full_data(processor.id), None)
    db.session.commit()
    parsed = read_import("registre.json", export_json(source), target)
    assert parsed.problems == []
    assert parsed.notes == ["Sous-traitants absents du catalogue de l'académie, non reliés "
                            f"(le nom du destinataire est conservé) : n° {processor.id}."]
    [copy] = commit_import(target, parsed, None)
    db.session.flush()
    assert copy.recipients[0].processor_id is None and copy.hosting_processor_id is None
    assert copy.recipients[0].name == "Éditeur"


@pytest.mark.parametrize(("change", "message"), [
    ({"informed": "peut-être"},
     "« Personnes informées » : Valeur inconnue : « peut-être »"),
    ({"min_age": "douze"}, "« Âge minimum » : Valeur de type incorrect : un nombre entier"),
    ({"min_age": 120}, "« Âge minimum » : L'âge doit être un nombre entier entre 0 et 99."),
    ({"information_date": "31/02/2025"}, "« Date de l'information » : Date invalide"),
    ({"name": " "}, "« Nom du traitement » : Indiquez le nom du traitement."),
    ({"name": "x" * 301}, "« Nom du traitement » : Ce texte est trop long : 301 caractères"),
    ({"purpose": "x" * 10_001}, "« Finalité principale » : Ce texte est trop long : 10\u202f001"),
    ({"legal_bases": [{"basis": "6.1.z"}]},
     "« Bases légales, ligne 1, Base légale » : Valeur inconnue : « 6.1.z »"),
    ({"transfers": [{"recipient": "Support", "country": "Atlantide", "guarantee": "cct"}]},
     "« Transferts hors UE, ligne 1, Pays » : Code pays inconnu"),
    ({"purpose": "a\x00b"}, "caractère de contrôle invisible (U+0000)"),
    ({"name": "a\x07b"}, "caractère de contrôle invisible (U+0007)"),
    ({"dpia_url": "javascript:alert(1)"}, "« Lien vers l'AIPD » : Adresse web invalide"),
    ({"subject_categories": [{"details": "sans catégorie"}]},
     "« Catégories de personnes concernées, ligne 1, Catégorie de personnes » : Choisissez"),
    ({"colour": "bleu"}, "« colour » : Champ inconnu"),
])
def test_json_validation_problems_name_the_activity_and_field(app, change, message):
    organisation = make_organisation()
    document = {"activities": [activity_data(name="Bon"), activity_data(**change)]}
    parsed = read_import("r.json", json.dumps(document).encode(), organisation)
    assert len(parsed.problems) == 1
    assert str(parsed.problems[0]).startswith("Traitement n° 2, champ « ")
    assert message in str(parsed.problems[0])


# --- property: any text survives export → import -------------------------------------

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


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(values=ACTIVITY_TEXTS)
def test_any_text_survives_json_export_then_import(app, values):
    source, target = make_organisation(), make_organisation()
    create_activity(source, activity_data(**values), None)
    db.session.flush()
    try:
        parsed = read_import("registre.json", export_json(source), target)
        assert parsed.problems == []
        [copy] = commit_import(target, parsed, None)
        db.session.flush()
        db.session.expire_all()
        assert [comparable(a) for a in list_activities(target)] == \
            [comparable(a) for a in list_activities(source)]
    finally:
        db.session.rollback()
