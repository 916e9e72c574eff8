"""The workflow of design §1, through the service (shared with the API) and the fiche."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from markupsafe import escape

from registre.activities.workflow import (
    NeedsAcknowledgement,
    WorkflowError,
    WorkflowForbidden,
    delete_activity,
    transition_activity,
)
from registre.compliance.services import findings_to_acknowledge
from registre.dates import today
from registre.extensions import db
from registre.models import Activity, Revision, Role, Status
from tests.factories import make_activity, make_user


@pytest.fixture
def team(app):
    redacteur = make_user(Role.REDACTEUR, name="Rédactrice")
    organisation = redacteur.organisation
    responsable = make_user(Role.RESPONSABLE, organisation=organisation, name="Principal")
    dpd = make_user(Role.DPD, academie=organisation.academie)
    return {"redacteur": redacteur, "responsable": responsable, "dpd": dpd,
            "organisation": organisation}


def revisions(activity) -> list[Revision]:
    return list(db.session.scalars(sa.select(Revision).where(Revision.activity_id == activity.id)
                                   .order_by(Revision.number)))


def test_full_life_writes_one_revision_per_step(team):
    activity = make_activity(team["organisation"], author=team["redacteur"])
    transition_activity(activity, team["redacteur"], "a_valider")
    transition_activity(activity, team["responsable"], "brouillon", comment="Préciser la durée")
    transition_activity(activity, team["redacteur"], "a_valider")
    transition_activity(activity, team["responsable"], "en_service")
    assert activity.validated_by == team["responsable"] and activity.validated_at is not None
    transition_activity(activity, team["dpd"], "termine", ended_on=today() - timedelta(days=1))
    assert activity.status == Status.TERMINE
    assert activity.ended_on == today() - timedelta(days=1)
    steps = [(r.action, r.comment, r.author_id) for r in revisions(activity)]
    assert steps == [
        ("creation", "", team["redacteur"].id),
        ("soumission", "", team["redacteur"].id),
        ("renvoi", "Préciser la durée", team["responsable"].id),
        ("soumission", "", team["redacteur"].id),
        ("mise_en_service", "", team["responsable"].id),
        ("fin", "", team["dpd"].id),
    ]
    assert revisions(activity)[-1].snapshot["status"] == "termine"


def test_end_defaults_to_today_and_refuses_the_future(team):
    activity = make_activity(team["organisation"], status=Status.EN_SERVICE)
    with pytest.raises(WorkflowError, match="futur"):
        transition_activity(activity, team["responsable"], "termine",
                            ended_on=today() + timedelta(days=1))
    assert activity.status == Status.EN_SERVICE
    transition_activity(activity, team["responsable"], "termine")
    assert activity.ended_on == today()


def test_send_back_needs_a_comment(team):
    activity = make_activity(team["organisation"], status=Status.A_VALIDER)
    with pytest.raises(WorkflowError, match="commentaire est obligatoire"):
        transition_activity(activity, team["responsable"], "brouillon", comment="  ")
    with pytest.raises(WorkflowError, match="contrôle"):
        transition_activity(activity, team["responsable"], "brouillon", comment="a\x1bb")
    assert activity.status == Status.A_VALIDER


def test_put_in_service_is_refused_while_art30_elements_are_missing(team):
    activity = make_activity(team["organisation"], status=Status.A_VALIDER,
                             security_measures=[], recipients=[],
                             data_categories=[{"category": "etat_civil"}])
    with pytest.raises(WorkflowError) as refused:
        transition_activity(activity, team["responsable"], "en_service")
    assert {finding.field for finding in refused.value.findings} == {
        "security_measures", "recipients", "data_categories[0].retention"}
    assert activity.status == Status.A_VALIDER and activity.validated_by is None


@pytest.mark.parametrize("role, to, status, error", [
    ("redacteur", "en_service", Status.A_VALIDER, WorkflowForbidden),
    ("redacteur", "termine", Status.EN_SERVICE, WorkflowForbidden),
    ("responsable", "a_valider", Status.EN_SERVICE, WorkflowError),
    ("responsable", "brouillon", Status.TERMINE, WorkflowError),
    ("dpd", "termine", Status.BROUILLON, WorkflowError),
    ("dpd", "en_service", Status.TERMINE, WorkflowError),
    ("dpd", "archive", Status.BROUILLON, WorkflowError),
])
def test_refused_transitions_change_nothing(team, role, to, status, error):
    activity = make_activity(team["organisation"], status=status)
    before = (activity.status, activity.version, len(revisions(activity)))
    with pytest.raises(error):
        transition_activity(activity, team[role], to, comment="x")
    assert (activity.status, activity.version, len(revisions(activity))) == before


@pytest.mark.parametrize("role, status", [("responsable", Status.BROUILLON),
                                          ("dpd", Status.A_VALIDER)])
def test_only_the_dpd_deletes_and_only_a_draft(team, role, status):
    activity = make_activity(team["organisation"], status=status)
    with pytest.raises(WorkflowError):
        delete_activity(activity, team[role])
    assert db.session.get(Activity, activity.id) is not None


def test_dpd_hard_deletes_a_draft_with_its_history(team):
    activity = make_activity(team["organisation"])
    activity_id = activity.id
    delete_activity(activity, team["dpd"])
    db.session.commit()
    assert db.session.get(Activity, activity_id) is None
    assert db.session.scalar(sa.select(sa.func.count(Revision.id))
                             .where(Revision.activity_id == activity_id)) == 0


# A transfer to the United States without any guarantee: a compliance error that does not
# block the fiche (art. 30 is complete) but must be acknowledged by the validator.
UNGUARDED_TRANSFER = [{"recipient": "Agence de voyages", "country": "US"}]


def test_other_compliance_errors_must_be_acknowledged(team):
    activity = make_activity(team["organisation"], status=Status.A_VALIDER,
                             transfers=UNGUARDED_TRANSFER)
    with pytest.raises(NeedsAcknowledgement) as refused:
        transition_activity(activity, team["responsable"], "en_service")
    rules = [finding.rule for finding in refused.value.findings]
    assert "transfert-sans-garantie" in rules and "art30-incomplet" not in rules
    transition_activity(activity, team["responsable"], "en_service", acknowledged=True)
    assert activity.status == Status.EN_SERVICE


# --- Through the fiche -------------------------------------------------------------------

def fiche_url(activity) -> str:
    return f"/etablissements/{activity.organisation.uai}/traitements/{activity.id}"


def test_fiche_lists_what_is_missing_instead_of_the_validate_button(client, login, team):
    activity = make_activity(team["organisation"], status=Status.A_VALIDER,
                             security_measures=[], purpose="")
    db.session.commit()
    login(team["responsable"])
    html = client.get(fiche_url(activity)).get_data(as_text=True)
    assert "Mise en service impossible" in html
    assert "La finalité du traitement manque" in html
    assert "La description des mesures de sécurité manque" in html
    assert 'value="en_service"' not in html
    # Posting anyway is refused with the same list, and nothing changes.
    response = client.post_form(f"{fiche_url(activity)}/statut",
                         {"to": "en_service", "version": str(activity.version)})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ne peut pas être mise en service" in page
    assert "La description des mesures de sécurité manque" in page
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == Status.A_VALIDER


def test_validator_acknowledges_other_errors_with_a_checkbox(client, login, team):
    activity = make_activity(team["organisation"], status=Status.A_VALIDER,
                             transfers=UNGUARDED_TRANSFER)
    db.session.commit()
    login(team["responsable"])
    html = client.get(fiche_url(activity)).get_data(as_text=True)
    transfer_errors = [finding for finding in findings_to_acknowledge(activity)
                       if finding.rule == "transfert-sans-garantie"]
    assert transfer_errors and str(escape(transfer_errors[0].message)) in html
    assert 'name="acknowledge"' in html
    data = {"to": "en_service", "version": str(activity.version)}
    client.post_form(f"{fiche_url(activity)}/statut", data)
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == Status.A_VALIDER
    client.post_form(f"{fiche_url(activity)}/statut", {**data, "acknowledge": "y"})
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == Status.EN_SERVICE


def test_send_back_through_the_fiche_stores_the_comment(client, login, team):
    activity = make_activity(team["organisation"], status=Status.A_VALIDER)
    db.session.commit()
    login(team["responsable"])
    url = f"{fiche_url(activity)}/statut"
    response = client.post_form(url, {"to": "brouillon", "comment": "",
                                       "version": str(activity.version)})
    assert "commentaire est obligatoire" in client.get(response.headers["Location"]) \
        .get_data(as_text=True)
    client.post_form(url, {"to": "brouillon", "comment": "Ajoutez la durée <b>SVP</b>",
                            "version": str(activity.version)})
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == Status.BROUILLON
    assert revisions(activity)[-1].comment == "Ajoutez la durée <b>SVP</b>"


def test_end_through_the_fiche_with_a_date(client, login, team):
    activity = make_activity(team["organisation"], status=Status.EN_SERVICE)
    db.session.commit()
    login(team["dpd"])
    html = client.get(fiche_url(activity)).get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in html
    client.post_form(f"{fiche_url(activity)}/statut",
              {"to": "termine", "ended_on": "2026-01-15", "version": str(activity.version)})
    db.session.expire_all()
    stored = db.session.get(Activity, activity.id)
    assert (stored.status, stored.ended_on) == (Status.TERMINE, date(2026, 1, 15))
    assert "Terminé" in client.get(fiche_url(activity)).get_data(as_text=True)


def test_transition_on_a_stale_version_answers_409(client, login, team):
    activity = make_activity(team["organisation"], status=Status.A_VALIDER)
    db.session.commit()
    login(team["responsable"])
    response = client.post_form(f"{fiche_url(activity)}/statut",
                         {"to": "en_service", "version": str(activity.version - 1 or 99)})
    assert response.status_code == 409
    assert "modifiée entre-temps" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == Status.A_VALIDER


def test_get_on_an_action_url_is_not_allowed(client, login, team):
    activity = make_activity(team["organisation"])
    db.session.commit()
    login(team["dpd"])
    assert client.get(f"{fiche_url(activity)}/statut").status_code == 405
    assert client.get(f"{fiche_url(activity)}/supprimer").status_code == 405
    assert db.session.get(Activity, activity.id) is not None


@pytest.mark.parametrize("data, status, message", [
    ({"to": "supprime"}, 400, None),
    ({}, 400, None),
    ({"to": "termine", "ended_on": "32/01/2026"}, 303, "Date invalide"),
])
def test_malformed_transition_requests_change_nothing(client, login, team, data, status,
                                                      message):
    activity = make_activity(team["organisation"], status=Status.EN_SERVICE)
    db.session.commit()
    login(team["responsable"])
    response = client.post_form(f"{fiche_url(activity)}/statut", data)
    assert response.status_code == status
    if message:
        assert message in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == Status.EN_SERVICE
    assert len(revisions(activity)) == 1


def test_fiche_with_actions_issues_a_bounded_number_of_queries(client, login, team,
                                                              count_queries):
    """The action buttons and the missing-elements list add no query per row."""
    def queries_for(rows: int) -> int:
        activity = make_activity(team["organisation"], status=Status.A_VALIDER,
                                 security_measures=[{"kind": "autre", "details": str(i)}
                                                    for i in range(rows)],
                                 data_categories=[{"category": "autre"}] * rows)
        db.session.commit()
        with count_queries() as statements:
            assert client.get(fiche_url(activity)).status_code == 200
        return len(statements)

    login(team["responsable"])
    assert queries_for(1) == queries_for(30)
