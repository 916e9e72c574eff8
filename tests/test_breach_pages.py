"""The breach register on the web: record, the 72-hour clock, notify, close, roles."""
from datetime import timedelta

from registre.extensions import db
from registre.models import Breach, Role, Status
from tests.factories import make_activity, make_organisation, make_user
from tests.register_helpers import NOW

BASE = "/etablissements/{uai}/violations"


def _paris(moment) -> str:
    """The datetime-local value of a UTC instant in Paris (winter: UTC+1)."""
    return (moment + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def test_redacteur_records_a_breach_and_sees_the_time_left(client, login, frozen):
    organisation = make_organisation()
    activity = make_activity(organisation, status=Status.EN_SERVICE)
    user = make_user(Role.REDACTEUR, organisation=organisation)
    db.session.commit()
    login(user)
    url = BASE.format(uai=organisation.uai)
    page = client.get(f"{url}/nouvelle?traitement={activity.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="eleves" checked' in html or "checked" in html
    response = client.post_form(f"{url}/nouvelle", {
        "discovered_at": _paris(NOW - timedelta(hours=70)),
        "description": "Clé USB perdue avec les notes de 3e B.",
        "nature": ["confidentialite"], "activities": [str(activity.id)],
        "subject_categories": ["eleves"], "data_categories": ["vie_scolaire"]})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    breach = db.session.scalars(db.select(Breach)).one()
    assert breach.reference == "V-2026-001"
    show = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 heures restantes" in show
    assert "Clore la violation" not in show


def test_api_round_trip(client, frozen):
    from registre.auth.services import create_api_token
    organisation = make_organisation()
    user = make_user(Role.RESPONSABLE, organisation=organisation)
    token = create_api_token(user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post(f"/api/v1/organisations/{organisation.uai}/breaches", headers=headers,
                           json={"discovered_at": "2026-11-24T11:00:00Z",
                                 "description": "Courriel envoyé au mauvais destinataire"})
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["findings"][0]["rule"] == "violation-notification-72h"
    data["cnil_notified"] = "oui"
    data["cnil_notified_at"] = "2026-11-28T08:00:00Z"
    data["cnil_late_reason"] = "Week-end"
    put = client.put(f"/api/v1/breaches/{data['id']}", headers=headers, json=data)
    assert put.status_code == 200, put.get_json()
    assert put.get_json()["findings"][0]["rule"] == "violation-notifiee-en-retard"
    stale = client.put(f"/api/v1/breaches/{data['id']}", headers=headers, json=data)
    assert stale.status_code == 409
