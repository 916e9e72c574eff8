"""An auditeur reads everything in scope but every change (every POST route) is refused."""
import re

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import (
    Activity,
    ActivityTemplate,
    Breach,
    Processor,
    Revision,
    RightsRequest,
    Role,
    Status,
    User,
)
from tests.factories import (
    make_activity,
    make_breach,
    make_organisation,
    make_rights_request,
    make_user,
)

# Routes that are not changes to the register: the login form itself, logging out, one's own
# password, tokens and reminders (« Mon compte », tests/test_sessions.py and
# test_passwords_tokens.py), the token-authenticated API (which has its own tests with tokens),
# the public request form open to anyone (tests/test_request_public_form.py) and the académie
# exports (an auditeur exports: the POST only starts a job that reads; see test_jobs.py).
NOT_CHANGES = ("/connexion", "/deconnexion", "/compte", "/api/", "/registre/")
READING_JOBS = re.compile(r"^/academies/<code>/(export|conformite\.xlsx)$")


def _state() -> tuple:
    counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                   for model in (Activity, Revision, Processor, ActivityTemplate, User, Breach,
                                 RightsRequest))
    statuses = tuple(db.session.scalars(sa.select(Activity.status).order_by(Activity.id)))
    versions = tuple(db.session.scalars(sa.select(Activity.version).order_by(Activity.id)))
    records = tuple(db.session.execute(sa.select(Breach.version, Breach.status)).all()) + tuple(
        db.session.execute(sa.select(RightsRequest.version, RightsRequest.status)).all())
    return counts, statuses, versions, records


def _post_urls(app, values: dict) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith(NOT_CHANGES) \
                or READING_JOBS.match(rule.rule):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values.get(name, 1)), url)
        urls.append(url)
    return urls


@pytest.mark.parametrize("role", [Role.AUDITEUR])
def test_every_post_route_is_refused_to_an_auditeur(app, client, login, role):
    organisation = make_organisation()
    activity = make_activity(organisation, status=Status.BROUILLON)
    auditeur = make_user(role, academie=organisation.academie)
    breach = make_breach(organisation)
    request = make_rights_request(organisation)
    db.session.commit()
    values = {"uai": organisation.uai, "activity_id": activity.id, "id": activity.id,
              "code": organisation.academie.code, "fmt": "json", "breach_id": breach.id,
              "request_id": request.id}
    urls = _post_urls(app, values)
    login(auditeur)
    before = _state()
    for url in urls:
        response = client.post_form(url, {"to": "en_service", "name": "Piraté"})
        assert response.status_code in (403, 404, 405), (url, response.status_code)
    db.session.expire_all()
    assert _state() == before
