"""The web import: scope, upload → preview → confirm with CSRF, all or nothing, CLI."""
import html
import io
import json

import pytest
import sqlalchemy as sa

from registre.activities.services import list_activities
from registre.extensions import db
from registre.models import Activity, Role, Status
from tests.factories import (
    activity_data,
    make_academie,
    make_activity,
    make_organisation,
    make_user,
)
from tests.import_helpers import CNIL_ODS, cnil_fiche_rows, counts, xlsx_bytes
from tests.job_helpers import job_id_of, wait_for_job


@pytest.fixture(autouse=True)
def _pending_dir(app, tmp_path):
    """Pending imports go to the test's own folder, not to ``instance/``."""
    app.config["IMPORTS_PENDING_DIR"] = str(tmp_path / "imports")


def _upload(client, uai, data: bytes, filename: str):
    return client.post_form(f"/etablissements/{uai}/import",
                            {"file": (io.BytesIO(data), filename)},
                            content_type="multipart/form-data")


def test_upload_preview_confirm_creates_drafts(app, client, login):
    user = make_user(Role.REDACTEUR)
    uai = user.organisation.uai
    login(user)
    page = client.get(f"/etablissements/{uai}/import")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.get_data(as_text=True)
    assert 'name="csrf_token"' in page.get_data(as_text=True)
    before = counts()
    response = _upload(client, uai, CNIL_ODS.read_bytes(), CNIL_ODS.name)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/etablissements/{uai}/import/apercu")
    assert counts() == before
    preview = client.get(f"/etablissements/{uai}/import/apercu").get_data(as_text=True)
    assert "Gestion de la paie" in preview and "1 - EXEMPLE" in preview
    assert "Feuille « 4_-_Exemple_de_fiche »" in preview
    assert "modèle de registre CNIL (.ods)" in preview
    assert f'action="/etablissements/{uai}/import/confirmer"' in preview
    assert counts() == before
    # Without the CSRF token the confirmation is refused.
    assert client.post(f"/etablissements/{uai}/import/confirmer").status_code == 400
    assert counts() == before
    done = client.post_form(f"/etablissements/{uai}/import/confirmer")
    job_id = job_id_of(done)  # the drafts are created by a job, followed on its page
    assert wait_for_job(client, job_id)["status"] == "terminee"
    page = html.unescape(client.get(f"/taches/{job_id}").get_data(as_text=True))
    assert "1 traitement(s) importé(s) en brouillon" in page
    assert f'href="/etablissements/{uai}/traitements"' in page
    [activity] = list_activities(user.organisation)
    assert activity.name == "Gestion de la paie" and activity.status == Status.BROUILLON
    assert counts() == (before[0] + 1, before[1] + 1)
    # The pending import is consumed: confirming again creates nothing.
    again = client.post_form(f"/etablissements/{uai}/import/confirmer")
    assert again.status_code == 302 and again.headers["Location"].endswith("/import")
    assert counts() == (before[0] + 1, before[1] + 1)


def test_problems_are_listed_and_block_the_confirmation(app, client, login):
    user = make_user(Role.RESPONSABLE)
    uai = user.organisation.uai
    login(user)
    data = xlsx_bytes({"Fiche": cnil_fiche_rows(subject="Martiens", guarantee="Privacy shield")})
    assert _upload(client, uai, data, "fiche.xlsx").status_code == 302
    preview = client.get(f"/etablissements/{uai}/import/apercu").get_data(as_text=True)
    assert "2 problèmes à corriger" in preview
    assert "Feuille « Fiche », ligne 18 : Catégorie de personnes « Martiens » inconnu" in preview
    assert "Feuille « Fiche », ligne 24 : la garantie « Privacy shield »" in preview
    assert "/import/confirmer" not in preview
    before = counts()
    response = client.post_form(f"/etablissements/{uai}/import/confirmer")
    assert response.status_code == 302
    assert counts() == before


