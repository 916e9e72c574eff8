"""Hostile cases of the trust issue not covered elsewhere (see tests/README.md for the map)."""
import re

from registre.extensions import db
from registre.models import Role
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.job_helpers import job_id_of, wait_for_job
from tests.trust_helpers import events, sign_in


def test_38_a_hostile_school_name_never_reaches_a_download_header(app):
    academie = make_academie(code="x", name="X")
    school = make_organisation(academie, name='Lycée "J\r\nSet-Cookie: x=1"')
    make_activity(school, status="en_service")
    dpo = make_user(Role.DPD, academie=academie)
    db.session.commit()
    browser = sign_in(app, dpo)
    started = browser.post_form(f"/academies/{academie.code}/export",
                                {"format": "csv", "status": "en_service", "as_of": ""})
    academie_file = wait_for_job(browser, job_id_of(started))["download_url"]
    for url in (f"/etablissements/{school.uai}/export.csv", academie_file,
                f"/academies/{academie.code}/conformite.csv",
                f"/academies/{academie.code}/journal.csv"):
        response = browser.get(url)
        response.get_data()  # a streamed export: read it whole before the next request
        response.close()
        assert response.status_code == 200, url
        disposition = response.headers["Content-Disposition"]
        assert re.fullmatch(r'attachment; filename="?[\w.-]+"?', disposition), disposition
        assert "x=1" not in str(response.headers) and "\r" not in disposition
    assert browser.get_cookie("x", domain="registre.test") is None
    assert len(events("export")) == 4


def test_9_auditor_posts_are_refused_and_logged_as_access_denied(app):
    school = make_organisation()
    activity = make_activity(school)
    auditor = make_user(Role.AUDITEUR, organisation=school)
    db.session.commit()
    browser = sign_in(app, auditor)
    response = browser.post_form(f"/etablissements/{school.uai}/traitements/{activity.id}/supprimer")
    assert response.status_code == 403
    denied = events("access_denied")
    assert denied[-1].target.startswith("POST /etablissements/")
    assert denied[-1].details == "action non autorisée (403)"


def test_36_error_pages_are_french_with_an_incident_reference_and_no_internals(app, caplog):
    school = make_organisation()
    writer = make_user(Role.REDACTEUR, organisation=school)
    db.session.commit()

    @app.route("/boum-sql")
    def boom():  # an unexpected failure carrying SQL, a file path and a library name
        import sqlalchemy as sa
        raise sa.exc.OperationalError("SELECT secret FROM user_account", {},
                                      Exception('File "/srv/registre/x.py", psycopg 3.2'))

    browser = sign_in(app, writer)
    not_found = browser.get(f"/etablissements/{school.uai}/traitements/abc")
    assert not_found.status_code == 404
    assert "Page introuvable" in not_found.get_data(as_text=True)
    failed = browser.get("/boum-sql")
    html = failed.get_data(as_text=True)
    assert failed.status_code == 500 and "Erreur interne" in html
    incident = re.search(r"Référence de l'incident[^:]*: <strong>([0-9A-F]{8})</strong>", html)
    assert incident, html
    for leak in ("Traceback", "SELECT", "user_account", "/srv/", ".py", "psycopg",
                 "sqlalchemy", "Werkzeug", "Python/"):
        assert leak not in html and leak not in str(failed.headers), leak
    # The log line has the same reference and the details support needs.
    [logged] = [record for record in caplog.records if incident.group(1) in record.getMessage()]
    assert logged.exc_info is not None
    api = app.test_client().get("/api/v1/activities/1", headers={"Host": "registre.test"})
    assert api.status_code == 401  # the API answers JSON, never this page


def test_38_a_hostile_host_header_never_reaches_an_emailed_link(app, smtp):
    academie = make_academie(dpd_email="dpd@ac-test.fr")
    school = make_organisation(academie)
    make_user(Role.RESPONSABLE, organisation=school, email="principal@ecole.fr")
    db.session.commit()
    client = app.test_client()
    url = f"/registre/{school.uai}/demande"
    page = client.get(url, headers={"Host": "evil.example"})
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      page.get_data(as_text=True)).group(1)
    response = client.post(url, headers={"Host": "evil.example"}, data={
        "csrf_token": token, "kind": "acces", "requester_kind": "parent",
        "requester_name": "Karim Benali", "requester_contact": "karim.benali@exemple.fr",
        "message": "Je souhaite recevoir les données de ma fille."})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert "evil.example" not in response.headers["Location"]  # a path on the same site
    bodies = [message.get_content() for _, message in smtp.received]
    assert bodies and any("https://registre.ac-test.fr/" in body for body in bodies)
    assert not any("evil.example" in body for body in bodies)


def test_12_a_form_without_its_own_csrf_token_is_refused_logged_and_changes_nothing(app):
    school = make_organisation()
    activity = make_activity(school)
    writer = make_user(Role.REDACTEUR, organisation=school)
    other = make_user(Role.REDACTEUR, organisation=school)
    db.session.commit()
    foreign_token = sign_in(app, other).csrf_token()
    browser = sign_in(app, writer)
    url = f"/etablissements/{school.uai}/traitements/{activity.id}/modifier"
    version = activity.version
    for token in (None, foreign_token, "forge"):
        data = {"name": "Renommé", "version": str(version)}
        if token is not None:
            data["csrf_token"] = token
        response = browser.post(url, data=data, headers={
            "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 400
        assert "Le formulaire a expiré" in response.get_data(as_text=True)
    db.session.expire_all()
    assert activity.name != "Renommé" and activity.version == version
    denied = events("access_denied")
    assert len(denied) == 3
    assert all(event.user_id == writer.id and "CSRF" in event.details for event in denied)
