"""The breach register on the web and the API: record, notify, close, roles, history."""
import re
from datetime import timedelta

import pytest

from registre.auth.services import create_api_token
from registre.extensions import db
from registre.models import Breach, BreachRevision, Role, Status
from tests.factories import make_activity, make_breach, make_organisation, make_user
from tests.register_helpers import AT_NOW, NOW

pytestmark = AT_NOW


def _paris(moment) -> str:
    """The datetime-local value of a UTC instant in Paris (winter: UTC+1)."""
    return (moment + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def college(frozen_clock):
    organisation = make_organisation(name="Collège Pasteur")
    activity = make_activity(organisation, status=Status.EN_SERVICE, name="Pronote")
    people = {role: make_user(role, organisation=organisation)
              for role in (Role.REDACTEUR, Role.RESPONSABLE)}
    people[Role.AUDITEUR] = make_user(Role.AUDITEUR, academie=organisation.academie)
    people[Role.DPD] = make_user(Role.DPD, academie=organisation.academie)
    db.session.commit()
    return organisation, activity, people


def _facts(activity, **changes) -> dict:
    return {"discovered_at": _paris(NOW - timedelta(hours=70)),
            "description": "Clé USB perdue avec les notes de 3e B.",
            "nature": ["confidentialite"], "activities": [str(activity.id)], **changes}


def test_redacteur_records_a_breach_from_a_fiche(client, login, college):
    organisation, activity, people = college
    login(people[Role.REDACTEUR])
    url = f"/etablissements/{organisation.uai}/violations"
    form = client.get(f"{url}/nouvelle?traitement={activity.id}").get_data(as_text=True)
    # The fiche's people and data are pre-filled.
    assert re.search(r'<input checked[^>]*name="subject_categories"[^>]*value="eleves"', form)
    assert re.search(r'<input checked[^>]*name="data_categories"[^>]*value="vie_scolaire"', form)
    assert "Niveau de risque" not in form  # the decisions are the responsable's
    prefill = client.post_form(f"{url}/nouvelle", {**_facts(activity), "prefill": "1"})
    assert prefill.status_code == 200 and db.session.query(Breach).count() == 0
    response = client.post_form(f"{url}/nouvelle", _facts(activity, subject_categories=["eleves"],
                                                           data_categories=["vie_scolaire"]))
    assert response.status_code == 303
    breach = db.session.scalars(db.select(Breach)).one()
    assert breach.reference == "V-2026-001" and breach.activities == [activity]
    assert breach.discovered_at == NOW - timedelta(hours=70)
    show = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 heures restantes" in show and "échéance le 28/11/2026 à 12:00" in show
    assert "Clore la violation" not in show
    assert breach.id and client.get(f"{url}/{breach.id}/modifier").status_code == 200


@pytest.mark.parametrize("changes, message", [
    ({"discovered_at": ""}, "Indiquez quand la violation a été découverte"),
    ({"discovered_at": "2026-13-45T10:00"}, "Date et heure invalides"),
    ({"discovered_at": _paris(NOW + timedelta(days=1))}, "Cette date est dans le futur."),
    ({"occurred_at": _paris(NOW)}, "La violation ne peut pas survenir après sa découverte."),
    ({"description": ""}, "Décrivez ce qui s&#39;est passé."),
    ({"description": "x" * 10_001}, "Ce texte est trop long"),
    ({"approx_subjects": "-3"}, "Nombre entier entre 0 et 100 000 000 attendu."),
    ({"approx_records": "beaucoup"}, "Nombre entier attendu"),
    ({"nature": ["secret"]}, "Valeur inconnue"),
    ({"origin": "martiens"}, "Valeur inconnue"),
    ({"activities": ["999999"]}, "Valeur inconnue"),
    ({"cnil_notified": "oui"}, "Indiquez la date et l&#39;heure de la notification."),
    ({"cnil_notified": "non"}, "Indiquez pourquoi la violation n&#39;est pas notifiée"),
    ({"cnil_notified": "oui", "cnil_notified_at": _paris(NOW - timedelta(hours=71))},
     "La notification ne peut pas précéder la découverte."),
    ({"subjects_informed": "non"}, "Indiquez pourquoi les personnes ne sont pas informées."),
])
def test_bad_input_is_refused_in_french(client, login, college, changes, message):
    organisation, activity, people = college
    login(people[Role.RESPONSABLE])
    data = {"cnil_notified": "a_faire", "subjects_informed": "a_faire", **_facts(activity),
            **changes}
    response = client.post_form(f"/etablissements/{organisation.uai}/violations/nouvelle", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(Breach).count() == 0


def test_a_new_breach_starts_with_everything_to_do(client, login, college):
    organisation, _, people = college
    login(people[Role.DPD])
    form = client.get(f"/etablissements/{organisation.uai}/violations/nouvelle").get_data(
        as_text=True)
    for name in ("cnil_notified", "subjects_informed"):
        select = form.split(f'name="{name}"')[1].split("</select>")[0]
        assert '<option selected value="a_faire">' in select
    risk = form.split('name="risk"')[1].split("</select>")[0]
    assert re.match(r'[^<]*<option (selected )?value="">— À évaluer —</option>', risk)
    assert "selected" not in risk.split("</option>", 1)[1]


def test_late_notification_needs_its_reason_then_closing(client, login, college):
    organisation, activity, people = college
    breach = make_breach(organisation, discovered_at=NOW - timedelta(hours=90))
    db.session.commit()
    login(people[Role.RESPONSABLE])
    url = f"/etablissements/{organisation.uai}/violations/{breach.id}"
    page = client.get(url).get_data(as_text=True)
    assert "En retard de 18 heures" in page and "Notification à la CNIL hors délai (72 h)" in page
    client.post_form(f"{url}/cloture", {"version": breach.version})
    assert "évaluez le risque" in client.get(url).get_data(as_text=True)
    data = {"discovered_at": _paris(breach.discovered_at), "description": breach.description,
            "version": breach.version, "risk": "risque_eleve", "cnil_notified": "oui",
            "cnil_notified_at": _paris(NOW), "cnil_reference": "N-42",
            "subjects_informed": "a_faire"}
    refused = client.post_form(f"{url}/modifier", data)
    assert refused.status_code == 422
    assert "indiquez le motif du retard (art. 33.1)" in refused.get_data(as_text=True)
    data["cnil_late_reason"] = "Découverte un vendredi soir, DPD joint le lundi."
    saved = client.post_form(f"{url}/modifier", data)
    assert saved.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Notifiée à la CNIL avec 18 heures de retard" in page
    assert "DPD joint le lundi" in page and "Information des personnes (art. 34)" in page
    db.session.refresh(breach)
    client.post_form(f"{url}/cloture", {"version": breach.version})
    assert "indiquez si les personnes ont été informées" in client.get(url).get_data(as_text=True)
    db.session.refresh(breach)
    data.update(version=breach.version, subjects_informed="oui",
                subjects_informed_on="2026-11-28")
    assert client.post_form(f"{url}/modifier", data).status_code == 303
    db.session.refresh(breach)
    assert client.post_form(f"{url}/cloture", {"version": breach.version}).status_code == 303
    db.session.refresh(breach)
    assert breach.status.value == "close" and breach.closed_at == NOW
    page = client.get(url).get_data(as_text=True)
    assert "Rouvrir la violation" in page and "Compléter ou notifier" not in page
    assert client.get(f"{url}/modifier").status_code == 403
    history = client.get(f"{url}/historique").get_data(as_text=True)
    assert "Clôture" in history and "Notifiée le" in history
    assert "28/11/2026 à 10:00" in client.get(f"{url}/historique?de=1&a=2").get_data(as_text=True)
    assert db.session.query(BreachRevision).count() == 4


def test_roles_and_scope(client, login, college):
    organisation, activity, people = college
    breach = make_breach(organisation)
    outsider = make_user(Role.DPD)
    db.session.commit()
    base = f"/etablissements/{organisation.uai}/violations"
    login(people[Role.AUDITEUR])
    assert client.get(f"{base}/{breach.id}").status_code == 200
    assert client.get(f"{base}/{breach.id}/historique").status_code == 200
    assert client.get(f"{base}/nouvelle").status_code == 403
    assert client.post_form(f"{base}/{breach.id}/cloture", {}).status_code == 403
    client.post_form("/deconnexion")
    login(people[Role.REDACTEUR])
    assert client.post_form(f"{base}/{breach.id}/cloture",
                            {"version": breach.version}).status_code == 403
    client.post_form("/deconnexion")
    login(outsider)
    for url in (base, f"{base}/{breach.id}", f"{base}/{breach.id}/historique",
                f"{base}/export.pdf", f"/academies/{organisation.academie.code}/violations",
                f"/academies/{organisation.academie.code}/violations/export.csv"):
        assert client.get(url).status_code == 404, url


def test_academie_view_puts_errors_first(client, login, college):
    organisation, _, people = college
    make_breach(organisation, discovered_at=NOW - timedelta(hours=100), risk="aucun")
    make_breach(make_organisation(organisation.academie, name="École Ferry"),
                discovered_at=NOW - timedelta(hours=100))
    db.session.commit()
    login(people[Role.DPD])
    page = client.get(f"/academies/{organisation.academie.code}/violations").get_data(
        as_text=True)
    assert page.index("École Ferry") < page.index("Collège Pasteur")
    assert "En retard de 1 jour et 4 heures" in page


def test_api(client, college):
    organisation, activity, people = college
    tokens = {role: create_api_token(user) for role, user in people.items()}
    db.session.commit()

    def call(method, url, role, payload=None):
        return client.open(url, method=method, json=payload,
                           headers={"Authorization": f"Bearer {tokens[role]}"})

    base = f"/api/v1/organisations/{organisation.uai}/breaches"
    created = call("POST", base, Role.REDACTEUR,
                   {"discovered_at": "2026-11-24T11:00:00Z", "description": "Courriel",
                    "activities": [activity.id], "nature": ["confidentialite"]})
    assert created.status_code == 201, created.get_json()
    data = created.get_json()
    assert created.headers["Location"].endswith(f"/api/v1/breaches/{data['id']}")
    assert data["notification_deadline"] == "2026-11-27T11:00:00+00:00"
    assert data["findings"][0]["rule"] == "violation-notification-72h"
    url = f"/api/v1/breaches/{data['id']}"
    assert call("PUT", url, Role.REDACTEUR, {**data, "risk": "aucun"}).status_code == 403
    assert call("PUT", url, Role.REDACTEUR, {**data, "approx_subjects": 30}).status_code == 200
    data = call("GET", url, Role.RESPONSABLE).get_json()
    bad = call("PUT", url, Role.RESPONSABLE, {**data, "cnil_notified": "oui",
                                              "discovered_at": "hier", "extra": 1})
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) >= {"discovered_at", "extra"}
    done = call("PUT", url, Role.RESPONSABLE, {
        **data, "cnil_notified": "oui", "cnil_notified_at": "2026-11-28T10:00:00+01:00",
        "cnil_late_reason": "Week-end", "risk": "risque"})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["cnil_notified_at"] == "2026-11-28T09:00:00+00:00"
    assert call("PUT", url, Role.RESPONSABLE, data).status_code == 409
    assert call("PUT", url, Role.AUDITEUR, done.get_json()).status_code == 403
    listing = call("GET", base, Role.AUDITEUR).get_json()
    assert [item["id"] for item in listing["breaches"]] == [data["id"]]
    no_version = {key: value for key, value in done.get_json().items() if key != "version"}
    assert call("PUT", url, Role.RESPONSABLE, no_version).status_code == 422
    assert client.get(base).status_code == 401
