"""One e-mail rule for accounts, académies, organisations and fiches (issue 11, point 2).

The demo's addresses end in ``.test`` (RFC 6761, reserved for tests): the activity form used
to refuse them while the account commands accepted them, so no demo fiche could be saved.
"""
import html

import pytest
import sqlalchemy as sa

from registre.activities.form_json import form_from_json, json_form_errors
from registre.emails import MESSAGE, is_valid_email
from registre.extensions import db
from registre.models import Academie, Role, User
from tests.factories import activity_data, make_academie, make_organisation, make_user
from tests.support import TEST_PASSWORD

ACCEPTED = ["dpd@ac-versailles.test", "prenom.nom@ac-versailles.fr", "Prenom.Nom@AC-LYON.FR",
            "élève@exemple.fr", "ce.0781234a@ac-versailles.fr"]
REFUSED = ["pas-une-adresse", "a@b", "nom@localhost", "nom@ecole.local", "nom@x.invalid",
           "nom @exemple.fr", "nom@@exemple.fr", "x" * 250 + "@ac.fr"]


@pytest.mark.parametrize("address", ACCEPTED)
def test_the_rule_accepts_real_and_reserved_test_addresses(address):
    assert is_valid_email(address)


@pytest.mark.parametrize("address", REFUSED)
def test_the_rule_refuses_what_reaches_nobody(address):
    assert not is_valid_email(address)


@pytest.mark.parametrize("address", ["dpd@ac-versailles.test", "nom@ecole.local"])
def test_fiche_account_academie_and_cli_give_the_same_answer(app, client, login, runner,
                                                             address):
    accepted = is_valid_email(address)
    organisation = make_organisation()
    dpd = make_user(Role.DPD, academie=organisation.academie)
    db.session.commit()
    # The fiche (web form and API share its rules).
    form = form_from_json(activity_data(controller={"title": "Chef", "email": address}),
                          organisation)
    errors = json_form_errors(form)
    assert ("controller.email" not in errors) is accepted
    if not accepted:
        assert errors["controller.email"] == MESSAGE
    # An account created by the DPD on the web.
    login(dpd)
    response = client.post_form(f"/academies/{organisation.academie.code}/comptes/nouveau", {
        "email": address, "name": "Compte", "role": "redacteur", "scope": organisation.uai,
        "password": "Cartable-Rouge-2026!"})
    assert (response.status_code == 302) is accepted
    assert (db.session.scalar(sa.select(User).where(User.email == address)) is not None) \
        is accepted
    # An académie created from the command line.
    result = runner.invoke(args=["registre", "create-academie", "essai", "Essai",
                                 "--dpd-email", address])
    assert (result.exit_code == 0) is accepted, result.output
    created = db.session.scalar(sa.select(Academie).where(Academie.code == "essai"))
    assert (created is not None) is accepted
    if not accepted:
        assert "adresse électronique invalide" in result.output


def test_admin_edits_an_academie_with_a_test_address(client, login):
    admin = make_user(Role.ADMIN)
    academie = make_academie()
    db.session.commit()
    login(admin, TEST_PASSWORD)
    response = client.post_form(f"/admin/academies/{academie.code}/modifier", {
        "code": academie.code, "name": academie.name, "dpd_name": "Camille",
        "dpd_email": "dpd@ac-demo.test"})
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[-2000:]
    db.session.expire_all()
    assert db.session.get(Academie, academie.id).dpd_email == "dpd@ac-demo.test"
