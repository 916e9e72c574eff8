"""The rights-request register: deadlines (art. 12.3), dashboard, roles, answer, erasure."""
from datetime import date

import pytest

from registre.extensions import db
from registre.models import RightsRequest, RightsRequestRevision, Role
from registre.requests.deadlines import DueState, add_months, answer_due_on, request_due
from tests.factories import (
    make_academie,
    make_activity,
    make_organisation,
    make_rights_request,
    make_user,
)
from tests.register_helpers import AT_NOW, NOW

pytestmark = AT_NOW


@pytest.mark.parametrize("received, due", [
    (date(2026, 1, 31), date(2026, 2, 28)), (date(2028, 1, 31), date(2028, 2, 29)),
    (date(2026, 3, 31), date(2026, 4, 30)), (date(2026, 4, 30), date(2026, 5, 30)),
    (date(2026, 12, 15), date(2027, 1, 15)), (date(2026, 8, 30), date(2026, 9, 30)),
])
def test_due_date_is_one_calendar_month_later_end_of_month_safe(received, due):
    assert answer_due_on(received) == due


def test_add_months_goes_back_too():
    assert add_months(date(2026, 5, 31), -3) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 28), -60) == date(2021, 11, 28)


@pytest.mark.parametrize("received, answered, state, text", [
    (date(2026, 10, 29), None, DueState.DUE_SOON, "Réponse due demain (le 29/11/2026)"),
    (date(2026, 10, 28), None, DueState.DUE_SOON, "Réponse due aujourd'hui (le 28/11/2026)"),
    (date(2026, 10, 20), None, DueState.LATE, "En retard de 8 jours (échéance du 20/11/2026)"),
    (date(2026, 11, 20), None, DueState.ON_TIME, "Réponse due dans 22 jours (le 20/12/2026)"),
    (date(2026, 10, 1), date(2026, 11, 3), DueState.ANSWERED_LATE,
     "Répondue le 03/11/2026, 2 jours après l'échéance du 01/11/2026"),
    (date(2026, 10, 1), date(2026, 10, 30), DueState.ANSWERED, "Répondue le 30/10/2026, dans le délai"),
])
def test_due_state(received, answered, state, text):
    request = RightsRequest(received_at=received, due_on=answer_due_on(received),
                            answered_at=answered)
    due = request_due(request, date(2026, 11, 28))
    assert (due.state, due.text) == (state, text)


def test_extension_moves_the_deadline():
    request = RightsRequest(received_at=date(2026, 10, 1), due_on=date(2026, 11, 1),
                            extended_until=date(2026, 12, 15))
    assert request_due(request, date(2026, 11, 28)).state == DueState.ON_TIME


@pytest.fixture
def college(frozen_clock):
    organisation = make_organisation(name="Lycée Condorcet")
    activity = make_activity(organisation, name="Demi-pension")
    people = {role: make_user(role, organisation=organisation)
              for role in (Role.REDACTEUR, Role.RESPONSABLE)}
    people[Role.AUDITEUR] = make_user(Role.AUDITEUR, academie=organisation.academie)
    people[Role.DPD] = make_user(Role.DPD, academie=organisation.academie)
    db.session.commit()
    return organisation, activity, people


def _new(organisation, activity, **changes) -> dict:
    return {"received_at": "2026-11-02", "channel": "courrier", "kind": "acces",
            "requester_kind": "parent", "requester_name": "Anne Roy",
            "requester_contact": "12 rue des Lilas", "message": "Copie du dossier",
            "activities": [str(activity.id)], **changes}


def test_redacteur_records_a_request_and_sees_its_due_date(client, login, college):
    organisation, activity, people = college
    login(people[Role.REDACTEUR])
    url = f"/etablissements/{organisation.uai}/demandes"
    form = client.get(f"{url}/nouvelle").get_data(as_text=True)
    assert "Répondue le" not in form and 'value="2026-11-28"' in form
    response = client.post_form(f"{url}/nouvelle", _new(organisation, activity))
    assert response.status_code == 303
    record = db.session.scalars(db.select(RightsRequest)).one()
    assert record.due_on == date(2026, 12, 2) and record.activities == [activity]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Réponse due dans 4 jours (le 02/12/2026)" in page
    assert "Clore la demande" not in page
    listing = client.get(url).get_data(as_text=True)
    assert "1 demande à traiter en priorité" in listing


