"""Stored findings equal freshly computed ones after every kind of change (design §10)."""
import io
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from registre import dates
from registre.activities.services import create_activity
from registre.compliance.services import activity_findings, activity_score, count_severities
from registre.compliance.stored import findings_of
from registre.extensions import db
from registre.models import (
    Activity,
    ActivityCompliance,
    ActivityTemplate,
    Job,
    JobKind,
    JobStatus,
    Role,
)
from tests.api_helpers import call, token_for
from tests.compliance_helpers import make_microsoft, microsoft_2015_overrides
from tests.factories import (
    activity_data,
    make_academie,
    make_activity,
    make_organisation,
    make_user,
)
from tests.job_helpers import job_id_of, wait_for_job


@pytest.fixture
def world(app, frozen_clock):
    """An académie with Microsoft in its catalogue, a model fiche, two schools, three fiches."""
    academie = make_academie(code="versailles", name="Versailles")
    microsoft = make_microsoft(academie)
    college = make_organisation(academie, name="Collège Jean Moulin")
    ecole = make_organisation(academie, name="École Jaurès", kind="ecole")
    office = make_activity(college, **microsoft_2015_overrides(microsoft))
    photos = make_activity(college, name="Photos de classe", status="en_service",
                           legal_bases=[{"basis": "6.1.a"}], consent_required=True,
                           consent_signatories="responsables_legaux",
                           consent_text={"title": "Autorisation photo"},
                           last_reviewed_on="2026-09-01")
    template = ActivityTemplate(academie_id=academie.id, name="Cantine",
                                payload={"name": "Cantine", "purpose": "Gérer la cantine."})
    db.session.add(template)
    db.session.flush()
    cantine = create_activity(ecole, activity_data(name="Cantine"), None,
                              template_id=template.id)
    users = {"dpd": make_user(Role.DPD, academie=academie), "admin": make_user(Role.ADMIN),
             "responsable": make_user(Role.RESPONSABLE, organisation=college)}
    db.session.commit()
    return {"academie": academie, "microsoft": microsoft, "college": college, "ecole": ecole,
            "office": office, "photos": photos, "cantine": cantine, "template": template,
            **users}


def stored_rules(activity) -> list[str]:
    db.session.expire_all()
    return [finding.rule for finding in findings_of([activity.id])[activity.id]]


def assert_stored_equals_fresh(today: date) -> None:
    """Every activity's stored findings, counts and score are what the rules say now."""
    db.session.expire_all()
    activities = db.session.scalars(sa.select(Activity).order_by(Activity.id)).all()
    stored = findings_of([activity.id for activity in activities])
    summaries = {row.activity_id: row for row in db.session.scalars(sa.select(ActivityCompliance))}
    assert set(summaries) == {activity.id for activity in activities}
    for activity in activities:
        fresh = activity_findings(activity, today)
        assert stored[activity.id] == fresh, activity.name
        summary = summaries[activity.id]
        counts = count_severities(fresh)
        assert (summary.errors, summary.warnings, summary.score) == (
            counts["erreur"], counts["avertissement"], activity_score(fresh)), activity.name
        assert summary.computed_on == today
        assert summary.activity_version == activity.version


def test_activity_edit_and_row_change_through_the_api(world, client, frozen_clock):
    office = world["office"]
    token = token_for(world["responsable"])
    assert "information-manquante" in stored_rules(office)
    current = call(client, "GET", f"/api/v1/activities/{office.id}", token).get_json()
    current["informed"] = "oui"
    current["information_channel"] = "Courrier aux familles"
    response = call(client, "PUT", f"/api/v1/activities/{office.id}", token, current)
    assert response.status_code == 200, response.get_json()
    assert "information-manquante" not in stored_rules(office)
    assert_stored_equals_fresh(dates.today())

    current = response.get_json()
    current["security_measures"] = []  # a row list emptied: an art. 30 element goes missing
    response = call(client, "PUT", f"/api/v1/activities/{office.id}", token, current)
    assert response.status_code == 200, response.get_json()
    assert "art30-incomplet" in stored_rules(office)
    assert_stored_equals_fresh(dates.today())


def test_processor_edit_recomputes_every_fiche_naming_it(world, client, login, frozen_clock):
    office = world["office"]
    assert "contrat-sous-traitant" in stored_rules(office)
    login(world["dpd"])
    url = f"/academies/versailles/sous-traitants/{world['microsoft'].id}/modifier"
    response = client.post_form(url, {
        "name": "Microsoft", "legal_entity": "Microsoft Ireland Operations Ltd",
        "jurisdiction": "IE", "contract_signed": "oui", "contract_date": "2025-09-01",
        "datacenter_countries": "IE", "access_from_outside_eu": "non"}, follow_redirects=True)
    assert "recalculés en arrière-plan" in response.get_data(as_text=True)
    job = db.session.scalars(sa.select(Job)).one()
    assert job.kind == JobKind.REFRESH_FINDINGS and job.total == 1
    assert wait_for_job(client, job.id)["status"] == "terminee"
    rules = stored_rules(office)
    assert "contrat-sous-traitant" not in rules and "juridiction-hors-ue" not in rules
    assert_stored_equals_fresh(dates.today())


def test_organisation_edit_recomputes_its_fiches(world, client, login, frozen_clock):
    photos, college = world["photos"], world["college"]
    assert "consentement-public" in stored_rules(photos)
    login(world["admin"])
    response = client.post_form(f"/admin/etablissements/{college.uai}/modifier", {
        "uai": college.uai, "name": "Collège Jean Moulin (privé)", "kind": "college",
        "sector": "prive_sous_contrat", "academie": str(world["academie"].id),
        "commune": "Versailles", "postal_code": "78000", "address": "1 rue de Paris",
        "controller_title": "Chef d'établissement", "controller_name": "Mme Directrice",
        "controller_email": "ce@college.fr", "controller_phone": ""})
    assert response.status_code == 302
    assert "consentement-public" not in stored_rules(photos)
    assert_stored_equals_fresh(dates.today())


