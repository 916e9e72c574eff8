"""Background jobs without Redis (a thread of the web process): académie exports, progress
page, JSON state and API, scope of the file, purge (design §10)."""
import html
import io
import json
import os
from datetime import timedelta

import openpyxl
import pytest
import sqlalchemy as sa

from registre.dates import utcnow
from registre.extensions import db
from registre.jobs.services import Progress, jobs_directory
from registre.models import Activity, Job, JobKind, JobStatus, Role
from tests.api_helpers import call, token_for
from tests.export_helpers import make_register, read_csv
from tests.factories import make_user
from tests.job_helpers import job_file, job_id_of, wait_for_job


@pytest.fixture
def register(app):
    return make_register()


def start_export(client, code: str, **fields):
    return client.post_form(f"/academies/{code}/export",
                            {"format": "xlsx", "status": "en_service", "as_of": "", **fields})


def test_dpd_exports_the_academie_and_follows_the_job(client, login, register):
    academie, organisation, other, activities, _, _ = register
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    login(dpd)
    home = client.get("/").get_data(as_text=True)
    assert f'action="/academies/{academie.code}/export"' in home and 'name="format"' in home
    response = start_export(client, academie.code, format="csv", status="tous")
    job_id = job_id_of(response)
    assert len(job_id) >= 22  # random, not a counter
    state = wait_for_job(client, job_id)
    assert state["status"] == "terminee" and state["progress"] == 100
    assert state["done"] == state["total"] == len(activities) + 2  # with the draft
    page = client.get(f"/taches/{job_id}").get_data(as_text=True)
    assert "Terminée" in page and "100 %" in page
    assert f"{state['total']} sur {state['total']}" in page
    assert f'href="{state["download_url"]}"' in page
    assert "http-equiv=\"refresh\"" not in page  # finished: no more refreshing
    download = client.get(state["download_url"])
    assert download.headers["Content-Disposition"].startswith(
        f"attachment; filename=registre-{academie.code}-20")
    assert download.headers["Cache-Control"] == "no-store"
    rows = read_csv(download.data)
    download.close()
    assert {row[0] for row in rows[1:]} >= {organisation.uai, other.uai}
    assert len(rows) == len(activities) + 3


def test_a_running_job_page_refreshes_itself_and_loads_its_script(client, login, register):
    academie = register[0]
    dpd = make_user(Role.DPD, academie=academie)
    job = Job(id="a" * 24, kind=JobKind.EXPORT, status=JobStatus.RUNNING, done=3, total=12,
              message="Écriture des traitements…", params={}, academie_id=academie.id)
    db.session.add(job)
    db.session.commit()
    login(dpd)
    page = client.get(f"/taches/{job.id}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'value="25"' in page and "3 sur 12" in page and "25 %" in page
    assert "/static/job-progress.js" in page and "<script>" not in page
    script = client.get("/static/job-progress.js")
    assert script.status_code == 200 and b"data-state-url" in script.data
    script.close()
    state = client.get(f"/taches/{job.id}/etat").get_json()
    assert state == {"id": job.id, "kind": "export", "kind_label": JobKind.EXPORT.label,
                     "status": "en_cours", "status_label": "En cours", "progress": 25,
                     "done": 3, "total": 12, "message": "Écriture des traitements…",
                     "download_url": None}


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "json", "pdf"])
def test_every_format_is_a_job_with_a_file(client, login, register, fmt):
    academie, organisation, other, activities, _, auditor = register
    login(auditor)
    data = job_file(client, start_export(client, academie.code, format=fmt))
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        assert workbook.sheetnames[:2] == ["Registre", "Vue complète"]
        workbook.close()
    elif fmt == "json":
        document = json.loads(data)
        assert len(document["activities"]) == len(activities) + 1
    else:
        assert data[:4] in (b"PK\x03\x04", b"%PDF")


def test_the_export_link_shows_a_form_and_starts_nothing(client, login, register):
    academie, *_, auditor = register
    login(auditor)
    page = client.get(f"/academies/{academie.code}/export.ods?status=tous")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'selected value="ods"' in html and 'selected value="tous"' in html
    assert "Lancer l'export" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


