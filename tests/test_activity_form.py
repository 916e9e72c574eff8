"""The activity form's input rules, shared by the web form and the JSON API."""
import pytest

from registre.activities.form_data import activity_to_form_data, form_to_activity_data
from registre.activities.form_json import form_from_json, json_form_errors, json_to_formdata
from registre.activities.forms import FIELDSETS, ActivityForm
from registre.extensions import db
from registre.fiche.serialization import (
    ROW_FIELDS,
    SCALAR_FIELDS,
    SYSTEM_FIELDS,
    activity_to_dict,
)
from registre.models import Processor
from tests.factories import activity_data, make_activity, make_organisation


@pytest.fixture
def organisation(app):
    with app.test_request_context():
        yield make_organisation()


def errors_for(payload: dict, organisation, activity=None) -> dict:
    return json_form_errors(form_from_json(payload, organisation, activity))


def test_form_covers_every_editable_field_of_design_section_3():
    edited = {name for _, _, names in FIELDSETS for name in names}
    expected = (set(SCALAR_FIELDS) | set(ROW_FIELDS) | {"controller", "representative",
                                                        "information_notice", "consent_text"})
    # The controller is listed as a system field but a user edits it (design §3: "defaults").
    expected = (expected - SYSTEM_FIELDS) | {"controller"}
    assert edited == expected
    assert [legend for _, legend, _ in FIELDSETS] == [
        "Description du traitement", "Acteurs", "Finalités et base légale",
        "Personnes concernées et mineurs", "Données et durées de conservation",
        "Destinataires et sous-traitants", "Hébergement et transferts hors UE",
        "Mesures de sécurité", "Information et consentement", "Droits et AIPD",
        "Notes internes"]


def test_every_field_has_a_french_help_text(organisation):
    form = ActivityForm(organisation=organisation, meta={"csrf": False})
    for _, _, names in FIELDSETS:
        for name in names:
            assert form[name].description, name


def test_activity_round_trips_through_the_form(organisation):
    activity = make_activity(organisation, consent_required=None, collection_mandatory=True,
                             information_date="2026-09-01", dpia_criteria=["evaluation"])
    form = ActivityForm(data=activity_to_form_data(activity), organisation=organisation,
                        activity=activity, meta={"csrf": False})
    data = form_to_activity_data(form)
    stored = activity_to_dict(activity)
    for key, value in data.items():
        assert stored[key] == value, key
    assert data["consent_required"] is None
    assert data["collection_mandatory"] is True


def test_json_round_trip_is_valid_and_identical(organisation):
    activity = make_activity(organisation)
    stored = activity_to_dict(activity)
    form = form_from_json(stored, organisation, activity)
    assert json_form_errors(form) == {}
    assert {key: stored[key] for key in form_to_activity_data(form)} == \
        form_to_activity_data(form)


@pytest.mark.parametrize("value, expected", [(None, None), (True, True), (False, False)])
def test_three_state_answers_keep_not_provided_as_none(organisation, value, expected):
    form = form_from_json(activity_data(consent_required=value, collection_mandatory=value),
                          organisation)
    assert json_form_errors(form) == {}
    data = form_to_activity_data(form)
    assert data["consent_required"] is expected
    assert data["collection_mandatory"] is expected


