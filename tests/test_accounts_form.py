"""The account form (issue 11, point 9; issue 15): password errors under the password field,
the least powerful role by default, accounts that sign in only with the académie."""
import html
import re

import sqlalchemy as sa
from flask import g

from registre.extensions import db
from registre.models import Role, User
from tests.factories import make_organisation, make_user

NEW_PASSWORD = "Cartable-Rouge-2026!"


def _setup(login):
    dpd = make_user(Role.DPD)
    school = make_organisation(dpd.academie)
    db.session.commit()
    return dpd, school, login(dpd)


def _error_of(page: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{field_id}-erreur">([^<]*)</p>', page)
    return match.group(1) if match else ""


def test_password_errors_show_under_the_password_field(login):
    dpd, school, client = _setup(login)
    response = client.post_form(f"/academies/{dpd.academie.code}/comptes/nouveau", {
        "email": "nouveau@ac-test.fr", "role": "redacteur", "scope": school.uai,
        "password": "court"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "au moins 12 caractères" in _error_of(page, "password")
    assert _error_of(page, "email") == ""
    edit = make_user(Role.REDACTEUR, organisation=school)
    db.session.commit()
    response = client.post_form(f"/academies/{dpd.academie.code}/comptes/{edit.id}/modifier", {
        "email": edit.email, "role": "redacteur", "scope": school.uai, "password": "court"})
    page = html.unescape(response.get_data(as_text=True))
    assert "au moins 12 caractères" in _error_of(page, "password")
    assert _error_of(page, "email") == ""


def test_a_new_account_starts_with_the_least_powerful_role(login):
    dpd, _, client = _setup(login)
    page = client.get(f"/academies/{dpd.academie.code}/comptes/nouveau").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="role"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option([^>]*)value="([a-z]+)"', select)
    assert [value for _, value in options] == ["auditeur", "redacteur", "responsable", "dpd"]
    assert [value for attributes, value in options if "selected" in attributes] == ["auditeur"]


def test_dpd_creates_an_account_without_password_for_the_academie_sign_in(app, login):
    """Issue 15: as ``create-user --no-password`` does, from the web."""
    dpd, school, client = _setup(login)
    response = client.post_form(f"/academies/{dpd.academie.code}/comptes/nouveau", {
        "email": "oidc.seulement@ac-test.fr", "name": "Sans Mot De Passe",
        "role": "responsable", "scope": school.uai, "no_password": "y"})
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[-2000:]
    account = db.session.scalar(sa.select(User).where(User.email == "oidc.seulement@ac-test.fr"))
    assert account.role == Role.RESPONSABLE and account.organisation_id == school.id
    assert account.password_hash == "" and not account.check_password("")
    listing = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Connexion par le compte académique seulement" in listing
    # No password ever opens it (a fresh browser; Flask-Login's cache cleared first).
    g.pop("_login_user", None)
    login_attempt = app.test_client().post_form("/connexion", {
        "email": account.email, "password": ""})
    assert login_attempt.status_code != 302


def test_no_password_and_a_password_together_are_refused(login):
    dpd, school, client = _setup(login)
    response = client.post_form(f"/academies/{dpd.academie.code}/comptes/nouveau", {
        "email": "deux@ac-test.fr", "role": "redacteur", "scope": school.uai,
        "password": NEW_PASSWORD, "no_password": "y"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "laissez ce champ vide" in _error_of(page, "password")
    assert db.session.scalar(sa.select(User).where(User.email == "deux@ac-test.fr")) is None
