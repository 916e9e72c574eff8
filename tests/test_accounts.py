"""Accounts of an académie managed by its DPD: creation, changes, deactivation."""
import html

import pytest
import sqlalchemy as sa
from flask import g

from registre.auth.services import create_api_token, user_for_token
from registre.extensions import db
from registre.models import Role, User
from tests.factories import make_academie, make_organisation, make_user
from tests.support import TEST_PASSWORD

NEW_PASSWORD = "Cartable-Rouge-2026!"


def _setup():
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    school = make_organisation(academie)
    db.session.commit()
    return academie, dpd, school


def _forget_current_user():
    """The tests share one app context, so Flask-Login's per-request cache must be cleared
    when another client (another browser) makes the next request."""
    g.pop("_login_user", None)


def _logs_in(app, email: str, password: str) -> bool:
    """Log in from a fresh browser; True when the home page then shows that account."""
    _forget_current_user()
    browser = app.test_client()
    if browser.post_form("/connexion", {"email": email, "password": password}).status_code != 302:
        return False
    _forget_current_user()
    page = html.unescape(browser.get("/").get_data(as_text=True))
    _forget_current_user()
    return f"{_account(email).name or email} — " in page


def _account(email):
    return db.session.scalars(sa.select(User).where(User.email == email)).first()


@pytest.mark.parametrize("role, scope", [
    ("redacteur", "school"), ("responsable", "school"), ("auditeur", "school"),
    ("auditeur", ""), ("dpd", ""),
])
def test_dpd_creates_an_account_who_can_log_in(app, client, login, role, scope):
    academie, dpd, school = _setup()
    login(dpd)
    response = client.post_form(f"/academies/{academie.code}/comptes/nouveau", {
        "email": " Nouveau.Compte@Ac-Test.fr ", "name": "Nouveau Compte", "role": role,
        "scope": school.uai if scope else "", "password": NEW_PASSWORD})
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[-3000:]
    account = _account("nouveau.compte@ac-test.fr")
    assert account.role == Role(role) and account.academie_id == academie.id
    assert account.organisation_id == (school.id if scope else None)
    assert account.password_hash and NEW_PASSWORD not in account.password_hash
    assert _logs_in(app, account.email, NEW_PASSWORD)


@pytest.mark.parametrize("data, message", [
    ({"role": "redacteur", "scope": ""}, "travaille pour un établissement"),
    ({"role": "dpd", "scope": "SCHOOL"}, "Un DPD couvre toute l'académie"),
    ({"role": "admin"}, "choisissez une valeur de la liste"),
    ({"password": "court"}, "au moins 12 caractères"),
    ({"password": ""}, "Indiquez un mot de passe initial."),
    ({"email": "pas-une-adresse"}, "Adresse électronique invalide"),
    ({"email": "EXISTANT@exemple.fr"}, "Un compte existe déjà"),
    ({"scope": "0750655E"}, "choisissez une valeur de la liste"),
    ({"name": "Nom\x07Sonnerie"}, "caractère de contrôle"),
])
def test_invalid_account_is_refused_and_nothing_created(client, login, data, message):
    academie, dpd, school = _setup()
    make_user(Role.REDACTEUR, organisation=school, email="existant@exemple.fr")
    db.session.commit()
    login(dpd)
    values = {"email": "nouveau@exemple.fr", "name": "Nouveau", "role": "redacteur",
              "scope": school.uai, "password": NEW_PASSWORD}
    values.update(data)
    if values.get("scope") == "SCHOOL":
        values["scope"] = school.uai
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = client.post_form(f"/academies/{academie.code}/comptes/nouveau", values)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == before
    assert _account("nouveau@exemple.fr") is None


def test_organisation_of_another_academie_cannot_be_chosen(client, login):
    academie, dpd, _ = _setup()
    foreign = make_organisation(make_academie())
    db.session.commit()
    login(dpd)
    page = client.get(f"/academies/{academie.code}/comptes/nouveau").get_data(as_text=True)
    assert foreign.uai not in page
    response = client.post_form(f"/academies/{academie.code}/comptes/nouveau", {
        "email": "x@exemple.fr", "role": "redacteur", "scope": foreign.uai,
        "password": NEW_PASSWORD})
    assert response.status_code == 400 and _account("x@exemple.fr") is None