def test_confirm_is_all_or_nothing_when_a_reference_is_taken_meanwhile(app, client, login):
    user = make_user(Role.REDACTEUR)
    organisation = user.organisation
    login(user)
    document = {"activities": [activity_data(name="Un", reference="A-1"),
                               activity_data(name="Deux", reference="A-2")]}
    assert _upload(client, organisation.uai, json.dumps(document).encode(),
                   "r.json").status_code == 302
    make_activity(organisation, reference="A-2")
    db.session.commit()
    before = counts()
    response = client.post_form(f"/etablissements/{organisation.uai}/import/confirmer")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/import/apercu")
    assert counts() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)
                             .where(Activity.name == "Un")) == 0


def test_ids_uai_and_status_in_the_file_are_ignored(app, client, login):
    user = make_user(Role.REDACTEUR)
    other = make_organisation()
    login(user)
    document = {"organisation": {"uai": other.uai}, "activities": [activity_data(
        id=999, uai=other.uai, status="en_service", version=7, template_id=3,
        controller={"name": "Pirate"}, name="Importé")]}
    _upload(client, user.organisation.uai, json.dumps(document).encode(), "r.json")
    response = client.post_form(f"/etablissements/{user.organisation.uai}/import/confirmer")
    assert wait_for_job(client, job_id_of(response))["status"] == "terminee"
    [activity] = list_activities(user.organisation)
    assert activity.name == "Importé" and activity.id != 999
    assert activity.status == Status.BROUILLON and activity.version == 1
    assert activity.controller_name == user.organisation.controller_name
    assert list_activities(other) == []


def test_pending_import_is_kept_server_side_and_expires(app, client, login, tmp_path):
    user = make_user(Role.REDACTEUR)
    login(user)
    _upload(client, user.organisation.uai, CNIL_ODS.read_bytes(), CNIL_ODS.name)
    [pending] = (tmp_path / "imports").glob("*.json")
    record = json.loads(pending.read_text())
    assert record["user_id"] == user.id
    assert record["organisation_id"] == user.organisation.id
    assert record["payload"]["activities"][0]["name"] == "Gestion de la paie"
    record["created"] -= 2 * 3600
    pending.write_text(json.dumps(record))
    before = counts()
    response = client.post_form(f"/etablissements/{user.organisation.uai}/import/confirmer")
    assert response.headers["Location"].endswith("/import")
    assert counts() == before


def test_cancel_forgets_the_pending_import(app, client, login, tmp_path):
    user = make_user(Role.REDACTEUR)
    login(user)
    _upload(client, user.organisation.uai, CNIL_ODS.read_bytes(), CNIL_ODS.name)
    response = client.post_form(f"/etablissements/{user.organisation.uai}/import/annuler")
    assert response.status_code == 302
    assert list((tmp_path / "imports").glob("*.json")) == []
    assert client.get(f"/etablissements/{user.organisation.uai}/import/apercu"
                      ).headers["Location"].endswith("/import")


def test_pending_import_belongs_to_its_user(app, client, login):
    academie = make_academie()
    organisation = make_organisation(academie)
    writer = make_user(Role.REDACTEUR, organisation=organisation)
    dpd = make_user(Role.DPD, academie=academie)
    login(writer)
    _upload(client, organisation.uai, CNIL_ODS.read_bytes(), CNIL_ODS.name)
    with client.session_transaction() as session:
        token = session["pending_import"]
    client.post_form("/deconnexion")
    login(dpd)
    with client.session_transaction() as session:
        session["pending_import"] = token
    before = counts()
    response = client.post_form(f"/etablissements/{organisation.uai}/import/confirmer")
    assert response.headers["Location"].endswith("/import")
    assert counts() == before


