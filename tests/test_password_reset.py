"""« Mot de passe oublié » (issue 11, point 9): a DPD sends a link, or the person asks for
one; the link is single-use, expires, is stored only as a digest, and is built on the
configured address whatever the request's Host header (hostile case 38)."""
import html
import re
from datetime import timedelta

import sqlalchemy as sa
from flask import g

from registre.extensions import db
from registre.models import ApiToken, AuditAction, AuditEvent, PasswordReset, Role
from tests.factories import make_organisation, make_user
from tests.support import FROZEN_NOW, TEST_PASSWORD

NEW_PASSWORD = "Cartable-Rouge-Pluie-2026!"
LINK = re.compile(r"https://registre\.ac-test\.fr/connexion/nouveau-mot-de-passe/([A-Za-z0-9_-]+)")


def _link_in(inbox, address: str) -> tuple[str, str]:
    [message] = inbox.to(address)
    body = message.get_content()
    match = LINK.search(body)
    assert match, body
    return match.group(0), match.group(1)


def _path(link: str) -> str:
    return link.removeprefix("https://registre.ac-test.fr")


def _logs_in(app, email: str, password: str) -> bool:
    """Log in from a fresh browser (the tests share one app context: Flask-Login's cache of
    the current user is cleared around the request)."""
    g.pop("_login_user", None)
    response = app.test_client().post_form("/connexion", {"email": email, "password": password})
    g.pop("_login_user", None)
    return response.status_code == 302


def _choose(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return client.post_form(path, {"password": password, "confirm": confirm or password})


def test_user_asks_for_a_link_and_chooses_a_new_password_once(app, client, smtp):
    user = make_user(Role.REDACTEUR, email="claire.martin@ac-test.fr")
    db.session.commit()
    login_page = client.get("/connexion").get_data(as_text=True)
    assert 'href="/connexion/mot-de-passe-oublie"' in login_page
    response = client.post_form("/connexion/mot-de-passe-oublie", {"email": user.email})
    assert response.status_code == 302
    link, token = _link_in(smtp, user.email)
    # Only the digest is stored.
    [reset] = db.session.scalars(sa.select(PasswordReset)).all()
    assert reset.token_hash == ApiToken.digest(token) and token not in reset.token_hash
    page = client.get(_path(link))
    assert page.status_code == 200 and user.email in page.get_data(as_text=True)
    done = _choose(client, _path(link))
    assert done.status_code == 302 and done.headers["Location"].endswith("/connexion")
    assert _logs_in(app, user.email, NEW_PASSWORD)
    assert not _logs_in(app, user.email, TEST_PASSWORD)
    # Single use: the same link opens nothing any more.
    again = client.get(_path(link))
    assert again.status_code == 410
    assert "Ce lien n'est plus valable" in html.unescape(again.get_data(as_text=True))
    assert _choose(client, _path(link), "Autre-Mot-De-Passe-2026!").status_code == 410
    assert _logs_in(app, user.email, NEW_PASSWORD)


def test_the_answer_is_the_same_for_an_unknown_address(client, smtp):
    known = make_user(Role.REDACTEUR)
    db.session.commit()
    answers = []
    for email in (known.email, "inconnu@ac-test.fr"):
        response = client.post_form("/connexion/mot-de-passe-oublie", {"email": email},
                                    follow_redirects=True)
        answers.append(re.search(r"Si un compte actif[^<]*", html.unescape(
            response.get_data(as_text=True))).group(0))
    assert answers[0] == answers[1]
    assert smtp.recipients() == [known.email]


def test_hostile_host_header_never_reaches_the_link(app, client, smtp):
    """Hostile case 38: the link uses REGISTRE_BASE_URL, not the Host of the request."""
    # As in production, any Host reaches the application; the CSRF cookie is bound to the
    # test's own host, so the check is left out here (it is not what this case is about).
    app.config.update(SERVER_NAME=None, WTF_CSRF_ENABLED=False)
    user = make_user(Role.RESPONSABLE)
    db.session.commit()
    response = client.post_form("/connexion/mot-de-passe-oublie", {"email": user.email},
                                headers={"Host": "evil.example",
                                         "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 302
    [message] = smtp.to(user.email)
    body = message.get_content()
    assert "evil.example" not in body
    assert LINK.search(body)


def test_an_expired_link_opens_nothing(client, smtp, frozen_clock):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    client.post_form("/connexion/mot-de-passe-oublie", {"email": user.email})
    link, _ = _link_in(smtp, user.email)
    frozen_clock.set(FROZEN_NOW + timedelta(hours=24, minutes=1))
    assert client.get(_path(link)).status_code == 410
    assert _choose(client, _path(link)).status_code == 410


def test_a_newer_link_replaces_the_older_one(client, smtp):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    for _ in range(2):
        client.post_form("/connexion/mot-de-passe-oublie", {"email": user.email})
    first, second = (LINK.search(message.get_content()).group(0)
                     for message in smtp.to(user.email))
    assert client.get(_path(first)).status_code == 410
    assert client.get(_path(second)).status_code == 200


def test_password_rules_apply_and_errors_show_under_the_field(client, smtp):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    client.post_form("/connexion/mot-de-passe-oublie", {"email": user.email})
    link, _ = _link_in(smtp, user.email)
    weak = _choose(client, _path(link), "court")
    page = html.unescape(weak.get_data(as_text=True))
    assert weak.status_code == 400
    assert re.search(r'id="password-erreur">[^<]*au moins 12 caractères', page)
    different = _choose(client, _path(link), NEW_PASSWORD, NEW_PASSWORD + "x")
    assert "Les deux mots de passe sont différents" in html.unescape(
        different.get_data(as_text=True))
    assert client.get(_path(link)).status_code == 200  # still usable after a refusal


def test_dpd_sends_a_link_and_never_learns_the_password(app, client, login, smtp):
    dpd = make_user(Role.DPD)
    account = make_user(Role.REDACTEUR, organisation=make_organisation(dpd.academie))
    db.session.commit()
    login(dpd)
    listing = client.get(f"/academies/{dpd.academie.code}/comptes").get_data(as_text=True)
    url = f"/academies/{dpd.academie.code}/comptes/{account.id}/reinitialiser"
    assert f'action="{url}"' in listing
    response = client.post_form(url, follow_redirects=True)
    assert f"Un lien pour choisir un nouveau mot de passe a été envoyé à {account.email}" in \
        html.unescape(response.get_data(as_text=True))
    link, token = _link_in(smtp, account.email)
    assert token not in response.get_data(as_text=True)
    assert "a demandé pour vous" in smtp.to(account.email)[0].get_content()
    assert _choose(app.test_client(), _path(link)).status_code == 302
    assert _logs_in(app, account.email, NEW_PASSWORD)
    events = db.session.scalars(sa.select(AuditEvent.details).where(
        AuditEvent.action == AuditAction.ACCOUNT_CHANGE)).all()
    assert any("lien de réinitialisation" in details for details in events)
    assert any("mot de passe choisi par lien" in details for details in events)


def test_another_academies_dpd_cannot_send_a_link(client, login, smtp):
    dpd = make_user(Role.DPD)
    stranger = make_user(Role.REDACTEUR)
    db.session.commit()
    login(dpd)
    response = client.post_form(
        f"/academies/{dpd.academie.code}/comptes/{stranger.id}/reinitialiser")
    assert response.status_code == 404
    assert smtp.received == []
