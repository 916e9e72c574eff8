"""One answer per country: the form, the import, the rules and the public page agree."""
import json

import pytest
from babel import Locale

from registre.activities.form_data import form_to_activity_data
from registre.activities.form_json import form_from_json, json_form_errors
from registre.compliance.rules import transfer_findings
from registre.countries import (
    COUNTRY_CODES,
    country_code,
    country_name,
    country_zone,
    in_eea,
    parse_countries,
)
from registre.extensions import db
from registre.imports.services import read_import
from registre.models import Activity, ActivityTransfer
from tests.factories import activity_data, make_organisation
from tests.public_support import publish
from tests.support import TODAY

EU, EEA, OUTSIDE = ("Union européenne", "Espace économique européen, où le RGPD s'applique",
                    "hors de l'Union européenne")
# What a user types → the stored code, its French name and zone (None: not a country).
TABLE = [
    ("FR", "FR", "France", EU), ("fr", "FR", "France", EU), (" de ", "DE", "Allemagne", EU),
    ("France", "FR", "France", EU), ("IRLANDE", "IE", "Irlande", EU),
    ("EL", "GR", "Grèce", EU), ("el", "GR", "Grèce", EU), ("Grèce", "GR", "Grèce", EU),
    ("grece", "GR", "Grèce", EU),
    ("UK", "GB", "Royaume-Uni", OUTSIDE), ("GB", "GB", "Royaume-Uni", OUTSIDE),
    ("Royaume-Uni", "GB", "Royaume-Uni", OUTSIDE), ("royaume uni", "GB", "Royaume-Uni", OUTSIDE),
    ("Angleterre", "GB", "Royaume-Uni", OUTSIDE),
    ("NO", "NO", "Norvège", EEA), ("Norvège", "NO", "Norvège", EEA),
    ("Liechtenstein", "LI", "Liechtenstein", EEA),
    ("US", "US", "États-Unis", OUTSIDE), ("Etats-Unis", "US", "États-Unis", OUTSIDE),
    ("USA", "US", "États-Unis", OUTSIDE),
    ("XK", "XK", "Kosovo", OUTSIDE), ("Kosovo", "XK", "Kosovo", OUTSIDE),
    ("Corée du Sud", "KR", "Corée du Sud", OUTSIDE), ("Birmanie", "MM", "Myanmar (Birmanie)", OUTSIDE),
    ("Côte d'Ivoire", "CI", "Côte d’Ivoire", OUTSIDE), ("Suisse", "CH", "Suisse", OUTSIDE),
    ("Îles Canaries", "ES", "Espagne", EU),
    # CLDR codes that are not countries, and unknown texts.
    *((code, None, None, None) for code in (
        "AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ")),
    ("XY", None, None, None), ("Atlantide", None, None, None),
    ("Union européenne", None, None, None),
]


def test_the_code_set_is_iso_plus_kosovo_and_every_code_has_a_french_name():
    territories = Locale("fr").territories
    two_letters = {code for code in territories if len(code) == 2 and code.isalpha()}
    assert len(COUNTRY_CODES) == 250 and COUNTRY_CODES.issubset(two_letters)
    assert two_letters - COUNTRY_CODES == {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO",
                                            "TA", "UN", "XA", "XB", "ZZ"}
    assert all(country_name(code) != code for code in COUNTRY_CODES)


@pytest.mark.parametrize(("typed", "code", "name", "zone"), TABLE)
def test_the_one_module_answers(typed, code, name, zone):
    assert country_code(typed) == code
    assert parse_countries([typed]) == [code or typed.strip()]
    if code is not None:
        assert (country_name(code), country_zone(code)) == (name, zone)
        assert in_eea(code) is (zone != OUTSIDE)


def _typed_everywhere(typed: str) -> dict:
    return activity_data(storage_countries=[typed], transfers=[
        {"recipient": "Support", "country": typed, "guarantee": "cct"}])


@pytest.mark.parametrize(("typed", "code", "name", "zone"), TABLE)
def test_the_form_and_the_import_store_the_same_code(app, typed, code, name, zone):
    organisation = make_organisation()
    form = form_from_json(_typed_everywhere(typed), organisation)
    form.validate()
    errors = json_form_errors(form)
    document = json.dumps({"activities": [_typed_everywhere(typed)]}).encode()
    parsed = read_import("registre.json", document, organisation)
    if code is None:
        assert set(errors) == {"storage_countries", "transfers[0].country"}
        assert all("Code pays inconnu" in message for message in errors.values())
        assert len(parsed.problems) == 2
        assert all("Code pays inconnu" in str(problem) for problem in parsed.problems)
        return
    assert errors == {} and parsed.problems == []
    for data in (form_to_activity_data(form), parsed.activities[0]):
        assert data["storage_countries"] == [code]
        assert data["transfers"][0]["country"] == code


@pytest.mark.parametrize(("typed", "code", "name", "zone"),
                         [row for row in TABLE if row[1] is not None])
def test_the_transfer_rule_follows_the_same_zones(typed, code, name, zone):
    # A stored code, or an older value still holding an alias (EL, UK), gives one answer.
    for stored in {code, typed.strip().upper()} & (COUNTRY_CODES | {"EL", "UK"}):
        activity = Activity(transfers=[ActivityTransfer(recipient="Support", country=stored)])
        assert bool(transfer_findings(activity, TODAY)) is (zone == OUTSIDE)


def test_the_public_page_names_the_countries_the_form_stored(app, client):
    organisation = make_organisation()
    form = form_from_json(activity_data(storage_countries=["el UK, Royaume-Uni ; Kosovo\nno"]),
                          organisation)
    assert form.validate(), json_form_errors(form)
    stored = form_to_activity_data(form)["storage_countries"]
    assert stored == ["GR", "GB", "XK", "NO"]  # in order, once each
    publish(organisation, hosting="prestataire", storage_countries=stored)
    db.session.commit()
    register = client.get(f"/registre/{organisation.uai}.json").get_json()
    countries = register["activities"][0]["storage"]["countries"]
    assert [(c["code"], c["name"], c["zone"], c["in_eu"]) for c in countries] == [
        ("GR", "Grèce", EU, True), ("GB", "Royaume-Uni", OUTSIDE, False),
        ("XK", "Kosovo", OUTSIDE, False), ("NO", "Norvège", EEA, True)]
    page = client.get(f"/registre/{organisation.uai}").get_data(as_text=True)
    assert all(name in page for name in ("Grèce", "Royaume-Uni", "Kosovo", "Norvège"))
