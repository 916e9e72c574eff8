"""Round trips: an exported register imported into another organisation gives the same activities."""
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registre.activities.serialization import SYSTEM_FIELDS, activity_to_dict
from registre.activities.services import create_activity, list_activities
from registre.extensions import db
from registre.exports.layout import FORMAT_VERSION
from registre.exports.render import write_export
from registre.exports.services import organisation_context
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
    values = dict(
        reference="R-42", scope="national", legal_text="Arrêté du 1er janvier 2020",
        last_reviewed_on="2026-01-15", next_review_on="2027-01-15", published=False,
        sub_purposes=["Un", "=2+2", "Trois | quatre"],
        legal_bases=[{"basis": "6.1.e", "justification": "Mission"},
                     {"basis": "6.1.a", "justification": "Photos"}],
        art9_condition="9.2.g", automated_decision=True, automated_decision_details="Tri",
        data_source="Famille", collection_mandatory=True,
        subject_categories=[{"category": "eleves", "details": "de 11 à 16 ans"}],
        data_categories=[
            {"category": "sensible", "sensitive_kind": "sante", "description": "PAI",
             "active_duration": 1, "active_unit": "ans", "retention_criteria": "",
             "archive_duration": 2, "archive_unit": "mois", "final_fate": "destruction"},
            {"category": "vie_scolaire", "description": "Notes",
             "retention_criteria": "Fin de scolarité + 1 an", "final_fate": "archivage_definitif"}],
        recipients=[{"kind": "sous_traitant", "name": "Éditeur", "processor_id": processor_id,
                     "data_categories": ["sensible", "vie_scolaire"]}],
        transfers=[{"recipient": "Support", "country": "US", "guarantee": "cct",
                    "documentation": "https://exemple.test/cct"}],
        security_measures=[{"kind": "chiffrement", "details": "AES"},
                           {"kind": "autre", "details": "-10"}],
        joint_controllers=[{"title": "Maire", "name": "Commune", "address": "Place",
                            "email": "m@c.fr", "phone": "01", "role_split": "Cantine"}],
        representative={"title": "T", "name": "N", "address": "A", "email": "e@x.fr",
                        "phone": "02"},
        hosting="prestataire", hosting_processor_id=processor_id, storage_countries=["FR", "DE"],
        informed="oui", information_date="2025-09-01",
        information_notice={"title": "Notice", "version": "2", "url": "https://n.test"},
        information_text="@Texte", consent_required=True, consent_reason="Photos",
        consent_signatories="conjoint_eleve_et_responsables",
        consent_text={"title": "Autorisation", "version": "1", "url": "https://c.test"},
        consent_collection="Papier", consent_withdrawal="Courrier",
        governance_opinion_date="2025-06-30", dpia_criteria=["personnes_vulnerables",
                                                             "donnees_sensibles"],
        dpia_status="realisee", dpia_date="2025-05-01", dpia_url="https://aipd.test",
        internal_notes="+33 1 23")
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
    ({"informed": "peut-être"}, "Personnes informées » : valeur « peut-être » inconnue"),
    ({"min_age": "douze"}, "« douze » n'est pas un nombre entier"),
    ({"information_date": "31/02/2025"}, "« 31/02/2025 » n'est pas une date"),
    ({"name": " "}, "Nom du traitement » : ce champ est obligatoire"),
    ({"name": "x" * 301}, "au-delà de la limite de 300"),
    ({"legal_bases": [{"basis": "6.1.z"}]}, "Base légale, ligne 1 » : valeur « 6.1.z » inconnue"),
    ({"transfers": [{"country": "Atlantide"}]}, "pays « Atlantide » inconnu"),
    ({"purpose": "a\x00b"}, "caractère nul"),
    ({"subject_categories": [{"details": "sans catégorie"}]},
     "Catégories de personnes, ligne 1 » : la colonne « catégorie » est obligatoire"),
])
def test_json_validation_problems_name_the_activity_and_field(app, change, message):
    organisation = make_organisation()
    document = {"activities": [activity_data(name="Bon"), activity_data(**change)]}
    parsed = read_import("r.json", json.dumps(document).encode(), organisation)
    assert len(parsed.problems) == 1
    assert str(parsed.problems[0]).startswith("Traitement n° 2, champ « ")
    assert message in str(parsed.problems[0])


# --- property: any text survives export → import -------------------------------------

TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
FORMULA_LIKE = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠",
                                "=HYPERLINK(\"http://x\")", "'"])


def texts(max_size: int, required: bool = False):
    """Arbitrary text, often formula-like, sometimes long (when the column allows it)."""
    plain = st.text(TEXT, max_size=min(max_size, 200))
    formula = st.builds(lambda prefix, rest: (prefix + rest)[:max_size], FORMULA_LIKE, plain)
    options = [plain, formula]
    if max_size > 40_000:
        options.append(st.builds(lambda char, n: char * n, TEXT, st.integers(32_700, 40_000)))
    strategy = st.one_of(*options)
    return strategy.filter(lambda text: text.strip()) if required else strategy


ACTIVITY_TEXTS = st.fixed_dictionaries({
    "name": texts(300, required=True), "purpose": texts(100_000, required=True),
    "legal_text": texts(100_000), "software": texts(300), "software_vendor": texts(300),
    "automated_decision_details": texts(1000), "data_source": texts(1000),
    "information_channel": texts(1000), "information_text": texts(100_000),
    "consent_reason": texts(1000), "consent_collection": texts(1000),
    "consent_withdrawal": texts(1000), "rights_contact": texts(1000), "dpia_url": texts(2000),
    "internal_notes": texts(100_000), "sub_purposes": st.lists(texts(1000), max_size=3),
    "information_notice": st.fixed_dictionaries({"title": texts(300), "version": texts(100),
                                                 "url": texts(2000)}),
    "representative": st.fixed_dictionaries({key: texts(200) for key in
                                             ("title", "name", "address", "email", "phone")}),
    "joint_controllers": st.lists(st.fixed_dictionaries({
        "title": texts(200), "name": texts(200), "address": texts(1000), "email": texts(254),
        "phone": texts(40), "role_split": texts(1000)}), max_size=2),
    "legal_bases": st.lists(st.fixed_dictionaries({"basis": st.just("6.1.e"),
                                                   "justification": texts(1000)}), max_size=2),
    "subject_categories": st.lists(st.fixed_dictionaries({
        "category": st.just("eleves"), "details": texts(1000)}), max_size=2),
    "data_categories": st.lists(st.fixed_dictionaries({
        "category": st.just("autre"), "description": texts(1000),
        "retention_criteria": texts(1000)}), max_size=2),
    "recipients": st.lists(st.fixed_dictionaries({"kind": st.just("autre"),
                                                  "name": texts(300)}), max_size=2),
    "transfers": st.lists(st.fixed_dictionaries({
        "recipient": texts(300), "country": st.just("CH"), "guarantee": st.just("adequation"),
        "documentation": texts(1000)}), max_size=2),
    "security_measures": st.lists(st.fixed_dictionaries({"kind": st.just("autre"),
                                                         "details": texts(1000)}), max_size=2),
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
