"""The API keeps its contract (ids, times, versions, documented errors) and every answer
carries the right headers (hostile cases 1, 20)."""
import re

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from registre.auth.services import create_api_token
from registre.extensions import db
from registre.models import Role, Status
from tests.api_helpers import call
from tests.factories import make_activity, make_user
from tests.support import RegistreClient
from tests.trust_helpers import events, fresh, sign_in

HUGE = str(2**63)  # one more than the largest BIGINT
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _int_routes(app):
    for rule in app.url_map.iter_rules():
        if any(type(conv).__name__ == "BoundedIntConverter"
               for conv in rule._converters.values()):
            yield rule


def test_an_id_beyond_bigint_is_a_404_on_every_route(app, client):
    user = make_user(Role.ADMIN)
    token = create_api_token(user)
    db.session.commit()
    browser = sign_in(app, user)
    routes = list(_int_routes(app))
    assert len(routes) > 10
    for rule in routes:
        values = {name: HUGE if type(conv).__name__ == "BoundedIntConverter" else "0750655E"
                  for name, conv in rule._converters.items()}
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m, v=values: v[m.group(1)], rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if rule.rule.startswith("/api/"):
                response = call(client, method, path, token, json={} if method != "GET" else None)
            else:
                response = browser.open(path, method=method, data={
                    "csrf_token": browser.csrf_token()} if method == "POST" else None)
            assert response.status_code == 404, (method, path, response.status_code)


def test_times_are_rfc3339_with_a_time_zone(app, client):
    user = make_user(Role.RESPONSABLE)
    activity = make_activity(user.organisation, user, status=Status.EN_SERVICE)
    activity.validated_at = activity.created_at
    token = create_api_token(user)
    db.session.commit()
    body = call(client, "GET", f"/api/v1/activities/{activity.id}", token).get_json()
    for key in ("created_at", "updated_at", "validated_at"):
        assert RFC3339.match(body[key]), (key, body[key])
    revisions = call(client, "GET", f"/api/v1/activities/{activity.id}/revisions",
                     token).get_json()["revisions"]
    assert RFC3339.match(revisions[0]["created_at"])


@pytest.mark.parametrize("version", [-1, 1.5, "1", 10**12, True])
def test_a_transition_with_a_bad_version_is_refused_never_applied(app, client, version):
    user = make_user(Role.RESPONSABLE)
    activity = make_activity(user.organisation, user)
    token = create_api_token(user)
    db.session.commit()
    response = call(client, "POST", f"/api/v1/activities/{activity.id}/transition", token,
                    json={"to": "a_valider", "version": version})
    assert response.status_code == 422
    assert "version" in response.get_json()["fields"]
    db.session.expire_all()
    assert activity.status == Status.BROUILLON and events("transition") == []


def test_a_web_transition_with_a_negative_version_is_refused(app):
    user = make_user(Role.RESPONSABLE)
    activity = make_activity(user.organisation, user)
    db.session.commit()
    browser = sign_in(app, user)
    browser.post_form(f"/etablissements/{user.organisation.uai}/traitements/{activity.id}/statut",
                      {"to": "a_valider", "version": "-1"})
    db.session.expire_all()
    assert activity.status == Status.BROUILLON


def test_openapi_documents_401_and_429_on_every_operation(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters" or path == "/openapi.json":
                continue
            assert {"401", "429"} <= set(operation["responses"]), (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_signed_in_pages_api_and_exports_are_never_cached(app, client):
    user = make_user(Role.RESPONSABLE)
    token = create_api_token(user)
    db.session.commit()
    uai = user.organisation.uai
    browser = sign_in(app, user)
    for path in ("/", f"/etablissements/{uai}/traitements", "/compte",
                 f"/etablissements/{uai}/export.csv", "/nulle-part"):
        assert browser.get(path).headers.get("Cache-Control") == "no-store", path
    api = call(client, "GET", f"/api/v1/organisations/{uai}/activities", token)
    assert api.headers["Cache-Control"] == "no-store"
    assert call(client, "GET", f"/api/v1/organisations/{uai}/activities").headers[
        "Cache-Control"] == "no-store"
    public = fresh(app).get(f"/registre/{uai}")
    assert public.headers.get("Cache-Control") != "no-store"


@pytest.mark.parametrize("path", ["/connexion", "/nulle-part", "/api/v1/openapi.json"])
def test_csp_forbids_base_and_objects_and_frames_and_hsts_only_in_production(app, client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "base-uri 'none'" in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "Strict-Transport-Security" not in response.headers  # not in development/testing
    assert "Server" not in response.headers or "Werkzeug" not in response.headers["Server"]


def test_forwarded_address_is_trusted_only_behind_configured_proxies(app, _schema, monkeypatch,
                                                                    make_app):
    user = make_user(Role.REDACTEUR)
    db.session.commit()
    headers = {"X-Forwarded-For": "203.0.113.7"}
    fresh_browser = app.test_client()
    fresh_browser.post_form("/connexion", {"email": user.email, "password": "faux"},
                            headers=headers)
    assert events("login_failed")[-1].address == "127.0.0.1"  # header ignored by default
    monkeypatch.setenv("REGISTRE_TRUSTED_PROXIES", "1")
    behind = make_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "clé-de-test",
                         "SQLALCHEMY_DATABASE_URI": _schema, "SQLALCHEMY_ENGINE_OPTIONS": {},
                         "SERVER_NAME": "registre.test", "RATELIMIT_STORAGE_URI": "memory://"})
    assert isinstance(behind.wsgi_app, ProxyFix)
    behind.test_client_class = RegistreClient
    with behind.app_context():
        response = behind.test_client().post_form(
            "/connexion", {"email": user.email, "password": "faux"}, headers=headers)
        assert response.status_code == 401
    assert events("login_failed")[-1].address == "203.0.113.7"
