"""The DPD's directory import page: upload → preview → confirm, permissions, refusals, history."""
import html
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from registre.directory import views as directory_views
from registre.extensions import db
from registre.models import Organisation, OrganisationChange, Role
from tests.factories import make_academie, make_organisation, make_user
from tests.job_helpers import job_id_of, wait_for_job

DATA = Path(__file__).resolve().parent / "data"
LABELS = DATA / "annuaire-libelles.csv"
FIELDS = DATA / "annuaire-champs.csv"


@pytest.fixture
def besancon(app):
    academie = make_academie(code="besancon", name="Besançon")
    db.session.commit()
    return academie


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def upload(client, path: Path, code: str = "besancon", name: str | None = None, **fields):
    data = {"file": (io.BytesIO(path.read_bytes()), name or path.name), **fields}
    return client.post_form(f"/academies/{code}/annuaire", data,
                            content_type="multipart/form-data")


def confirm(client, code: str = "besancon") -> dict:
    """Confirm the pending import and wait for its job to end; return the job's state."""
    state = wait_for_job(client, job_id_of(client.post_form(f"/academies/{code}/annuaire/confirmer")))
    assert state["status"] == "terminee", state
    return state


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_dpd_previews_then_confirms_and_a_second_run_changes_nothing(client, login, besancon):
    dpd = make_user(Role.DPD, academie=besancon)
    db.session.commit()
    login(dpd)
    assert 'href="/academies/besancon/annuaire"' in client.get("/").get_data(as_text=True)
    response = upload(client, LABELS)
    assert response.status_code == 302 and response.location.endswith("/annuaire/apercu")
    preview = text(client.get("/academies/besancon/annuaire/apercu"))
    assert "Établissements créés</th><td class=\"num\">12</td>" in preview
    assert "Ligne 13 : La lettre de contrôle de l'UAI « 0250010B » est incorrecte" in preview
    assert "« Etablissement pénitentiaire » : 1" in preview
    assert count(Organisation) == 0, "the preview writes nothing"

    # The import runs as a job (issue 15: 66,000 rows never run inside a request).
    response = client.post_form("/academies/besancon/annuaire/confirmer")
    state = wait_for_job(client, job_id_of(response))
    assert state["status"] == "terminee", state
    assert "Annuaire importé. Créés : 12 ; mis à jour : 0 ; fermés : 0." in state["message"]
    page = text(client.get(response.location))
    assert "Ligne 13 : La lettre de contrôle de l'UAI « 0250010B » est incorrecte" in page
    assert 'href="/"' in page
    assert count(Organisation) == 12
    assert list(Path(client.application.config["EXPORTS_DIR"]).rglob("*.annuaire.csv")) == []

    upload(client, LABELS)
    preview = text(client.get("/academies/besancon/annuaire/apercu"))
    assert "Aucun changement : le registre correspond déjà à ce fichier." in preview
    assert "/annuaire/confirmer" not in preview


def test_changes_are_written_to_the_history_the_dpd_can_read(client, login, besancon):
    dpd = make_user(Role.DPD, academie=besancon, name="Camille DPD")
    db.session.commit()
    login(dpd)
    upload(client, LABELS)
    confirm(client)
    upload(client, FIELDS, code_academie="03")
    preview = text(client.get("/academies/besancon/annuaire/apercu"))
    assert "par le code académie 03" in preview
    assert "<td>0250003T</td><th scope=\"row\">Collège Victor Hugo</th><td>Adresse</td>" in preview
    confirm(client)
    history = text(client.get("/etablissements/0250012C/modifications"))
    assert "fermé" in history and "État" in history
    assert "Annuaire de l'éducation (annuaire-champs.csv) — Camille DPD" in history
    home = client.get("/").get_data(as_text=True)
    assert '<span class="badge badge-ferme">fermé</span>' in home
    register = text(client.get("/etablissements/0250012C/traitements"))
    assert "son registre reste consultable et exportable" in register
    assert client.get("/etablissements/0250012C/export.json").status_code == 200
    public = text(client.get("/registre/0250012C"))
    assert "Cet établissement est fermé depuis le" in public
    assert {c.author_id for c in db.session.scalars(sa.select(OrganisationChange))} == {dpd.id}


@pytest.mark.parametrize("role, status", [(Role.REDACTEUR, 404), (Role.RESPONSABLE, 404),
                                          (Role.AUDITEUR, 403)])
def test_only_the_dpd_and_the_admin_import_the_directory(client, login, besancon, role, status):
    if role == Role.AUDITEUR:
        user = make_user(role, academie=besancon)
    else:
        user = make_user(role, organisation=make_organisation(besancon))
    db.session.commit()
    login(user)
    assert client.get("/academies/besancon/annuaire").status_code == status
    before = count(Organisation)
    assert upload(client, LABELS).status_code == status
    assert count(Organisation) == before


