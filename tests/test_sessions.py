"""Sessions that really end (hostile cases 14, 15, 16): server-side validity, lifetimes."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Role, UserSession
from tests.factories import make_academie, make_organisation, make_user
from tests.support import TEST_PASSWORD, RegistreClient
from tests.trust_helpers import fresh, opens, sign_in


def _cookie(browser, name="registre_session"):
    cookie = browser.get_cookie(name, domain="registre.test")
    return cookie.value if cookie else None


def _copy(app, value):
    """A second browser holding a copy of a session cookie."""
    browser = fresh(app)
    browser.set_cookie("registre_session", value, domain="registre.test")
    return browser


def test_logout_ends_the_session_on_the_server(app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    anonymous = fresh(app)
    anonymous.get("/connexion")
    before = _cookie(anonymous)
    browser = sign_in(app, user)
    after = _cookie(browser)
    assert after and after != before  # a new cookie at login (no fixation)
    stolen = _copy(app, after)
    assert opens(app, stolen)
    browser.post_form("/deconnexion")
    assert not opens(app, browser)
    assert not opens(app, stolen)  # the copy saved before logout opens nothing
    assert stolen.get("/").headers["Location"].startswith("/connexion")


def test_logout_ends_only_that_session(app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    office, laptop = sign_in(app, user), sign_in(app, user)
    office.post_form("/deconnexion")
    assert not opens(app, office)
    assert opens(app, laptop)


def test_a_password_change_by_the_dpd_ends_every_session(app):
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    school = make_organisation(academie)
    user = make_user(Role.REDACTEUR, organisation=school)
    db.session.commit()
    one, two = sign_in(app, user), sign_in(app, user)
    admin_browser = sign_in(app, dpd)
    response = admin_browser.post_form(
        f"/academies/{academie.code}/comptes/{user.id}/modifier",
        {"email": user.email, "name": "", "role": "redacteur", "scope": school.uai,
         "password": "Tulipe orange sous la pluie du matin"})
    assert response.status_code == 302
    assert not opens(app, one) and not opens(app, two)
    assert opens(app, admin_browser)


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    here, elsewhere = sign_in(app, user), sign_in(app, user)
    response = here.post_form("/compte/mot-de-passe", {
        "current": TEST_PASSWORD, "new": "Lanterne verte au fond du couloir",
        "confirm": "Lanterne verte au fond du couloir"})
    assert response.status_code == 302
    assert opens(app, here)
    assert not opens(app, elsewhere)
    sign_in(app, user, "Lanterne verte au fond du couloir")


def test_deactivation_ends_every_session_and_reactivation_does_not_revive_them(app):
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    user = make_user(Role.AUDITEUR, academie=academie)
    db.session.commit()
    session = sign_in(app, user)
    manager = sign_in(app, dpd)
    manager.post_form(f"/academies/{academie.code}/comptes/{user.id}/desactiver")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)
                             .where(UserSession.user_id == user.id)) == 0
    manager.post_form(f"/academies/{academie.code}/comptes/{user.id}/reactiver")
    assert not opens(app, session)


def test_absolute_lifetime_ends_an_active_session(app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    browser = sign_in(app, user)
    assert opens(app, browser)
    # The session was opened 10 hours and a minute ago, with activity all along.
    db.session.execute(sa.update(UserSession).values(
        created_at=UserSession.created_at - timedelta(hours=10, minutes=1)))
    db.session.commit()
    assert not opens(app, browser)


def test_idle_timeout_ends_a_session(app):
    app.permanent_session_lifetime = timedelta(seconds=1)  # REGISTRE_SESSION_IDLE_MINUTES
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    browser = sign_in(app, user)
    cookie = _cookie(browser)
    import time
    time.sleep(2.1)
    replay = _copy(app, cookie)
    assert not opens(app, replay)  # the cookie's signed timestamp is too old
    assert not opens(app, browser)


@pytest.fixture
def production_app(tmp_path, monkeypatch, _schema, make_app):
    monkeypatch.setenv("REGISTRE_SECRET_KEY", "s" * 64)
    return make_app({"REGISTRE_ENV": "production", "SQLALCHEMY_DATABASE_URI": _schema,
                       "SQLALCHEMY_ENGINE_OPTIONS": {}, "SERVER_NAME": "registre.test",
                       "RATELIMIT_STORAGE_URI": "memory://"})


def test_production_cookie_is_host_prefixed_secure_httponly_lax(app, production_app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    with production_app.app_context():
        client = production_app.test_client()
        client.get("/connexion", base_url="https://registre.test")
        token = client.get_cookie("__Host-registre", domain="registre.test")
        assert token is not None
        client.__class__ = RegistreClient
        response = client.post_form("/connexion", {"email": user.email,
                                                   "password": TEST_PASSWORD},
                                    base_url="https://registre.test",
                                    headers={"Referer": "https://registre.test/connexion"})
        assert response.status_code == 302
        cookie = next(value for value in response.headers.getlist("Set-Cookie")
                      if value.startswith("__Host-registre="))
        attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
        assert {"secure", "httponly", "path", "samesite"} <= attributes
        assert "domain" not in attributes and "Path=/" in cookie and "SameSite=Lax" in cookie
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
