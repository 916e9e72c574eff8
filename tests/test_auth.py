"""Login, logout, throttling, CSRF, cookies and security headers."""
import pytest

from registre import create_app
from registre.auth.passwords import password_problems
from registre.extensions import db
from registre.models import Role
from tests.factories import make_user
from tests.support import TEST_PASSWORD


def _login(client, email, password, **extra):
    return client.post_form("/connexion", {"email": email, "password": password, **extra})


def test_login_opens_a_session_and_logout_closes_it(client, app):
    user = make_user(Role.RESPONSABLE)
    db.session.commit()
    response = _login(client, user.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    response = client.post_form("/deconnexion")
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # back to the login page


@pytest.mark.parametrize("email, password", [
    ("inconnu@exemple.fr", TEST_PASSWORD),      # unknown account
    (None, "mauvais-mot-de-passe-2026"),         # wrong password
])
def test_failed_login_gives_the_same_message(client, app, email, password):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    response = _login(client, email or user.email, password)
    assert response.status_code == 401
    assert "Adresse électronique ou mot de passe incorrect." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_inactive_account_cannot_log_in(client, app):
    user = make_user(Role.REDACTEUR, active=False)
    db.session.commit()
    response = _login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 401


def test_logout_requires_post(client, login, app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    login(user)
    assert client.get("/deconnexion").status_code == 405
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("target, expected", [
    ("/etablissements", "/etablissements"),
    ("https://malveillant.example/", "/"),
    ("//malveillant.example/", "/"),
    ("/\\malveillant.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_redirects_only_on_site(client, app, target, expected):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    response = _login(client, user.email, TEST_PASSWORD, next=target)
    assert response.headers["Location"] == expected


def test_login_without_csrf_token_is_refused(client, app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    response = client.post("/connexion", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_failed_logins_are_throttled(client, app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    statuses = [_login(client, user.email, "faux-mot-de-passe-9").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    response = _login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


def test_successful_logins_are_not_counted_as_failures(client, app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    for _ in range(7):
        assert _login(client, user.email, TEST_PASSWORD).status_code == 302
        client.post_form("/deconnexion")


def test_session_cookie_flags(client, app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    response = _login(client, user.email, TEST_PASSWORD)
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("registre_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie
    assert app.permanent_session_lifetime.total_seconds() == 2 * 3600  # idle timeout
    assert app.config["SESSION_MAX_AGE"].total_seconds() == 10 * 3600  # a working day


def test_production_requires_a_secret_key_and_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.delenv("REGISTRE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="REGISTRE_SECRET_KEY"):
        create_app({"REGISTRE_ENV": "production",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    monkeypatch.setenv("REGISTRE_SECRET_KEY", "x" * 64)
    app = create_app({"REGISTRE_ENV": "production",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


@pytest.mark.parametrize("path", ["/connexion", "/etablissements/0750655E/traitements", "/nulle-part"])
def test_security_headers_on_every_response(client, app, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_error_pages_are_french_without_traces(client, app):
    response = client.get("/nulle-part")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page introuvable" in html and "Traceback" not in html


def test_unexpected_error_gives_a_french_500_page(app):
    @app.route("/boum")
    def boom():
        raise RuntimeError("détail interne secret")

    response = app.test_client().get("/boum")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Erreur interne" in html and "détail interne secret" not in html


@pytest.mark.parametrize("password, accepted", [
    ("Court1!", False),                                  # too short
    ("motdepasse12", False),                             # common
    ("Abcdefgh1234", False),                             # 12 chars, three kinds only
    ("Abcdefgh12!x", True),                              # 12 chars, four kinds
    ("Abcdefghij1234", True),                            # 14 chars, three kinds
    ("cheval correct agrafe batterie", True),            # passphrase
    ("aaaaaaaaaaaaaaaaaaaaaaaa", False),                 # repetitive
    ("Jean.Dupont-2026!", False),                        # contains the identifier
    ("Élève-Brillant-2026", True),                       # accents count as letters
])
def test_password_policy(password, accepted):
    assert (password_problems(password, "jean.dupont@exemple.fr") == []) is accepted


def test_hashed_passwords_are_not_stored_in_clear(app):
    user = make_user(Role.REDACTEUR)
    user.set_password("Abcdefgh12!x")
    assert "Abcdefgh12!x" not in user.password_hash
    assert user.check_password("Abcdefgh12!x") and not user.check_password("Abcdefgh12!y")