def test_another_academie_dpd_gets_404_and_the_admin_may_import(client, login, besancon):
    other_dpd = make_user(Role.DPD, academie=make_academie())
    admin = make_user(Role.ADMIN)
    db.session.commit()
    login(other_dpd)
    assert client.get("/academies/besancon/annuaire").status_code == 404
    client.post_form("/deconnexion")
    login(admin)
    assert "/academies/besancon/annuaire" in client.get("/admin/academies").get_data(as_text=True)
    assert upload(client, LABELS).status_code == 302


@pytest.mark.parametrize("content, name, message", [
    (b"Identifiant;Nom\n", "annuaire.csv", "il manque « identifiant_de_l_etablissement »"),
    ("Identifiant_de_l_etablissement;Nom\n0250001R;École".encode("latin-1"), "annuaire.csv",
     "n'est pas encodé en UTF-8"),
    (b"PK\x03\x04", "annuaire.xlsx", "Envoyez le fichier au format .csv."),
])
def test_unreadable_files_are_refused_in_french_and_nothing_is_kept(client, login, besancon,
                                                                    tmp_path, content, name,
                                                                    message):
    login(make_user(Role.DPD, academie=besancon))
    db.session.commit()
    path = tmp_path / "fichier"
    path.write_bytes(content)
    response = upload(client, path, name=name)
    assert response.status_code == 400
    assert message in text(response)
    assert client.get("/academies/besancon/annuaire/apercu").status_code == 302


def test_bad_code_academie_and_missing_file_are_refused(client, login, besancon):
    login(make_user(Role.DPD, academie=besancon))
    db.session.commit()
    response = upload(client, LABELS, code_academie="vingt-cinq")
    assert response.status_code == 400
    assert "Le code d'académie compte 1 à 3 chiffres." in text(response)
    response = client.post_form("/academies/besancon/annuaire", {},
                                content_type="multipart/form-data")
    assert "Choisissez le fichier de l'annuaire." in text(response)


def test_an_oversized_upload_gets_a_french_413(client, login, besancon, monkeypatch):
    login(make_user(Role.DPD, academie=besancon))
    db.session.commit()
    monkeypatch.setattr(directory_views, "MAX_DIRECTORY_BYTES", 1000)
    response = upload(client, LABELS)
    assert response.status_code == 413
    assert "Le fichier dépasse la limite de 100 Mo" in text(response)
    assert count(Organisation) == 0


def test_confirm_without_a_pending_file_or_with_another_users_asks_again(client, login,
                                                                        besancon, app):
    first = make_user(Role.DPD, academie=besancon)
    second = make_user(Role.DPD, academie=besancon)
    db.session.commit()
    login(first)
    upload(client, LABELS)
    with client.session_transaction() as session:
        token = session["pending_directory"]
    client.post_form("/deconnexion")
    login(second)
    with client.session_transaction() as session:
        session["pending_directory"] = token
    response = client.post_form("/academies/besancon/annuaire/confirmer")
    assert response.status_code == 302 and response.location.endswith("/annuaire")
    assert count(Organisation) == 0
    response = client.post_form("/academies/besancon/annuaire/annuler")
    assert response.status_code == 302


def test_history_page_is_scoped(client, login, besancon):
    organisation = make_organisation(besancon)
    outsider = make_user(Role.REDACTEUR, organisation=make_organisation(make_academie()))
    db.session.commit()
    login(outsider)
    assert client.get(f"/etablissements/{organisation.uai}/modifications").status_code == 404


def test_the_national_file_above_the_site_wide_limit_is_accepted(client, login, besancon, app):
    """The site refuses uploads over 6 Mo; the whole national directory is larger."""
    login(make_user(Role.DPD, academie=besancon))
    db.session.commit()
    lines = LABELS.read_bytes().splitlines(keepends=True)
    dijon = next(line for line in lines if b";Dijon;" in line)
    padding = dijon * (app.config["MAX_CONTENT_LENGTH"] // len(dijon) + 1)
    # Encoded in memory: the test client's own spooling of a large body leaves a file open.
    boundary, body = encode_multipart({
        "csrf_token": client.csrf_token(),
        "file": FileStorage(io.BytesIO(b"".join(lines) + padding),
                            "fr-en-annuaire-education.csv")})
    response = client.post("/academies/besancon/annuaire", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 302
    preview = text(client.get("/academies/besancon/annuaire/apercu"))
    assert "Établissements créés</th><td class=\"num\">12</td>" in preview
    assert "figure déjà ligne" not in preview, "other académies' rows are not checked"
