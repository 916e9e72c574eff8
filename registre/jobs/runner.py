"""Running a job: on an RQ worker over Redis when ``REGISTRE_REDIS_URL`` is set, otherwise in
a background thread of the web process (the ``make run`` default, nothing else to start).

Both paths run the same :func:`perform`, inside an application context with a database
session of their own.
"""
import os
import threading

from flask import Flask, current_app

from registre.dates import utcnow
from registre.extensions import db
from registre.jobs.services import TASKS, JobRefused, Outcome, Progress, fresh_job
from registre.models import Job, JobStatus

FAILED = ("La tâche a échoué à cause d'une erreur inattendue ; elle a été enregistrée pour "
          "l'équipe technique. Réessayez plus tard ou contactez l'assistance.")
UNAVAILABLE = ("Le service de tâches (Redis) ne répond pas : la tâche n'a pas pu être lancée. "
               "Réessayez dans quelques minutes.")


def redis_connection(app: Flask | None = None):
    """A Redis client for ``REGISTRE_REDIS_URL``, or None when jobs run in threads."""
    url = (app or current_app).config.get("REDIS_URL")
    if not url:
        return None
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=10)


def queue(connection):
    """The RQ queue of this deployment (``REGISTRE_JOBS_QUEUE``)."""
    from rq import Queue

    return Queue(current_app.config["JOBS_QUEUE"], connection=connection)


def enqueue(job: Job) -> None:
    """Start a committed job: on the RQ queue, or in a thread; a Redis failure fails the job."""
    connection = redis_connection()
    if connection is None:
        app = current_app._get_current_object()
        thread = threading.Thread(target=_run_in_thread, args=(app, job.id), daemon=True,
                                  name=f"tache-{job.id[:8]}")
        _THREADS.add(thread)
        thread.start()
        return
    from redis.exceptions import RedisError

    try:
        queue(connection).enqueue(
            perform, job.id, job_id=f"registre-{job.id}",
            job_timeout=int(current_app.config["JOB_TIMEOUT"]),
            result_ttl=3600, failure_ttl=7 * 24 * 3600)
    except RedisError:
        current_app.logger.exception("Tâche %s : Redis injoignable", job.id)
        _fail(job.id, UNAVAILABLE)


# The job threads of this process (their state is in the database; this set only lets a
# caller wait for them: the tests, before they empty the database).
_THREADS: set[threading.Thread] = set()


def _run_in_thread(app: Flask, job_id: str) -> None:
    with app.app_context():
        try:
            perform(job_id)
        finally:
            db.session.remove()
            _THREADS.discard(threading.current_thread())


def wait_for_threads(timeout: float = 60) -> None:
    """Wait until the job threads started by this process have ended."""
    for thread in list(_THREADS):
        thread.join(timeout)


def perform(job_id: str) -> None:
    """Run a waiting job to its end, recording its outcome or its failure (French message;
    the traceback goes to the server log)."""
    job = fresh_job(job_id)
    if job is None or job.status != JobStatus.WAITING:
        return  # unknown, or already taken (a queue may deliver a job twice)
    task = TASKS[job.kind]
    job.status, job.started_at = JobStatus.RUNNING, utcnow()
    job.message = "En cours…"
    db.session.commit()
    live = task.live_on_sqlite or db.engine.dialect.name != "sqlite"
    try:
        outcome = task.run(job, Progress(job_id, live=live))
        _record(job, outcome)
        db.session.commit()
    except JobRefused as refusal:
        db.session.rollback()
        current_app.logger.warning("Tâche %s (%s) refusée : %s", job_id, task.name,
                                   refusal.message)
        _fail(job_id, refusal.message)
    except Exception:
        db.session.rollback()
        current_app.logger.exception("Tâche %s (%s) en échec (pid %s)", job_id, task.name,
                                     os.getpid())
        _fail(job_id, FAILED)


def _record(job: Job, outcome: Outcome) -> None:
    job = fresh_job(job.id)  # its counts were written by Progress on another connection
    if job is None:
        raise JobRefused("La tâche a été supprimée pendant son exécution.")
    job.status, job.finished_at = JobStatus.DONE, utcnow()
    job.done = job.total = max(job.total, job.done)
    job.message = outcome.message
    job.result = {**job.result, **outcome.result}
    if outcome.file_path is not None:
        job.file_name = outcome.file_path.name
        job.download_name = outcome.download_name


def _fail(job_id: str, message: str) -> None:
    job = fresh_job(job_id)
    if job is None:
        return
    job.status, job.finished_at, job.message = JobStatus.FAILED, utcnow(), message
    db.session.commit()
