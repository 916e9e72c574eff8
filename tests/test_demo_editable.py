"""The demo can be edited and imported into (issue 11, point 2): its ``.test`` addresses
pass the register's one e-mail rule, every seeded fiche saves unchanged through the web
form and through the API, and the CNIL model imports into a demo school."""
from html import unescape

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from registre.demo.seed import DEMO_PASSWORD
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.imports.services import read_import
from registre.models import Activity, Organisation, Role, User
from registre.scopes import Action, can
from tests.api_helpers import call, token_for
from tests.form_fill_helpers import browser_submission
from tests.import_helpers import CNIL_ODS

IGNORED = {"updated_at", "version"}


@pytest.fixture(autouse=True)
def fast_hash(monkeypatch):
    """A cheap hash keeps the suite fast (the demo itself uses Werkzeug's default, scrypt)."""
    monkeypatch.setattr("registre.models.user.generate_password_hash",
                        lambda password: generate_password_hash(password, "pbkdf2:sha256:1000"))


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["registre", "seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    admin = db.session.scalars(sa.select(User).where(User.role == Role.ADMIN)).first()
    activities = list(db.session.scalars(sa.select(Activity).order_by(Activity.id)))
    return admin, activities


def _content(activity_id: int) -> dict:
    db.session.expire_all()
    stored = activity_to_dict(db.session.get(Activity, activity_id))
    return {key: value for key, value in stored.items() if key not in IGNORED}


def test_every_demo_fiche_saves_unchanged_through_the_web_form(demo, login):
    admin, activities = demo
    client = login(admin, DEMO_PASSWORD)
    editable = [activity for activity in activities
                if can(admin, Action.EDIT, activity.organisation, activity)]
    assert len(editable) > 20
    refused = {}
    for activity in editable:
        before = _content(activity.id)
        url = f"/etablissements/{activity.organisation.uai}/traitements/{activity.id}/modifier"
        sent = browser_submission(client.get(url).get_data(as_text=True))
        sent.poplist("csrf_token")
        sent.setlist("save", ["1"])
        response = client.post_form(url, sent)
        if response.status_code != 303:
            refused[activity.name] = unescape(response.get_data(as_text=True))[:300]
            continue
        after = _content(activity.id)
        assert {key: (before[key], after[key]) for key in before
                if before[key] != after[key]} == {}, activity.name
    assert refused == {}


def test_every_demo_fiche_saves_unchanged_through_the_api(demo, client):
    admin, activities = demo
    token = token_for(admin)
    editable = [activity for activity in activities
                if can(admin, Action.EDIT, activity.organisation, activity)]
    refused = {}
    for activity in editable:
        before = _content(activity.id)
        body = call(client, "GET", f"/api/v1/activities/{activity.id}", token).get_json()
        response = call(client, "PUT", f"/api/v1/activities/{activity.id}", token, json=body)
        if response.status_code != 200:
            refused[activity.name] = response.get_json()
            continue
        assert _content(activity.id) == before, activity.name
    assert refused == {}


def test_the_cnil_model_imports_into_a_demo_school(demo):
    school = db.session.scalars(sa.select(Organisation).where(
        Organisation.controller_email.like("%.test")).order_by(Organisation.id)).first()
    parsed = read_import(CNIL_ODS.name, CNIL_ODS.read_bytes(), school)
    # The school's own address (ce.…@ac-….test) becomes the fiche's controller address.
    assert parsed.problems == []
    assert len(parsed.activities) == 1