@pytest.mark.parametrize("path", ["", "/apercu"])
def test_out_of_scope_is_404_and_auditeur_is_403(app, client, login, path):
    academie = make_academie()
    organisation = make_organisation(academie)
    stranger = make_organisation()
    auditeur = make_user(Role.AUDITEUR, academie=academie)
    writer = make_user(Role.REDACTEUR, organisation=organisation)
    login(writer)
    assert client.get(f"/etablissements/{stranger.uai}/import{path}").status_code == 404
    client.post_form("/deconnexion")
    login(auditeur)
    assert client.get(f"/etablissements/{organisation.uai}/import{path}").status_code == 403
    before = counts()
    response = _upload(client, organisation.uai, CNIL_ODS.read_bytes(), CNIL_ODS.name)
    assert response.status_code == 403
    assert client.post_form(f"/etablissements/{organisation.uai}/import/confirmer"
                            ).status_code == 403
    assert counts() == before


def test_register_list_links_to_the_import_for_writers_only(app, client, login):
    academie = make_academie()
    organisation = make_organisation(academie)
    writer = make_user(Role.REDACTEUR, organisation=organisation)
    auditeur = make_user(Role.AUDITEUR, academie=academie)
    link = f'href="/etablissements/{organisation.uai}/import"'
    login(writer)
    assert link in client.get(f"/etablissements/{organisation.uai}/traitements").get_data(
        as_text=True)
    client.post_form("/deconnexion")
    login(auditeur)
    assert link not in client.get(f"/etablissements/{organisation.uai}/traitements").get_data(
        as_text=True)


def test_anonymous_is_sent_to_login(app, client):
    organisation = make_organisation()
    response = client.get(f"/etablissements/{organisation.uai}/import")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_missing_file_and_wrong_extension_are_form_errors(app, client, login):
    user = make_user(Role.REDACTEUR)
    login(user)
    response = client.post_form(f"/etablissements/{user.organisation.uai}/import", {},
                                content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choisissez le fichier à importer." in response.get_data(as_text=True)
    response = _upload(client, user.organisation.uai, b"a;b", "registre.csv")
    assert response.status_code == 400
    assert "Format non pris en charge" in response.get_data(as_text=True)


def test_cli_dry_run_writes_nothing_then_imports(app, runner, tmp_path):
    organisation = make_organisation()
    db.session.commit()
    path = tmp_path / CNIL_ODS.name
    path.write_bytes(CNIL_ODS.read_bytes())
    before = counts()
    result = runner.invoke(args=["registre", "import", organisation.uai, str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Traitements lus : 1" in result.output
    assert "1 - EXEMPLE « Gestion de la paie »" in result.output
    assert "Simulation (--dry-run) : rien n'a été enregistré." in result.output
    assert counts() == before
    result = runner.invoke(args=["registre", "import", organisation.uai, str(path)])
    assert result.exit_code == 0, result.output
    assert "1 traitement(s) importé(s) en brouillon" in result.output
    assert counts() == (before[0] + 1, before[1] + 1)


def test_cli_problems_exit_non_zero_and_write_nothing(app, runner, tmp_path):
    organisation = make_organisation()
    db.session.commit()
    path = tmp_path / "fiche.xlsx"
    path.write_bytes(xlsx_bytes({"Fiche": cnil_fiche_rows(country="Atlantide")}))
    before = counts()
    result = runner.invoke(args=["registre", "import", organisation.uai, str(path)])
    assert result.exit_code == 1
    assert "Feuille « Fiche », ligne 24 : pays « Atlantide » inconnu" in result.output
    assert "import refusé : rien n'a été enregistré" in result.output
    assert counts() == before


@pytest.mark.parametrize(("args", "message"), [
    (["0000000A", "x.json"], "aucun établissement"),
    (["{uai}", "absent.json"], "introuvable"),
    (["{uai}", "{bomb}"], "au-delà de la limite de 50 Mo"),
])
def test_cli_refusals(app, runner, tmp_path, args, message):
    import zipfile
    organisation = make_organisation()
    db.session.commit()
    bomb = tmp_path / "bombe.ods"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b" " * (51 * 1024 * 1024))
    before = counts()
    result = runner.invoke(args=["registre", "import"] + [
        arg.format(uai=organisation.uai, bomb=bomb) for arg in args])
    assert result.exit_code == 1
    assert message in result.output
    assert counts() == before
