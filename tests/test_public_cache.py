"""Public pages and shared caches: Last-Modified follows a renamed school or académie, and
no ``Vary: Cookie`` (nor cookie) on pages that are the same for everybody."""
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest

from registre.dates import utcnow
from registre.extensions import db
from registre.models import Role
from tests.factories import make_academie, make_organisation, make_user
from tests.public_support import publish


@pytest.fixture
def school(app):
    academie = make_academie(code="versailles", name="Versailles")
    organisation = make_organisation(academie, name="Collège Jean Moulin")
    activity = publish(organisation, name="Cantine")
    admin = make_user(Role.ADMIN)
    db.session.commit()
    # Everything was last changed a week ago.
    week_ago = utcnow() - timedelta(days=7)
    for entry in (academie, organisation, activity):
        entry.updated_at = week_ago
    for entry in (academie, organisation):
        entry.created_at = week_ago
    db.session.commit()
    return organisation, admin


def _modified(response):
    return parsedate_to_datetime(response.headers["Last-Modified"]).replace(tzinfo=None)


def test_renaming_the_school_changes_last_modified(school, client, login):
    organisation, admin = school
    url = f"/registre/{organisation.uai}"
    first = client.get(url)
    before = _modified(first)
    assert before < utcnow() - timedelta(days=6)
    login(admin)
    response = client.post_form(f"/admin/etablissements/{organisation.uai}/modifier", {
        "uai": organisation.uai, "name": "Collège Lucie Aubrac", "kind": "college",
        "sector": "public", "academie": str(organisation.academie_id), "commune": "Versailles",
        "postal_code": "78000", "address": "2 avenue de Paris", "controller_title": "",
        "controller_name": "Alex Durand", "controller_email": "ce@college.fr",
        "controller_phone": ""})
    assert response.status_code == 302
    client.post_form("/deconnexion")
    again = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200 and "Collège Lucie Aubrac" in again.get_data(as_text=True)
    assert _modified(again) > before


def test_renaming_the_academie_changes_last_modified(school, client, login):
    organisation, admin = school
    url = f"/registre/{organisation.uai}.json"
    before = _modified(client.get(url))
    login(admin)
    response = client.post_form("/admin/academies/versailles/modifier", {
        "code": "versailles", "name": "Versailles-Yvelines", "dpd_name": "Camille Martin",
        "dpd_email": "dpd@ac-versailles.fr", "dpd_phone": "", "dpd_address": "",
        "rights_contact": ""})
    assert response.status_code == 302
    after = client.get(url)
    assert after.get_json()["organisation"]["academie"]["name"] == "Versailles-Yvelines"
    assert _modified(after) > before


@pytest.mark.parametrize("suffix", ["", ".json", ".csv", ".pdf", "/changements",
                                    "/changements.atom", "academie", "academie.csv"])
def test_public_pages_send_no_vary_cookie_nor_cookie(school, client, login, suffix):
    organisation, admin = school
    page = (f"/registre/academies/versailles{suffix.removeprefix('academie')}"
            if suffix.startswith("academie") else f"/registre/{organisation.uai}{suffix}")
    for logged_in in (False, True):
        if logged_in:
            login(admin)
        for url in (page, "/registre"):
            response = client.get(url)
            assert response.status_code == 200
            assert "Cookie" not in response.headers.get("Vary", ""), (url, logged_in)
            assert "Set-Cookie" not in response.headers, (url, logged_in)
    # Staff pages still depend on the session, and say so.
    assert "Cookie" in client.get("/").headers.get("Vary", "")
