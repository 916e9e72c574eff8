"""Passwords (hostile case 18) and API tokens: expiry, revocation, last use, French 401."""
import html
from datetime import timedelta

import pytest
import sqlalchemy as sa

from registre.auth.passwords import password_problems
from registre.auth.services import create_api_token, find_api_token, password_context
from registre.dates import utcnow
from registre.extensions import db
from registre.models import ApiToken, Role, User
from tests.api_helpers import call
from tests.factories import make_academie, make_organisation, make_user
from tests.support import TEST_PASSWORD
from tests.trust_helpers import sign_in

PASSPHRASE_64 = "Le héron gris pêche à l'aube près du vieux moulin de Bécherel 84"
PASSPHRASE_128 = ("Où étiez-vous, Éloïse, quand la grêle a couché les blés mûrs du champ "
                  "d'à côté ? Chez ma tante, à Saint-Malo, sous la pluie !!!!")


@pytest.mark.parametrize("password, reason", [
    ("azertyuiop12", "« azertyuiop » figure parmi les mots de passe les plus utilisés"),
    ("Rectorat2024!", "« Rectorat » est un mot lié à l'application"),
    ("motdepasse", "au moins 12 caractères"),
    ("Versailles2026!!", "« Versailles » est un mot lié à l'application"),
])
def test_guessable_passwords_are_refused_with_the_reason(app, password, reason):
    make_academie(code="versailles", name="Versailles")
    problems = " ".join(password_problems(password, "agent@ac-versailles.fr",
                                          password_context()))
    assert reason in problems


def test_long_passphrases_are_accepted_whole_and_open_a_session(app):
    assert (len(PASSPHRASE_64), len(PASSPHRASE_128)) == (64, 128)
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    browser = sign_in(app, user)
    password = TEST_PASSWORD
    for new in (PASSPHRASE_64, PASSPHRASE_128):
        response = browser.post_form("/compte/mot-de-passe",
                                     {"current": password, "new": new, "confirm": new})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        password = new
        sign_in(app, user, new)
    db.session.expire_all()
    account = db.session.get(User, user.id)
    # Nothing truncated: one character less (or a prefix of 72) is not the password.
    assert account.check_password(PASSPHRASE_128)
    assert not account.check_password(PASSPHRASE_128[:-1])
    assert not account.check_password(PASSPHRASE_128[:72])


def test_refused_new_password_changes_nothing_and_says_why(app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    browser = sign_in(app, user)
    response = browser.post_form("/compte/mot-de-passe", {
        "current": TEST_PASSWORD, "new": "Rectorat2024!", "confirm": "Rectorat2024!"})
    assert response.status_code == 400
    assert "trop facile à deviner" in response.get_data(as_text=True)
    wrong = browser.post_form("/compte/mot-de-passe", {
        "current": "pas le bon", "new": PASSPHRASE_64, "confirm": PASSPHRASE_64})
    assert "actuel n'est pas le bon" in html.unescape(wrong.get_data(as_text=True))
    sign_in(app, user)  # still the old password


def test_token_expiry_days_and_french_401(app, client, runner):
    user = make_user(Role.RESPONSABLE)
    db.session.commit()
    result = runner.invoke(args=["registre", "create-token", user.email, "--days", "30"])
    token = result.output.strip()
    stored = find_api_token(token)
    assert timedelta(days=29, hours=23) < stored.expires_at - stored.created_at <= timedelta(days=30)
    default = find_api_token(create_api_token(user))
    assert (default.expires_at - default.created_at).days == 365
    assert runner.invoke(args=["registre", "create-token", user.email, "--days", "0"]).exit_code
    url = f"/api/v1/organisations/{user.organisation.uai}/activities"
    assert call(client, "GET", url, token).status_code == 200
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = call(client, "GET", url, token)
    assert response.status_code == 401
    assert response.get_json()["message"].startswith("Ce jeton d'API a expiré le ")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_revoked_from_the_account_page_and_the_cli(app, client, runner):
    user = make_user(Role.RESPONSABLE)
    other = make_user(Role.RESPONSABLE)
    first, second = create_api_token(user, "script"), create_api_token(user, "tableur")
    foreign = create_api_token(other)
    db.session.commit()
    url = f"/api/v1/organisations/{user.organisation.uai}/activities"
    browser = sign_in(app, user)
    page = browser.get("/compte").get_data(as_text=True)
    assert "script" in page and "tableur" in page and "Jamais" in page
    first_id, foreign_id = find_api_token(first).id, find_api_token(foreign).id
    assert browser.post_form(f"/compte/jetons/{foreign_id}/revoquer").status_code == 404
    browser.post_form(f"/compte/jetons/{first_id}/revoquer")
    response = call(client, "GET", url, first)
    assert response.status_code == 401 and "révoqué" in response.get_json()["message"]
    assert call(client, "GET", f"/api/v1/organisations/{other.organisation.uai}/activities",
                foreign).status_code == 200
    result = runner.invoke(args=["registre", "revoke-token", "--id", str(find_api_token(second).id)])
    assert result.exit_code == 0 and "révoqué" in result.output
    assert call(client, "GET", url, second).status_code == 401
    assert runner.invoke(args=["registre", "revoke-token", "inconnu"]).exit_code == 1


def test_last_used_at_is_written_at_most_once_a_minute(app, client):
    user = make_user(Role.RESPONSABLE)
    token = create_api_token(user)
    db.session.commit()
    url = f"/api/v1/organisations/{user.organisation.uai}/activities"

    def last_used():
        return db.session.scalar(sa.select(ApiToken.last_used_at)
                                 .where(ApiToken.token_hash == ApiToken.digest(token)))
    assert last_used() is None
    call(client, "GET", url, token)
    first = last_used()
    assert first is not None
    call(client, "GET", url, token)
    assert last_used() == first  # within the minute: no new write
    db.session.execute(sa.update(ApiToken).values(last_used_at=first - timedelta(minutes=2)))
    db.session.commit()
    call(client, "GET", url, token)
    assert last_used() > first - timedelta(minutes=2)
    browser = sign_in(app, user)
    assert "Jamais" not in browser.get("/compte").get_data(as_text=True)


def test_context_words_include_the_organisation(app):
    school = make_organisation(name="Collège Marcel Pagnol", commune="Aubagne")
    words = password_context(school.academie, school)
    assert {"pagnol", "aubagne", "college", "collège", "rectorat"} <= set(words)
    assert password_problems("Pagnol2026!!", "x@y.fr", words)