@pytest.mark.parametrize("fields, message", [
    ({"as_of": "2026-02-30"}, "invalide : indiquez as_of au format AAAA-MM-JJ"),
    ({"as_of": "2999-01-01"}, "dans le futur"),
    ({"status": "actif"}, "Valeur inconnue"),
    ({"format": "docx"}, "Valeur inconnue"),
])
def test_bad_export_requests_are_refused_and_start_nothing(client, login, register, fields,
                                                           message):
    academie, *_, auditor = register
    login(auditor)
    response = start_export(client, academie.code, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_a_job_is_only_seen_within_its_scope(app, client, login, register):
    academie, organisation, *_ = register
    dpd = make_user(Role.DPD, academie=academie)
    stranger = make_user(Role.DPD)  # another académie's DPD
    responsable = make_user(Role.RESPONSABLE, organisation=organisation)
    db.session.commit()
    login(dpd)
    job_id = job_id_of(start_export(client, academie.code))
    state = wait_for_job(client, job_id)
    client.post_form("/deconnexion")
    paths = [f"/taches/{job_id}", f"/taches/{job_id}/etat", f"/taches/{job_id}/fichier"]
    assert client.get(paths[0]).status_code == 302  # anonymous: to the login page
    for user in (stranger, responsable):  # a school's staff do not see the académie's file
        login(user)
        assert [client.get(path).status_code for path in paths] == [404, 404, 404]
        assert client.get("/taches/" + "x" * 24).status_code == 404
        client.post_form("/deconnexion")
    # The API answers the same, with the fields of design §5.
    api = call(client, "GET", f"/api/v1/jobs/{job_id}", token_for(dpd)).get_json()
    assert {"id", "kind", "status", "progress", "message", "download_url"} <= set(api)
    assert api["status"] == "terminee" and api["download_url"].endswith("/fichier")
    assert api["download_url"].startswith("http")
    download = call(client, "GET", api["download_url"], token_for(dpd))
    assert download.status_code == 200 and download.data[:2] == b"PK"
    download.close()
    # Hostile case 38: a forged Host never reaches the link once the site's address is set.
    app.config["REGISTRE_BASE_URL"] = "https://registre.ac-test.fr"
    forged = call(client, "GET", f"/api/v1/jobs/{job_id}", token_for(dpd),
                  headers={"Host": "evil.example"}).get_json()
    assert forged["download_url"] == f"https://registre.ac-test.fr/api/v1/jobs/{job_id}/fichier"
    assert call(client, "GET", f"/api/v1/jobs/{job_id}", token_for(stranger)).status_code == 404
    assert call(client, "GET", f"/api/v1/jobs/{job_id}").status_code == 401
    assert state["download_url"] == f"/taches/{job_id}/fichier"


def test_files_are_deleted_after_the_configured_days(app, client, login, runner, register):
    academie, *_, auditor = register
    app.config["JOB_FILES_DAYS"] = 3
    login(auditor)
    job_id = job_id_of(start_export(client, academie.code))
    assert wait_for_job(client, job_id)["status"] == "terminee"
    job = db.session.get(Job, job_id)
    path = jobs_directory() / job.file_name
    assert path.is_file()
    job.finished_at = utcnow() - timedelta(days=2)
    stuck = Job(id="s" * 24, kind=JobKind.EXPORT, status=JobStatus.RUNNING, params={},
                academie_id=academie.id, created_at=utcnow() - timedelta(days=1))
    db.session.add(stuck)
    db.session.commit()
    result = runner.invoke(args=["registre", "refresh-findings"])
    assert "0 fichier(s) de plus de 3 jours supprimé(s), 1 tâche(s) interrompue(s)" \
        in result.output
    assert path.is_file()
    job.finished_at = utcnow() - timedelta(days=4)
    db.session.commit()
    result = runner.invoke(args=["registre", "refresh-findings"])
    assert "1 fichier(s) de plus de 3 jours supprimé(s)" in result.output
    assert not path.exists()
    page = client.get(f"/taches/{job_id}").get_data(as_text=True)
    assert "Le fichier a été supprimé (conservation de 3 jours)" in page
    response = client.get(f"/taches/{job_id}/fichier")
    assert response.status_code == 404
    assert "relancez l'export" in html.unescape(response.get_data(as_text=True))
    assert "interrompue" in client.get(f"/taches/{stuck.id}/etat").get_json()["message"]


def test_a_failing_export_says_so_in_french_and_leaves_no_file(client, login, register,
                                                               monkeypatch, caplog):
    academie, *_, auditor = register

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr("registre.exports.tasks.write_export", broken)
    login(auditor)
    job_id = job_id_of(start_export(client, academie.code))
    state = wait_for_job(client, job_id)
    assert state["status"] == "echouee" and state["download_url"] is None
    assert state["message"].startswith("La tâche a échoué")
    page = client.get(f"/taches/{job_id}").get_data(as_text=True)
    assert "No space" not in page
    assert 'href="/">Retour à mes registres</a>' in page  # never a dead end
    assert any(record.levelname == "ERROR" and job_id in record.getMessage()
               for record in caplog.records)
    assert os.listdir(jobs_directory()) == []


def test_progress_is_written_outside_the_jobs_transaction(app, register):
    academie = register[0]
    job = Job(id="p" * 24, kind=JobKind.EXPORT, status=JobStatus.RUNNING, params={},
              academie_id=academie.id)
    db.session.add(job)
    db.session.commit()
    progress = Progress(job.id)
    progress(5, 20, "Écriture des traitements…")
    db.session.rollback()  # whatever the job's own transaction does, the progress stays
    db.session.expire_all()
    assert (job.done, job.total, job.progress) == (5, 20, 25)
    progress(6, 20)  # at most twice a second: not written yet
    db.session.expire_all()
    assert job.done == 5
    progress(20, 20)  # the last step always is
    db.session.expire_all()
    assert job.done == 20


def test_an_import_refused_inside_its_job_writes_nothing(app, register):
    from registre.jobs.runner import perform
    from tests.factories import activity_data, make_activity

    academie, organisation, *_ = register
    job = Job(id="i" * 24, kind=JobKind.IMPORT, status=JobStatus.WAITING,
              organisation_id=organisation.id, academie_id=academie.id,
              params={"payload": {"source": "json", "activities": [
                  activity_data(name="Nouveau", reference="N-1"),
                  activity_data(name="Doublon", reference="N-2")],
                  "origins": ["fiche 1", "fiche 2"], "problems": [], "notes": []}})
    db.session.add(job)
    make_activity(organisation, reference="N-2")  # taken after the preview
    db.session.commit()
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Activity))
    perform(job.id)
    db.session.expire_all()
    assert job.status == JobStatus.FAILED
    assert "la référence « N-2 » est déjà utilisée" in job.message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == before
    perform(job.id)  # a job delivered twice runs once
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == before