def test_dpd_edits_role_scope_and_password(app, client, login):
    academie, dpd, school = _setup()
    account = make_user(Role.REDACTEUR, organisation=school)
    db.session.commit()
    login(dpd)
    url = f"/academies/{academie.code}/comptes/{account.id}/modifier"
    page = client.get(url).get_data(as_text=True)
    assert account.email in page
    response = client.post_form(url, {"email": account.email, "name": "Promu",
                                      "role": "auditeur", "scope": "",
                                      "password": NEW_PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    account = db.session.get(User, account.id)
    assert (account.role, account.organisation_id, account.academie_id, account.name) == (
        Role.AUDITEUR, None, academie.id, "Promu")
    assert _logs_in(app, account.email, NEW_PASSWORD)
    assert not _logs_in(app, account.email, TEST_PASSWORD)


def test_deactivated_account_cannot_log_in_nor_use_its_token(app, client, login):
    academie, dpd, school = _setup()
    account = make_user(Role.REDACTEUR, organisation=school)
    token = create_api_token(account, "script")
    db.session.commit()
    assert user_for_token(token).id == account.id
    # The account has a session open before it is deactivated.
    session = app.test_client()
    assert session.post_form("/connexion", {"email": account.email,
                                            "password": TEST_PASSWORD}).status_code == 302
    assert session.get("/").status_code == 200

    _forget_current_user()
    login(dpd)
    response = client.post_form(f"/academies/{academie.code}/comptes/{account.id}/desactiver",
                                follow_redirects=True)
    assert "désactivé" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, account.id).active is False

    assert user_for_token(token) is None
    _forget_current_user()
    assert session.get("/").status_code == 302  # the open session is closed
    _forget_current_user()
    fresh = app.test_client()
    refused = fresh.post_form("/connexion", {"email": account.email, "password": TEST_PASSWORD})
    assert refused.status_code == 401
    assert "mot de passe incorrect" in refused.get_data(as_text=True)

    _forget_current_user()
    client.post_form(f"/academies/{academie.code}/comptes/{account.id}/reactiver")
    db.session.expire_all()
    assert user_for_token(token).id == account.id
    assert _logs_in(app, account.email, TEST_PASSWORD)


@pytest.mark.parametrize("endpoint", ["findings", "activities"])
def test_deactivated_token_is_refused_over_http(app, client, login, endpoint):
    rule = f"/api/v1/organisations/<uai>/{endpoint}"
    if rule not in {r.rule for r in app.url_map.iter_rules()}:
        pytest.skip(f"{rule} n'existe pas encore sur cette branche")
    academie, dpd, school = _setup()
    account = make_user(Role.REDACTEUR, organisation=school)
    token = create_api_token(account)
    db.session.commit()
    url = rule.replace("<uai>", school.uai)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(url, headers=headers).status_code == 200
    login(dpd)
    client.post_form(f"/academies/{academie.code}/comptes/{account.id}/desactiver")
    response = client.get(url, headers=headers)
    assert response.status_code == 401 and response.is_json


def test_dpd_cannot_deactivate_itself(client, login):
    academie, dpd, _ = _setup()
    login(dpd)
    response = client.post_form(f"/academies/{academie.code}/comptes/{dpd.id}/desactiver",
                                follow_redirects=True)
    assert "propre compte" in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(User, dpd.id).active is True


def test_dpd_never_touches_another_academie_or_an_admin(client, login):
    academie, dpd, _ = _setup()
    other_academie = make_academie()
    foreign = make_user(Role.REDACTEUR, organisation=make_organisation(other_academie))
    admin = make_user(Role.ADMIN)
    db.session.commit()
    login(dpd)
    assert client.get(f"/academies/{other_academie.code}/comptes").status_code == 404
    assert client.post_form(f"/academies/{other_academie.code}/comptes/nouveau", {
        "email": "x@exemple.fr", "role": "dpd", "scope": "",
        "password": NEW_PASSWORD}).status_code == 404
    own = f"/academies/{academie.code}/comptes"
    for target in (foreign, admin):
        assert client.get(f"{own}/{target.id}/modifier").status_code == 404
        assert client.post_form(f"{own}/{target.id}/desactiver").status_code == 404
        assert client.post_form(f"{own}/{target.id}/modifier", {
            "email": target.email, "role": "dpd", "scope": "",
            "password": ""}).status_code == 404
    db.session.expire_all()
    assert foreign.active and admin.active and foreign.role == Role.REDACTEUR
    assert _account("x@exemple.fr") is None
    listing = client.get(own).get_data(as_text=True)
    assert foreign.email not in listing and admin.email not in listing


@pytest.mark.parametrize("role, expected", [
    (Role.AUDITEUR, 403), (Role.RESPONSABLE, 404), (Role.REDACTEUR, 404),
])
def test_other_roles_cannot_manage_accounts(client, login, role, expected):
    academie, dpd, school = _setup()
    user = make_user(role, academie=academie,
                     organisation=None if role == Role.AUDITEUR else school)
    db.session.commit()
    login(user)
    base = f"/academies/{academie.code}/comptes"
    assert client.get(base).status_code == expected
    assert client.post_form(base + "/nouveau", {"email": "x@exemple.fr", "role": "dpd",
                                                "scope": "", "password": NEW_PASSWORD}
                            ).status_code == expected
    assert client.post_form(f"{base}/{dpd.id}/desactiver").status_code == expected
    db.session.expire_all()
    assert db.session.get(User, dpd.id).active and _account("x@exemple.fr") is None


def test_navigation_shows_management_links_by_role(client, login):
    academie, dpd, school = _setup()
    redacteur = make_user(Role.REDACTEUR, organisation=school)
    admin = make_user(Role.ADMIN)
    db.session.commit()
    login(dpd)
    page = client.get("/").get_data(as_text=True)
    for path in ("sous-traitants", "modeles", "comptes"):
        assert f"/academies/{academie.code}/{path}" in page
    assert "/admin/academies" not in page
    client.post_form("/deconnexion")
    login(redacteur)
    page = client.get("/").get_data(as_text=True)
    assert f"/academies/{academie.code}/" not in page and "/admin/" not in page
    client.post_form("/deconnexion")
    login(admin)
    assert "/admin/academies" in client.get("/").get_data(as_text=True)


def test_dpd_cannot_change_its_own_role(client, login):
    academie, dpd, school = _setup()
    login(dpd)
    url = f"/academies/{academie.code}/comptes/{dpd.id}/modifier"
    response = client.post_form(url, {"email": dpd.email, "name": "Moi", "role": "redacteur",
                                      "scope": school.uai, "password": ""})
    assert response.status_code == 400
    assert "propre rôle" in html.unescape(response.get_data(as_text=True))
    response = client.post_form(url, {"email": dpd.email, "name": "Moi-même", "role": "dpd",
                                      "scope": "", "password": ""})
    assert response.status_code == 302
    db.session.expire_all()
    dpd = db.session.get(User, dpd.id)
    assert (dpd.role, dpd.organisation_id, dpd.name) == (Role.DPD, None, "Moi-même")
