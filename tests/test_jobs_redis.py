"""The production path of jobs: RQ over the real Redis (127.0.0.1:6379 in CI) and the worker
started by ``flask registre worker`` (design §10). Each test uses its own queue in Redis
database 14 and deletes its keys afterwards."""
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Job, JobStatus, Role
from tests.export_helpers import make_register, read_csv
from tests.factories import make_user
from tests.job_helpers import job_file, job_id_of
from tests.support import REQUIRE_SYSTEM_TOOLS

REDIS_URL = os.environ.get("REGISTRE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def redis_app(app):
    """The application with jobs on a private RQ queue; its keys are removed afterwards."""
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except RedisError:
        if REQUIRE_SYSTEM_TOOLS:
            pytest.fail(f"Redis est requis en CI ({REDIS_URL})")
        pytest.skip(f"Redis absent ({REDIS_URL})")
    queue = f"registre-test-{uuid.uuid4().hex[:12]}"
    app.config.update(REDIS_URL=REDIS_URL, JOBS_QUEUE=queue)
    yield app
    keys = [f"rq:{kind}:registre-{job_id}" for job_id in db.session.scalars(sa.select(Job.id))
            for kind in ("job", "results")]
    for worker in connection.scan_iter("rq:worker:*"):  # a stopped worker's key expires later
        if connection.hget(worker, "queues") == queue.encode():
            connection.srem("rq:workers", worker)
            keys.append(worker)
    connection.srem("rq:queues", f"rq:queue:{queue}")
    keys.extend(connection.scan_iter(f"rq:*{queue}*"))
    connection.delete(*keys)
    connection.close()


def run_worker(app) -> subprocess.CompletedProcess:
    """``flask registre worker --burst``: a separate process, as in production."""
    env = {**os.environ, "FLASK_APP": "registre:create_app", "REGISTRE_ENV": "testing",
           "REGISTRE_SECRET_KEY": "clé-du-worker",
           "REGISTRE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "REGISTRE_EXPORTS_DIR": app.config["EXPORTS_DIR"],
           "REGISTRE_REDIS_URL": app.config["REDIS_URL"],
           "REGISTRE_JOBS_QUEUE": app.config["JOBS_QUEUE"]}
    return subprocess.run([sys.executable, "-m", "flask", "registre", "worker", "--burst"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_an_export_waits_in_redis_until_a_worker_runs_it(redis_app, client, login):
    from redis import Redis
    from rq import Queue

    academie, organisation, other, activities, _, _ = make_register()
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    login(dpd)
    response = client.post_form(f"/academies/{academie.code}/export",
                                {"format": "csv", "status": "en_service", "as_of": ""})
    job_id = job_id_of(response)
    # No worker yet: the job waits in the queue, and its page says so.
    queue = Queue(redis_app.config["JOBS_QUEUE"], connection=Redis.from_url(REDIS_URL))
    assert queue.job_ids == [f"registre-{job_id}"]
    state = client.get(f"/taches/{job_id}/etat").get_json()
    assert state["status"] == "en_attente" and state["progress"] == 0
    page = client.get(f"/taches/{job_id}").get_data(as_text=True)
    assert "En attente" in page and 'http-equiv="refresh"' in page
    worker = run_worker(redis_app)
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert queue.job_ids == []
    rows = read_csv(job_file(client, response))
    assert {row[0] for row in rows[1:]} == {organisation.uai, other.uai}
    assert len(rows) == len(activities) + 2


def test_the_worker_runs_imports_and_model_fiches_too(redis_app, client, login, tmp_path):
    from registre.models import ActivityTemplate

    redis_app.config["IMPORTS_PENDING_DIR"] = str(tmp_path / "imports")
    academie, organisation, other, *_ = make_register()
    template = ActivityTemplate(academie_id=academie.id, name="Cantine",
                                payload={"name": "Cantine", "purpose": "Gérer la cantine."})
    db.session.add(template)
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    login(dpd)
    applied = client.post_form(f"/academies/{academie.code}/modeles/{template.id}/appliquer",
                               {"organisations": [str(organisation.id), str(other.id)]})
    document = client.get(f"/etablissements/{other.uai}/export.json").get_json()
    for activity in document["activities"]:
        activity["reference"] = ""  # the collège gives it its next free reference
    client.post_form(f"/etablissements/{organisation.uai}/import",
                     {"file": (io.BytesIO(json.dumps(document).encode()), "lycee.json")},
                     content_type="multipart/form-data")
    imported = client.post_form(f"/etablissements/{organisation.uai}/import/confirmer")
    worker = run_worker(redis_app)
    assert worker.returncode == 0, worker.stderr[-2000:]
    db.session.expire_all()
    jobs = {job.kind.value: job for job in db.session.scalars(sa.select(Job))}
    assert {jobs["application_modele"].id, jobs["import"].id} == {
        job_id_of(applied), job_id_of(imported)}
    assert all(job.status == JobStatus.DONE for job in jobs.values()), \
        [(job.kind, job.message) for job in jobs.values()]
    assert jobs["application_modele"].message.startswith("2 brouillon(s) créé(s)")
    assert jobs["import"].message.startswith("1 traitement(s) importé(s)")


def test_a_job_fails_cleanly_when_redis_is_down(app, client, login):
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0", JOBS_QUEUE="registre-injoignable")
    academie, *_, auditor = make_register()
    login(auditor)
    job_id = job_id_of(client.post_form(f"/academies/{academie.code}/export",
                                        {"format": "csv", "status": "tous", "as_of": ""}))
    state = client.get(f"/taches/{job_id}/etat").get_json()
    assert state["status"] == "echouee" and "Redis" in state["message"]
