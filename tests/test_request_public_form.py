"""Parents file a rights request on the public page: deadline, reference, e-mails, robots."""
import pytest

from registre.extensions import db
from registre.models import RequestChannel, RightsRequest, Role
from tests.factories import make_academie, make_organisation, make_user
from tests.register_helpers import AT_NOW

pytestmark = AT_NOW

VALID = {"kind": "rectification", "requester_kind": "parent", "requester_name": "Karim Benali",
         "requester_contact": "karim.benali@exemple.fr",
         "message": "L'adresse de ma fille Inès, en 6e A, est fausse dans Pronote."}


@pytest.fixture
def school(frozen_clock):
    academie = make_academie(name="Versailles", dpd_email="dpd@ac-versailles.fr",
                             rights_contact="droits@ac-versailles.fr")
    organisation = make_organisation(academie, name="Collège Camus")
    make_user(Role.RESPONSABLE, organisation=organisation, email="principale@camus.fr")
    make_user(Role.DPD, academie=academie, email="dpd.adjoint@ac-versailles.fr")
    make_user(Role.REDACTEUR, organisation=organisation, email="secretariat@camus.fr")
    make_user(Role.RESPONSABLE, organisation=make_organisation(academie), email="autre@x.fr")
    db.session.commit()
    return organisation


def _url(organisation) -> str:
    return f"/registre/{organisation.uai}/demande"


def test_public_page_links_to_the_form_which_works_without_login(client, school):
    assert _url(school) in client.get(f"/registre/{school.uai}").get_data(as_text=True)
    page = client.get(_url(school))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="csrf_token"' in html and 'type="file"' not in html
    assert 'class="trap" aria-hidden="true"' in html


def test_a_request_lands_in_the_register_with_its_deadline_and_mails(client, school, smtp):
    response = client.post_form(_url(school), VALID)
    assert response.status_code == 303
    filed = db.session.scalars(db.select(RightsRequest)).one()
    assert filed.channel == RequestChannel.EN_LIGNE
    assert filed.received_at.isoformat() == "2026-11-28" and filed.due_on.isoformat() == "2026-12-28"
    assert filed.requester_name == "Karim Benali" and filed.organisation_id == school.id
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert filed.reference in receipt and "28/12/2026" in receipt
    [ack] = smtp.to("karim.benali@exemple.fr")
    assert filed.reference in ack.get_content() and "28/12/2026" in ack.get_content()
    staff = {address for recipients, message in smtp.received
             if "Nouvelle demande" in message["Subject"] for address in recipients}
    assert staff == {"dpd@ac-versailles.fr", "dpd.adjoint@ac-versailles.fr", "principale@camus.fr"}
    notice = smtp.to("principale@camus.fr")[0].get_content()
    assert (f"https://registre.ac-test.fr/etablissements/{school.uai}/demandes/{filed.id}"
            in notice)
    assert "Inès" not in notice  # the message stays in the register


def test_links_use_the_canonical_address_not_the_host_header(app, school, smtp):
    from registre.requests.notifications import notify_online_request
    from tests.factories import make_rights_request
    filed = make_rights_request(school, requester_contact="k@exemple.fr")
    db.session.commit()
    with app.test_request_context("/registre", base_url="http://pirate.example"):
        notify_online_request(filed)
    notice = smtp.to("principale@camus.fr")[0].get_content()
    assert "pirate.example" not in notice and "https://registre.ac-test.fr/" in notice


@pytest.mark.parametrize("changes, message", [
    ({"kind": ""}, "Choisissez le droit que vous voulez exercer."),
    ({"kind": "tout"}, "Valeur inconnue"),
    ({"requester_contact": "pas-une-adresse"}, "Adresse électronique invalide"),
    ({"requester_name": "x" * 201}, "Ce texte est trop long"),
    ({"message": "x" * 5001}, "Ce texte est trop long"),
    ({"requester_name": "Karim\x00"}, "caractère de contrôle"),
    ({"message": ""}, "Décrivez votre demande."),
])
def test_bad_input_is_refused_in_french_and_saves_nothing(client, school, changes, message):
    response = client.post_form(_url(school), {**VALID, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(RightsRequest)) == 0


def test_the_hidden_field_stops_robots(client, school):
    response = client.post_form(_url(school), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(RightsRequest)) == 0


def test_without_csrf_token_nothing_is_saved(client, school):
    response = client.post(_url(school), data=VALID)
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count()).select_from(RightsRequest)) == 0


def test_the_rate_limit_answers_429_in_french(app, client, school):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "2 per hour"
    for _ in range(2):
        assert client.post_form(_url(school), VALID).status_code == 303
    refused = client.post_form(_url(school), VALID)
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(RightsRequest)) == 2


def test_unknown_school_is_404_and_the_receipt_needs_a_filed_request(client, school):
    assert client.get("/registre/0750655E/demande").status_code == 404
    assert client.post_form("/registre/pas-un-uai/demande", VALID).status_code == 404
    response = client.get(f"/registre/{school.uai}/demande/envoyee")
    assert response.status_code == 302 and response.headers["Location"].endswith("/demande")


def test_the_form_page_shows_no_internal_data(client, school):
    from tests.factories import make_breach, make_rights_request
    make_breach(school, description="CANARI-violation")
    make_rights_request(school, requester_name="CANARI-demandeur")
    db.session.commit()
    for url in (_url(school), f"/registre/{school.uai}"):
        assert "CANARI" not in client.get(url).get_data(as_text=True)
    client.post_form(_url(school), VALID)
    receipt = client.get(f"/registre/{school.uai}/demande/envoyee").get_data(as_text=True)
    assert "CANARI" not in receipt