@pytest.mark.parametrize("overrides, path, fragment", [
    ({"informed": "peut-etre"}, "informed", "Valeur inconnue"),
    ({"legal_bases": [{"basis": "6.1.z"}]}, "legal_bases[0].basis", "Valeur inconnue"),
    ({"data_categories": [{"category": "sante"}]}, "data_categories[0].category",
     "Valeur inconnue"),
    ({"dpia_criteria": ["evaluation", "astrologie"]}, "dpia_criteria", "Valeur inconnue"),
    ({"information_date": "2026-02-30"}, "information_date", "Date invalide"),
    ({"dpia_date": "demain"}, "dpia_date", "Date invalide"),
    ({"dpia_url": "javascript:alert(1)"}, "dpia_url", "http:// ou https://"),
    ({"information_notice": {"url": "ftp://exemple.fr/notice"}}, "information_notice.url",
     "http:// ou https://"),
    ({"storage_countries": ["FR", "EU"]}, "storage_countries", "Code pays inconnu"),
    ({"transfers": [{"recipient": "X", "country": "ZZ"}]}, "transfers[0].country",
     "Code pays inconnu"),
    ({"min_age": 150}, "min_age", "entre 0 et 99"),
    ({"min_age": 16, "max_age": 11}, "max_age", "supérieur ou égal"),
    ({"data_categories": [{"category": "nir", "active_duration": -1, "active_unit": "ans"}]},
     "data_categories[0].active_duration", "positif"),
    ({"name": ""}, "name", "Indiquez le nom"),
    ({"name": "a" * 301}, "name", "trop long"),
    ({"purpose": "x" * 100_000}, "purpose", "trop long"),
    ({"purpose": "ok\x00nul"}, "purpose", "caractère de contrôle"),
    ({"name": "Sur\ndeux lignes"}, "name", "caractère de contrôle"),
    ({"internal_notes": "bip\x1b[31m"}, "internal_notes", "caractère de contrôle"),
    ({"controller": {"email": "pas-une-adresse"}}, "controller.email", "Adresse électronique"),
    ({"data_categories": [{"category": "nir", "sensitive_kind": "sante"}]},
     "data_categories[0].sensitive_kind", "Données sensibles"),
    ({"recipients": [{"kind": "sous_traitant"}]}, "recipients[0].name", "Indiquez le nom"),
    ({"recipients": [{"kind": "autre", "name": "X", "processor_id": 999999}]},
     "recipients[0].processor_id", "Valeur inconnue"),
    ({"published": "oui"}, "published", "true ou false"),
    ({"legal_bases": "6.1.e"}, "legal_bases", "une liste"),
    ({"min_age": "12"}, "min_age", "nombre entier"),
    ({"couleur": "bleu"}, "couleur", "Champ inconnu"),
])
def test_bad_input_gets_a_french_error_on_its_json_path(organisation, overrides, path, fragment):
    errors = errors_for(activity_data(**overrides), organisation)
    assert path in errors, errors
    assert fragment in errors[path]


def test_text_is_normalised_to_nfc_and_otherwise_kept(organisation):
    decomposed = "E\u0301le\u0300ves  <b>{{7*7}}</b>\tet\r\n« parents » 🎒"
    form = form_from_json(activity_data(purpose=decomposed), organisation)
    assert json_form_errors(form) == {}
    assert form_to_activity_data(form)["purpose"] == \
        "Élèves  <b>{{7*7}}</b>\tet\r\n« parents » 🎒"


def test_blank_rows_are_ignored_and_partial_rows_validated(organisation):
    form = form_from_json(activity_data(security_measures=[{"kind": None, "details": ""},
                                                           {"kind": "sauvegarde"}]),
                          organisation)
    assert json_form_errors(form) == {}
    assert form_to_activity_data(form)["security_measures"] == [
        {"kind": "sauvegarde", "details": ""}]
    errors = errors_for(activity_data(security_measures=[{"details": "Sans type"}]),
                        organisation)
    assert errors == {"security_measures[0].kind": "Choisissez le type de mesure."}


def test_processor_choices_come_from_the_academie_catalogue(organisation):
    mine = Processor(academie=organisation.academie, name="Index Éducation")
    other = Processor(academie=make_organisation().academie, name="Ailleurs")
    db.session.add_all([mine, other])
    db.session.flush()
    ok = errors_for(activity_data(recipients=[{"kind": "sous_traitant",
                                               "processor_id": mine.id}],
                                  hosting_processor_id=mine.id), organisation)
    assert ok == {}
    refused = errors_for(activity_data(hosting_processor_id=other.id), organisation)
    assert "hosting_processor_id" in refused


def test_reference_must_be_unique_in_the_register(organisation):
    existing = make_activity(organisation)
    errors = errors_for(activity_data(reference=existing.reference.lower()), organisation)
    assert "déjà utilisée" in errors["reference"]
    # The activity keeps its own reference when it is edited.
    assert errors_for({"reference": existing.reference}, organisation, existing) == {}


def test_json_lists_flatten_to_form_names():
    formdata, errors = json_to_formdata({"legal_bases": [{"basis": "6.1.e"}],
                                         "dpia_criteria": ["evaluation", "surveillance"],
                                         "consent_required": None, "published": False})
    assert errors == {}
    assert formdata["legal_bases-0-basis"] == "6.1.e"
    assert formdata.getlist("dpia_criteria") == ["evaluation", "surveillance"]
    assert formdata["consent_required"] == ""
    assert formdata["published"] == "false"


def test_json_creation_starts_from_the_organisation_controller(organisation):
    form = form_from_json({"name": "Minimal"}, organisation)
    assert json_form_errors(form) == {}
    data = form_to_activity_data(form)
    assert data["controller"]["name"] == organisation.controller_name
    assert (data["scope"], data["informed"], data["published"]) == ("local", "inconnu", True)


def test_json_update_without_version_does_not_inherit_the_stored_one(organisation):
    activity = make_activity(organisation)
    form = form_from_json({"name": "Renommée"}, organisation, activity)
    assert json_form_errors(form) == {}
    assert not form.version.data
    assert form_to_activity_data(form)["purpose"] == activity.purpose