@pytest.mark.parametrize("changes, message", [
    ({"received_at": "2026-12-01"}, "Cette date est dans le futur."),
    ({"received_at": "31/02/2026"}, "Date invalide"),
    ({"kind": ""}, "Choisissez le droit exercé."),
    ({"channel": ""}, "Indiquez par quel canal la demande est arrivée."),
    ({"requester_kind": "voisin"}, "Valeur inconnue"),
    ({"requester_name": "x" * 201}, "Ce texte est trop long"),
    ({"extended_until": "2027-03-01", "extension_reason": "Dossier volumineux"},
     "Le délai ne peut être prolongé que de deux mois : au plus tard le 02/02/2027"),
    ({"extended_until": "2026-12-20"}, "Indiquez le motif de la prolongation"),
    ({"answered_at": "2026-11-20"}, "Indiquez la suite donnée."),
    ({"outcome": "satisfaite"}, "Indiquez la date de la réponse."),
    ({"answered_at": "2026-10-20", "outcome": "refusee"},
     "La réponse ne peut pas précéder la réception."),
])
def test_bad_input_is_refused_in_french(client, login, college, changes, message):
    organisation, activity, people = college
    login(people[Role.RESPONSABLE])
    response = client.post_form(f"/etablissements/{organisation.uai}/demandes/nouvelle",
                                _new(organisation, activity, **changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(RightsRequest)) == 0


def test_responsable_extends_answers_and_closes(client, login, college):
    organisation, activity, people = college
    record = make_rights_request(organisation, received_at=date(2026, 10, 20))
    db.session.commit()
    login(people[Role.RESPONSABLE])
    url = f"/etablissements/{organisation.uai}/demandes/{record.id}"
    assert "En retard de 8 jours" in client.get(url).get_data(as_text=True)
    refused = client.post_form(f"{url}/cloture", {"version": record.version})
    assert refused.status_code == 303
    assert "indiquez la date de la réponse" in client.get(url).get_data(as_text=True)
    data = {"received_at": "2026-10-20", "channel": "courriel", "kind": "acces",
            "requester_kind": "parent", "version": record.version,
            "extended_until": "2027-01-20", "extension_reason": "Archives à rechercher"}
    assert client.post_form(f"{url}/modifier", data).status_code == 303
    assert "Réponse due dans 53 jours (le 20/01/2027)" in client.get(url).get_data(as_text=True)
    db.session.refresh(record)
    data.update(version=record.version, answered_at="2026-11-28", outcome="satisfaite",
                answer_summary="Copie envoyée par courriel")
    assert client.post_form(f"{url}/modifier", data).status_code == 303
    db.session.refresh(record)
    assert client.post_form(f"{url}/cloture", {"version": record.version}).status_code == 303
    db.session.refresh(record)
    assert record.status.value == "close"
    history = client.get(f"{url}/historique").get_data(as_text=True)
    assert "Clôture" in history and "Délai prolongé jusqu&#39;au" in history


@pytest.mark.parametrize("recorded, received, message", [
    ({"answered_at": date(2026, 11, 10), "outcome": "satisfaite"}, "2026-11-15",
     "La réponse est datée du 10/11/2026 : la réception ne peut pas la suivre."),
    ({"extended_until": date(2027, 1, 5), "extension_reason": "Archives"}, "2026-10-01",
     "Le délai est prolongé jusqu'au 05/01/2027"),
])
def test_redacteur_cannot_move_the_receipt_past_a_recorded_decision(client, login, college,
                                                                     recorded, received,
                                                                     message):
    """The answer (or extension, art. 12.3) a decider recorded stays true: a rédacteur, who
    cannot change it, cannot change the day of receipt against it either (web and API)."""
    from registre.auth.services import create_api_token
    organisation, activity, people = college
    record = make_rights_request(organisation, received_at=date(2026, 11, 2), **recorded)
    token = create_api_token(people[Role.REDACTEUR])
    db.session.commit()
    version = record.version
    login(people[Role.REDACTEUR])
    url = f"/etablissements/{organisation.uai}/demandes/{record.id}/modifier"
    response = client.post_form(url, {**_new(organisation, activity, received_at=received),
                                      "version": version})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    api = client.get(f"/api/v1/requests/{record.id}",
                     headers={"Authorization": f"Bearer {token}"}).get_json()
    refused = client.put(f"/api/v1/requests/{record.id}", json={**api, "received_at": received},
                         headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 422 and message in refused.get_json()["fields"]["received_at"]
    db.session.refresh(record)
    assert record.version == version and record.received_at == date(2026, 11, 2)
    # A day of receipt that keeps the decision true is still the rédacteur's to correct.
    fine = client.post_form(url, {**_new(organisation, activity, received_at="2026-11-01"),
                                  "version": version})
    assert fine.status_code == 303


def test_stale_version_is_a_conflict_that_keeps_the_input(client, login, college):
    organisation, activity, people = college
    record = make_rights_request(organisation)
    db.session.commit()
    login(people[Role.RESPONSABLE])
    response = client.post_form(
        f"/etablissements/{organisation.uai}/demandes/{record.id}/modifier",
        {**_new(organisation, activity, message="Ma saisie"), "version": record.version + 5})
    assert response.status_code == 409
    assert "modifiée entre-temps" in response.get_data(as_text=True)
    assert "Ma saisie" in response.get_data(as_text=True)


def test_roles_and_scope(client, login, college):
    organisation, activity, people = college
    record = make_rights_request(organisation)
    outsider = make_user(Role.RESPONSABLE)
    db.session.commit()
    base = f"/etablissements/{organisation.uai}/demandes"
    login(people[Role.AUDITEUR])
    assert client.get(f"{base}/{record.id}").status_code == 200
    assert client.get(f"{base}/export.csv").status_code == 200
    assert client.get(f"{base}/nouvelle").status_code == 403
    assert client.get(f"{base}/{record.id}/modifier").status_code == 403
    client.post_form("/deconnexion")
    login(outsider)
    for url in (base, f"{base}/{record.id}", f"{base}/export.xlsx",
                f"/academies/{organisation.academie.code}/demandes"):
        assert client.get(url).status_code == 404, url


def test_academie_dashboard_lists_late_and_soon_due(client, login, college):
    organisation, _, people = college
    other = make_organisation(organisation.academie, name="École Jaurès")
    late = make_rights_request(other, received_at=date(2026, 10, 1))
    make_rights_request(organisation, received_at=date(2026, 11, 25))
    db.session.commit()
    login(people[Role.DPD])
    page = client.get(f"/academies/{organisation.academie.code}/demandes").get_data(as_text=True)
    watch = page.split('id="h-toutes"')[0]
    assert late.reference in watch and "École Jaurès" in watch
    assert "1 demande à traiter en priorité" in watch and "2 demandes" in page
    assert "Demande sans réponse après le délai" in watch and "demande-en-retard" not in watch


def test_erasure_after_the_academie_retention(runner, frozen_clock):
    academie = make_academie(requester_retention_years=5)
    short = make_academie(requester_retention_years=1)
    old = make_rights_request(make_organisation(academie), received_at=date(2021, 10, 1),
                              answered_at=date(2021, 10, 20), outcome="satisfaite")
    recent = make_rights_request(make_organisation(academie), received_at=date(2022, 1, 10))
    other = make_rights_request(make_organisation(short), received_at=date(2025, 9, 1),
                                answered_at=date(2025, 11, 1), outcome="refusee")
    db.session.commit()
    result = runner.invoke(args=["registre", "erase-requesters"])
    assert result.exit_code == 0 and "2 demandes anonymisées" in result.output
    db.session.expire_all()
    for record in (old, other):
        assert (record.requester_name, record.requester_contact, record.message) == ("", "", "")
        assert record.requester_erased_at == NOW and record.reference and record.outcome
        snapshots = db.session.scalars(db.select(RightsRequestRevision.snapshot).where(
            RightsRequestRevision.request_id == record.id)).all()
        assert len(snapshots) == 2
        assert all("Claire" not in str(snapshot) and "Léo" not in str(snapshot)
                   for snapshot in snapshots)
    assert recent.requester_name == "Claire Martin"
    again = runner.invoke(args=["registre", "erase-requesters"])
    assert "0 demande anonymisée" in again.output


def test_api_create_put_and_rights(client, college):
    from registre.auth.services import create_api_token
    organisation, activity, people = college
    tokens = {role: create_api_token(user) for role, user in people.items()}
    db.session.commit()

    def call(method, url, role, **kwargs):
        return client.open(url, method=method, json=kwargs.pop("json", None),
                           headers={"Authorization": f"Bearer {tokens[role]}"})

    created = call("POST", f"/api/v1/organisations/{organisation.uai}/requests", Role.REDACTEUR,
                   json={"received_at": "2026-10-28", "kind": "effacement",
                         "activities": [activity.id]})
    assert created.status_code == 201, created.get_json()
    data = created.get_json()
    assert data["due_on"] == "2026-11-28" and data["activities"] == [activity.id]
    assert data["findings"][0]["rule"] == "demande-echeance-proche"
    url = f"/api/v1/requests/{data['id']}"
    forbidden = call("PUT", url, Role.REDACTEUR, json={**data, "outcome": "satisfaite"})
    assert forbidden.status_code == 403 and "outcome" in forbidden.get_json()["fields"]
    unchanged = call("PUT", url, Role.REDACTEUR, json={**data, "message": "Précision"})
    assert unchanged.status_code == 200
    data = unchanged.get_json()
    bad = call("PUT", url, Role.RESPONSABLE, json={**data, "extended_until": "2027-06-01",
                                                   "extension_reason": "Long"})
    assert bad.status_code == 422 and "extended_until" in bad.get_json()["fields"]
    assert call("PUT", url, Role.AUDITEUR, json=data).status_code == 403
    assert call("GET", url, Role.AUDITEUR).status_code == 200
    stale = call("PUT", url, Role.RESPONSABLE, json={**data, "version": 1})
    assert stale.status_code == 409 and stale.get_json()["current"]["id"] == data["id"]
    assert call("GET", "/api/v1/requests/999999", Role.DPD).status_code == 404



def test_the_demo_shows_both_registers_with_a_deadline_running(runner, client, login):
    from registre.models import Breach, User
    assert runner.invoke(args=["registre", "seed-demo"]).exit_code == 0
    breach = db.session.scalars(db.select(Breach)).one()
    responsable = db.session.scalars(db.select(User).where(
        User.email == "responsable.college@ac-versailles.test")).one()
    responsable.password_hash = make_user().password_hash  # the tests' password
    db.session.commit()
    login(responsable)
    uai = breach.organisation.uai
    page = client.get(f"/etablissements/{uai}/violations/{breach.id}").get_data(as_text=True)
    assert "restante" in page
    requests = client.get(f"/etablissements/{uai}/demandes").get_data(as_text=True)
    assert "1 demande à traiter en priorité" in requests
