"""Académie sign-in (OpenID Connect) against a real provider: matching, refusals, logout."""
import html
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
import sqlalchemy as sa

from registre.auth.oidc.client import init_oidc
from registre.extensions import db
from registre.models import Role, User
from tests.factories import make_academie, make_organisation, make_user
from tests.oidc_support import (
    CLIENT_ID,
    TEST_BASE,
    WRONG_AUDIENCE_CLIENT,
    configure_oidc,
    oidc_provider,  # noqa: F401  (fixture)
    sign_in_at_provider,
)
from tests.support import app_config


@pytest.fixture
def besancon(app):
    academie = make_academie(code="besancon", name="Besançon", dpd_name="Camille Martin",
                             dpd_email="dpd@ac-besancon.fr")
    db.session.commit()
    return academie


@pytest.fixture
def oidc(app, oidc_provider):  # noqa: F811
    configure_oidc(app, oidc_provider.issuer)
    return oidc_provider


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def start(client, next_path: str = "") -> str:
    """Ask the registre to sign in; return the provider's authorization URL."""
    response = client.get("/connexion/oidc" + (f"?next={next_path}" if next_path else ""))
    assert response.status_code == 302, text(response)[:300]
    return response.location


def sign_in(client, login: str):
    """The whole round trip; return the registre's answer to the provider's redirect."""
    return client.get(sign_in_at_provider(start(client), login))


def logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_login_page_offers_the_academie_account_only_when_configured(
        client, app, oidc_provider):  # noqa: F811
    page = text(client.get("/connexion"))
    assert "Se connecter avec le compte académique" not in page
    assert client.get("/connexion/oidc").status_code == 404
    configure_oidc(app, oidc_provider.issuer)
    page = text(client.get("/connexion"))
    assert '<a class="button" href="/connexion/oidc">Se connecter avec le compte académique</a>' \
        in page
    assert 'name="password"' in page, "the password form stays available by default"


def test_dpd_signs_in_by_email_case_insensitively_with_pkce_state_and_nonce(client, oidc,
                                                                           besancon):
    dpd = make_user(Role.DPD, academie=besancon, email="camille.martin@ac-besancon.fr",
                    name="Camille Martin")
    db.session.commit()
    url = start(client, next_path="/etablissements")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(oidc.issuer)
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == [f"{TEST_BASE}/connexion/oidc/retour"]
    response = client.get(sign_in_at_provider(url, "dpd"))
    assert response.status_code == 302 and response.location == "/etablissements"
    home = text(client.get("/"))
    assert "Bienvenue, Camille Martin." in home and "Délégué à la protection des données" in home
    db.session.expire_all()
    assert db.session.get(User, dpd.id).last_login_at is not None


def test_a_wrong_state_is_refused(client, oidc, besancon):
    make_user(Role.DPD, academie=besancon, email="camille.martin@ac-besancon.fr")
    db.session.commit()
    back = sign_in_at_provider(start(client), "dpd")
    parts = urlsplit(back)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["state"] = "etat-forge-par-un-attaquant"
    response = client.get(f"{parts.path}?{urlencode(query)}")
    assert response.status_code == 400
    assert "Demande de connexion inconnue" in text(response)
    assert not logged_in(client)


def test_a_replayed_code_is_refused(client, oidc, besancon):
    make_user(Role.DPD, academie=besancon, email="camille.martin@ac-besancon.fr")
    db.session.commit()
    first = sign_in_at_provider(start(client), "dpd")
    assert client.get(first).status_code == 302
    client.post_form("/deconnexion")
    # The same answer again: its state was used up with the first sign-in.
    response = client.get(first)
    assert response.status_code == 400 and "Demande de connexion inconnue" in text(response)
    # The old code with a fresh, valid state: the provider refuses to redeem it twice.
    fresh_state = parse_qs(urlsplit(start(client)).query)["state"][0]
    query = {key: values[0] for key, values in parse_qs(urlsplit(first).query).items()}
    query["state"] = fresh_state
    response = client.get(f"/connexion/oidc/retour?{urlencode(query)}")
    assert response.status_code == 400
    assert "Le fournisseur d'identité a refusé la connexion (invalid_grant)" in text(response)
    assert not logged_in(client)


def test_an_id_token_for_another_audience_is_refused(
        client, app, oidc_provider, besancon):  # noqa: F811
    configure_oidc(app, oidc_provider.issuer, client_id=WRONG_AUDIENCE_CLIENT)
    make_user(Role.DPD, academie=besancon, email="camille.martin@ac-besancon.fr")
    db.session.commit()
    response = sign_in(client, "dpd")
    assert response.status_code == 400
    assert "Jeton d'identité refusé" in text(response)
    assert not logged_in(client)


def test_an_unknown_email_gets_whom_to_ask_and_no_account(client, oidc, besancon):
    response = sign_in(client, "inconnu")
    assert response.status_code == 403
    page = text(response)
    assert "aucun compte du registre ne correspond à l'adresse dominique.inconnu@ac-besancon.fr" \
        in page
    assert ("Délégué à la protection des données de l'académie de Besançon : Camille Martin, "
            '<a href="mailto:dpd@ac-besancon.fr">dpd@ac-besancon.fr</a>') in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    assert not logged_in(client)


def test_a_deactivated_account_is_refused_with_its_dpd(client, oidc, besancon):
    make_user(Role.REDACTEUR, organisation=make_organisation(besancon),
              email="ancien.agent@ac-besancon.fr", active=False)
    db.session.commit()
    response = sign_in(client, "ancien")
    assert response.status_code == 403
    assert "Compte désactivé" in text(response) and "dpd@ac-besancon.fr" in text(response)
    assert not logged_in(client)