def test_academie_dpd_edit_recomputes_the_academie(world, client, login, frozen_clock):
    office = world["office"]
    assert not any(f.field == "dpd" for f in findings_of([office.id])[office.id])
    login(world["admin"])
    response = client.post_form("/admin/academies/versailles/modifier", {
        "code": "versailles", "name": "Versailles", "dpd_name": "", "dpd_email": "",
        "dpd_phone": "", "dpd_address": "", "rights_contact": ""})
    assert response.status_code == 302
    job = db.session.scalars(sa.select(Job)).one()
    assert wait_for_job(client, job.id)["status"] == "terminee"
    db.session.expire_all()
    assert any(f.field == "dpd" for f in findings_of([office.id])[office.id])
    assert_stored_equals_fresh(dates.today())


def test_template_edit_recomputes_the_fiches_made_from_it(world, client, login, frozen_clock):
    login(world["dpd"])
    response = client.post_form(
        f"/academies/versailles/modeles/{world['template'].id}/modifier",
        {"name": "Restauration scolaire", "description": "Inscriptions et facturation"})
    assert response.status_code == 302
    job = db.session.scalars(sa.select(Job)).one()
    assert job.params == {"scope": "modele", "id": world["template"].id} and job.total == 1
    assert wait_for_job(client, job.id)["status"] == "terminee"
    assert_stored_equals_fresh(dates.today())


def test_days_passing_are_caught_by_the_daily_command(world, runner, frozen_clock):
    photos = world["photos"]
    assert "revue-en-retard" not in stored_rules(photos)
    frozen_clock.set(datetime(2027, 10, 2, 12, 0))  # more than 12 months after the last review
    assert "revue-en-retard" in [f.rule for f in activity_findings(photos, dates.today())]
    assert "revue-en-retard" not in stored_rules(photos)  # nothing recomputes by itself
    result = runner.invoke(args=["registre", "refresh-findings"])
    assert result.exit_code == 0, result.output
    assert "3 traitement(s) relu(s)" in result.output
    assert "revue-en-retard" in stored_rules(photos)
    assert_stored_equals_fresh(dates.today())
    # A second run changes nothing, and says so.
    again = runner.invoke(args=["registre", "refresh-findings", "--academie", "versailles"])
    assert "3 traitement(s) relu(s), 0 modifié(s)" in again.output


def test_import_stores_the_findings_of_the_new_drafts(world, app, client, login, frozen_clock,
                                                      tmp_path):
    app.config["IMPORTS_PENDING_DIR"] = str(tmp_path / "imports")
    login(world["dpd"])
    exported = client.get(f"/etablissements/{world['college'].uai}/export.json")
    response = client.post_form(f"/etablissements/{world['ecole'].uai}/import",
                                {"file": (io.BytesIO(exported.data), "registre.json")},
                                content_type="multipart/form-data")
    assert response.status_code == 302
    response = client.post_form(f"/etablissements/{world['ecole'].uai}/import/confirmer")
    assert wait_for_job(client, job_id_of(response))["status"] == "terminee"
    assert db.session.scalar(sa.select(sa.func.count(Activity.id))) == 4
    assert_stored_equals_fresh(dates.today())


def test_apply_model_stores_the_findings_of_every_draft(world, client, login, frozen_clock):
    login(world["dpd"])
    organisation_ids = [str(world["college"].id), str(world["ecole"].id)]
    response = client.post_form(
        f"/academies/versailles/modeles/{world['template'].id}/appliquer",
        {"organisations": organisation_ids})
    state = wait_for_job(client, job_id_of(response))
    # The école already has its « Cantine » from this model: it is skipped (issue 11 point 7).
    assert state["status"] == "terminee" and state["done"] == state["total"] == 1
    assert db.session.scalar(sa.select(sa.func.count(Activity.id))) == 4
    assert_stored_equals_fresh(dates.today())


def test_workflow_and_deletion_keep_stored_findings_in_step(world, client, login, frozen_clock):
    cantine = world["cantine"]
    login(world["dpd"])
    url = f"/etablissements/{world['ecole'].uai}/traitements/{cantine.id}"
    response = client.post_form(f"{url}/statut", {"to": "a_valider",
                                                      "version": str(cantine.version)})
    assert response.status_code == 303
    assert_stored_equals_fresh(dates.today())
    response = client.post_form(f"{url}/statut", {"to": "brouillon", "comment": "À revoir",
                                                      "version": str(cantine.version)})
    assert response.status_code == 303
    assert client.post_form(f"{url}/supprimer").status_code in (302, 303)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActivityCompliance)) == 2
    assert_stored_equals_fresh(dates.today())


def test_a_failed_refresh_job_is_shown_and_logged(world, client, login, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("registre.compliance.tasks.refresh_findings", broken)
    login(world["dpd"])
    client.post_form(f"/academies/versailles/modeles/{world['template'].id}/modifier",
                     {"name": "Cantine scolaire", "description": ""})
    job = db.session.scalars(sa.select(Job)).one()
    state = wait_for_job(client, job.id)
    assert state["status"] == "echouee" and "erreur inattendue" in state["message"]
    assert "disque plein" not in state["message"]
    page = client.get(f"/taches/{job.id}").get_data(as_text=True)
    assert "Échouée" in page and "erreur inattendue" in page
    assert any("disque plein" in (record.exc_text or "") for record in caplog.records)
    assert db.session.get(Job, job.id).status == JobStatus.FAILED
