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