def test_a_token_without_email_is_refused(client, oidc, besancon):
    response = sign_in(client, "sans-adresse")
    assert response.status_code == 403
    assert "n'a pas transmis votre adresse électronique (information « email »)" in text(response)


def test_provisioning_creates_the_head_of_a_known_school_from_the_ministry_claim(
        client, app, oidc_provider, besancon):  # noqa: F811
    college = make_organisation(besancon, uai="0250003T", name="Collège Victor Hugo")
    db.session.commit()
    configure_oidc(app, oidc_provider.issuer, OIDC_SCOPES="openid email profile fredu",
                   OIDC_PROVISIONING_CLAIM="FrEduRneResp", OIDC_FUNCTION_CLAIM="FrEduFonctAdm",
                   OIDC_PROVISIONING_ROLES="DIR:responsable,*:redacteur")
    response = sign_in(client, "principal")
    assert response.status_code == 302, text(response)[-1500:]
    user = db.session.scalars(sa.select(User)).one()
    assert (user.email, user.role, user.organisation_id, user.academie_id, user.name) == (
        "principal.0250003t@ac-besancon.fr", Role.RESPONSABLE, college.id, besancon.id,
        "Claude Principal")
    assert not user.check_password(""), "no password: the account signs in through the académie"
    assert "Collège Victor Hugo" in text(client.get("/"))


def test_without_provisioning_the_same_person_is_refused(client, oidc, besancon):
    make_organisation(besancon, uai="0250003T")
    db.session.commit()
    assert sign_in(client, "principal").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_logout_ends_the_local_session_and_sends_to_the_provider(client, oidc, besancon):
    make_user(Role.DPD, academie=besancon, email="camille.martin@ac-besancon.fr")
    db.session.commit()
    sign_in(client, "dpd")
    response = client.post_form("/deconnexion")
    assert response.status_code == 302
    target = urlsplit(response.location)
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{oidc.issuer}/session/end"
    assert query["post_logout_redirect_uri"] == [f"{TEST_BASE}/connexion"]
    assert query["id_token_hint"][0].count(".") == 2
    assert not logged_in(client)
    assert requests.get(response.location, timeout=10).status_code == 200
    # Browsers apply the CSP form-action to the logout form's redirect: the provider is allowed.
    policy = client.get("/connexion").headers["Content-Security-Policy"]
    assert f"form-action 'self' {oidc.issuer};" in policy


def test_password_login_can_be_turned_off(client, app, oidc, besancon):
    user = make_user(Role.DPD, academie=besancon)
    db.session.commit()
    app.config["PASSWORD_LOGIN"] = False
    page = text(client.get("/connexion"))
    assert 'name="password"' not in page and "Se connecter avec le compte académique" in page
    response = client.post_form("/connexion", {"email": user.email,
                                               "password": "Un-mot-de-passe-2026!"})
    assert response.status_code == 403
    assert "La connexion par mot de passe est désactivée" in text(response)
    assert not logged_in(client)


def test_an_unreachable_provider_gets_a_french_page(client, app):
    configure_oidc(app, "http://127.0.0.1:9")
    response = client.get("/connexion/oidc")
    assert response.status_code == 502
    assert "Fournisseur d'identité injoignable" in text(response)


@pytest.mark.parametrize("settings, message", [
    ({"OIDC_CLIENT_SECRET": ""}, "REGISTRE_OIDC_CLIENT_SECRET"),
    ({"OIDC_SCOPES": "email"}, "« openid »"),
    ({"OIDC_PROVISIONING_CLAIM": "FrEduRneResp", "OIDC_PROVISIONING_ROLES": "DIR:dpd"},
     "« DIR:dpd » n'est pas de la forme FONCTION:rôle"),
    ({"OIDC_PROVISIONING_ROLES": "*:redacteur"}, "REGISTRE_OIDC_PROVISIONING_CLAIM"),
])
def test_an_incomplete_setting_stops_the_start_with_a_french_message(app, settings, message):
    app.config.update({"OIDC_ISSUER": "http://127.0.0.1:9", "OIDC_CLIENT_ID": "registre",
                       "OIDC_CLIENT_SECRET": "secret", **settings})
    with pytest.raises(RuntimeError, match=message):
        init_oidc(app)


def test_behind_a_tls_proxy_the_provider_gets_the_public_redirect_uri(_schema, tmp_path, make_app,
                                                                      oidc_provider):  # noqa: F811
    """REGISTRE_TRUSTED_PROXIES=1: the redirect_uri is the address the browser sees (https);
    the proxy passes the public host in ``Host`` (X-Forwarded-Host is never trusted)."""
    config = app_config(_schema, tmp_path) | {"SERVER_NAME": None, "TRUSTED_PROXIES": 1}
    app = make_app(config)
    configure_oidc(app, oidc_provider.issuer)
    response = app.test_client().get("/connexion/oidc", headers={
        "X-Forwarded-Proto": "https", "Host": "registre.ac-besancon.fr"})
    redirect_uri = parse_qs(urlsplit(response.location).query)["redirect_uri"]
    assert redirect_uri == ["https://registre.ac-besancon.fr/connexion/oidc/retour"]


def test_create_user_without_password_signs_in_only_with_the_academie(runner, client, oidc,
                                                                      besancon):
    result = runner.invoke(args=["registre", "create-user", "Camille.Martin@ac-besancon.fr",
                                 "--role", "dpd", "--academie", "besancon", "--no-password"])
    assert result.exit_code == 0, result.output
    assert client.post_form("/connexion", {"email": "camille.martin@ac-besancon.fr",
                                           "password": "Un-mot-de-passe-2026!"}).status_code == 401
    assert sign_in(client, "dpd").status_code == 302 and logged_in(client)
