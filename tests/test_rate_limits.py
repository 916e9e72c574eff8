"""Limits that hold (hostile case 17): failed logins per account then per address, the API
per token. The same limits across gunicorn workers: tests/test_rate_limits_workers.py."""
import time

from registre.auth.services import create_api_token
from registre.extensions import db
from registre.models import Role
from tests.api_helpers import call
from tests.factories import make_organisation, make_user
from tests.support import TEST_PASSWORD
from tests.trust_helpers import events, fresh


def _try(app, email, password):
    response = fresh(app).post_form("/connexion", {"email": email, "password": password})
    return response.status_code, response.get_data(as_text=True)


def test_an_account_is_throttled_with_the_same_answer_whether_it_exists_or_not(app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    for email in (user.email, "personne@exemple.fr"):
        answers = [_try(app, email, "Mauvais-2026!") for _ in range(7)]
        assert [status for status, _ in answers] == [401] * 5 + [429] * 2
        assert "Trop de tentatives" in answers[-1][1]
    assert _try(app, user.email, TEST_PASSWORD)[0] == 429  # even the right password
    assert _try(app, user.email, "x") == _try(app, "personne@exemple.fr", "x")
    assert len(events("login_failed")) == 10  # refused before the check: not counted again


def test_typos_of_one_person_do_not_lock_out_the_staff_behind_the_same_address(app):
    school = make_organisation()
    clumsy, colleague = (make_user(Role.REDACTEUR, organisation=school) for _ in range(2))
    db.session.commit()
    statuses = [_try(app, clumsy.email, "Faute-de-frappe-1")[0] for _ in range(12)]
    assert statuses.count(429) == 7
    assert _try(app, colleague.email, TEST_PASSWORD)[0] == 302


def test_a_password_spray_from_one_address_is_stopped(app):
    users = [make_user(Role.REDACTEUR) for _ in range(30)]
    db.session.commit()
    statuses = [_try(app, user.email, "Printemps2026!")[0] for user in users]
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}


def test_an_account_is_not_locked_for_good(app):
    app.config["LOGIN_RATE_LIMIT"] = "3 per 2 second"
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    assert [_try(app, user.email, "non")[0] for _ in range(4)] == [401, 401, 401, 429]
    time.sleep(2.2)
    assert _try(app, user.email, TEST_PASSWORD)[0] == 302


def test_the_api_is_limited_per_token_with_a_french_429(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    busy, calm = make_user(Role.RESPONSABLE), make_user(Role.RESPONSABLE)
    busy_token, calm_token = create_api_token(busy), create_api_token(calm)
    db.session.commit()
    url = f"/api/v1/organisations/{busy.organisation.uai}/activities"
    assert [call(client, "GET", url, busy_token).status_code for _ in range(3)] == [200] * 3
    response = call(client, "GET", url, busy_token)
    assert response.status_code == 429
    body = response.get_json()
    assert body["error"] == "trop_de_requetes" and body["message"].startswith("Trop de requêtes")
    assert int(response.headers["Retry-After"]) > 0
    other = f"/api/v1/organisations/{calm.organisation.uai}/activities"
    assert call(client, "GET", other, calm_token).status_code == 200
