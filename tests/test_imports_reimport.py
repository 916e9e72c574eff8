"""Re-importing our own XLSX export into the same school (issue 11, point 3): the preview
offers to renumber the imported fiches or to replace the fiches of the same reference,
instead of stopping on "référence déjà utilisée" with no way forward."""
import html
import io

import pytest
import sqlalchemy as sa

from registre.activities.services import list_activities
from registre.activities.versions import pending_version
from registre.extensions import db
from registre.history.services import latest_revision
from registre.models import Activity, PendingState, Revision, Role, Status
from tests.export_helpers import export_file
from tests.factories import make_activity, make_organisation, make_user
from tests.job_helpers import job_id_of, wait_for_job


@pytest.fixture(autouse=True)
def _pending_dir(app, tmp_path):
    app.config["IMPORTS_PENDING_DIR"] = str(tmp_path / "imports")


@pytest.fixture
def school(app):
    organisation = make_organisation()
    make_activity(organisation, name="Vie scolaire et notes", reference="T-001")
    make_activity(organisation, name="Cantine", reference="T-002", status=Status.EN_SERVICE)
    db.session.commit()
    return organisation


def _upload_own_export(client, organisation):
    data = export_file(organisation, "xlsx")
    response = client.post_form(f"/etablissements/{organisation.uai}/import",
                                {"file": (io.BytesIO(data), "registre.xlsx")},
                                content_type="multipart/form-data")
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[-2000:]
    return html.unescape(client.get(f"/etablissements/{organisation.uai}/import/apercu")
                         .get_data(as_text=True))


def _confirm(client, organisation, **choice):
    response = client.post_form(f"/etablissements/{organisation.uai}/import/confirmer", choice)
    state = wait_for_job(client, job_id_of(response))
    assert state["status"] == "terminee", state
    return state


def test_preview_offers_renumber_or_replace_instead_of_a_dead_end(school, client, login):
    login(make_user(Role.REDACTEUR, organisation=school))
    preview = _upload_own_export(client, school)
    assert "problème" not in preview  # nothing to fix in the file
    assert "2 fiches du fichier portent une référence déjà utilisée dans ce registre" in preview
    assert '<input checked id="references-0" name="references" type="radio" value="renumeroter">' \
        in preview
    assert 'value="remplacer"' in preview and "Remplacer les fiches de même référence" in preview
    assert "Importer ces 2 traitements" in preview


def test_renumber_imports_copies_with_new_references(school, client, login):
    login(make_user(Role.REDACTEUR, organisation=school))
    _upload_own_export(client, school)
    state = _confirm(client, school, references="renumeroter")
    assert "2 traitement(s) importé(s) en brouillon" in state["message"]
    activities = list_activities(school)
    assert [(a.reference, a.name, a.status) for a in activities] == [
        ("T-001", "Vie scolaire et notes", Status.BROUILLON),
        ("T-002", "Cantine", Status.EN_SERVICE),
        ("T-003", "Vie scolaire et notes", Status.BROUILLON),
        ("T-004", "Cantine", Status.BROUILLON)]


def test_replace_writes_the_file_over_the_fiche_of_same_reference(school, client, login):
    login(make_user(Role.RESPONSABLE, organisation=school))
    _upload_own_export(client, school)
    # Changed after the export: the import puts the exported content back.
    cantine = db.session.scalar(sa.select(Activity).where(Activity.reference == "T-002"))
    cantine.purpose = "Changée après l'export"
    db.session.commit()
    revisions = db.session.scalar(sa.select(sa.func.count(Revision.id)))
    state = _confirm(client, school, references="remplacer")
    assert "2 fiche(s) remplacée(s)" in state["message"]
    db.session.expire_all()
    activities = list_activities(school)
    assert len(activities) == 2 and activities[1].id == cantine.id
    assert activities[1].purpose != "Changée après l'export"
    assert activities[1].status == Status.EN_SERVICE  # same fiche, same status, history kept
    assert latest_revision(cantine.id).action == "import"
    assert db.session.scalar(sa.select(sa.func.count(Revision.id))) == revisions + 2


def test_a_redacteur_replacing_an_in_service_fiche_proposes_a_new_version(school, client,
                                                                          login):
    """A rédacteur edits drafts only: « Remplacer » gives the in-service fiche the file's
    content as a new version awaiting validation, as the fiche's own page would; the public
    page and the exports keep the version in service until a decider validates it."""
    login(make_user(Role.REDACTEUR, organisation=school))
    preview = _upload_own_export(client, school)
    assert "Contenu remplacé" in preview  # the draft
    assert "Nouvelle version à valider" in preview  # the in-service fiche
    cantine = db.session.scalar(sa.select(Activity).where(Activity.reference == "T-002"))
    cantine.purpose = "Changée après l'export"
    db.session.commit()
    version = cantine.version
    state = _confirm(client, school, references="remplacer")
    assert "1 fiche(s) remplacée(s)" in state["message"]
    assert "1 fiche(s) en service : le contenu du fichier attend d'être validé" in state["message"]
    db.session.expire_all()
    cantine = db.session.get(Activity, cantine.id)
    assert cantine.purpose == "Changée après l'export" and cantine.version == version
    pending = pending_version(cantine)
    assert pending is not None and pending.state == PendingState.A_VALIDER
    assert pending.data["purpose"] != "Changée après l'export"


@pytest.mark.parametrize("role", [Role.RESPONSABLE, Role.REDACTEUR])
def test_replacing_keeps_the_controller_of_the_fiche(school, client, login, role):
    """A file's controller is never read: a national fiche whose controller is the minister
    keeps it when its school re-imports its own export (it used to take the school's head)."""
    national = make_activity(school, name="LSU", reference="T-003", status=Status.EN_SERVICE,
                             controller={"title": "Ministre chargé de l'éducation nationale",
                                         "name": "Ministère de l'Éducation nationale"})
    db.session.commit()
    version = national.version
    login(make_user(role, organisation=school))
    _upload_own_export(client, school)
    state = _confirm(client, school, references="remplacer")
    db.session.expire_all()
    national = db.session.get(Activity, national.id)
    assert national.controller_title == "Ministre chargé de l'éducation nationale"
    if role == Role.REDACTEUR:  # the same content: nothing to validate
        assert "2 fiche(s) en service déjà identique(s) au fichier" in state["message"]
        assert pending_version(national) is None and national.version == version


def test_a_fiche_awaiting_validation_is_not_replaced_by_a_redacteur(school, client, login):
    waiting = make_activity(school, name="ENT", reference="T-003", status=Status.A_VALIDER)
    db.session.commit()
    login(make_user(Role.REDACTEUR, organisation=school))
    preview = _upload_own_export(client, school)
    assert "Impossible : choisissez « Renuméroter »" in preview
    response = client.post_form(f"/etablissements/{school.uai}/import/confirmer",
                                {"references": "remplacer"})
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert ("la fiche « ENT » (T-003) est au statut « À valider » : votre rôle ne permet pas "
            "de la remplacer") in page
    assert waiting.version == 1 and len(list_activities(school)) == 3


def test_without_a_choice_the_import_is_refused_and_nothing_written(school, client, login):
    login(make_user(Role.REDACTEUR, organisation=school))
    _upload_own_export(client, school)
    response = client.post_form(f"/etablissements/{school.uai}/import/confirmer")
    assert response.status_code == 302 and response.headers["Location"].endswith("/apercu")
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "la référence « T-001 » est déjà utilisée" in page
    assert len(list_activities(school)) == 2


def test_an_ended_fiche_is_never_replaced(school, client, login):
    ended = make_activity(school, name="Ancien ENT", reference="T-003", status=Status.TERMINE)
    db.session.commit()
    login(make_user(Role.RESPONSABLE, organisation=school))
    _upload_own_export(client, school)
    response = client.post_form(f"/etablissements/{school.uai}/import/confirmer",
                                {"references": "remplacer"})
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "la fiche « Ancien ENT » (T-003) est terminée" in page
    assert len(list_activities(school)) == 3 and ended.version == 1


def test_cli_renumbers_on_request(school, runner, tmp_path):
    path = tmp_path / "registre.xlsx"
    path.write_bytes(export_file(school, "xlsx"))
    refused = runner.invoke(args=["registre", "import", school.uai, str(path)])
    assert refused.exit_code != 0 and "déjà utilisée" in refused.output
    result = runner.invoke(args=["registre", "import", school.uai, str(path),
                                 "--references", "renumeroter"])
    assert result.exit_code == 0, result.output
    assert [a.reference for a in list_activities(school)] == ["T-001", "T-002", "T-003", "T-004"]
