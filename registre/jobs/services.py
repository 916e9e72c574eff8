"""Creating jobs, reporting their progress, their files, and purging old ones.

A job's state lives in the ``job`` table only (never in a process's memory), so any web
process or machine can show the page of a job that any worker or thread is running.
"""
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from registre.dates import utcnow
from registre.extensions import db
from registre.models import Academie, Job, JobKind, JobStatus, Organisation, User

JOBS_SUBDIR = "taches"
# At most this many progress writes per second: a bar does not need more.
_PROGRESS_INTERVAL = 0.5
INTERRUPTED = ("La tâche a été interrompue (redémarrage du serveur ou du service de tâches) : "
               "relancez-la.")


class JobRefused(Exception):
    """An expected refusal inside a job; its French message is shown on the job's page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Outcome:
    """What a finished job produced: a French summary, maybe a file, maybe a next page."""

    message: str
    file_path: Path | None = None
    download_name: str = ""
    result: dict = field(default_factory=dict)


def new_job(kind: JobKind, user: User | None, params: dict, *,
            academie: Academie | None = None, organisation: Organisation | None = None,
            total: int = 0, message: str = "", back: dict | None = None) -> Job:
    """Create a waiting job (flushed); the caller commits, then enqueues it.

    ``back`` (``{"endpoint", "values", "text"}``) is the link its page offers until the job
    gives its own (so that a failed job does not leave the user at a dead end).
    """
    job = Job(id=secrets.token_urlsafe(18), kind=kind, status=JobStatus.WAITING,
              user_id=user.id if user is not None else None, params=params,
              result={"next": back} if back else {},
              academie_id=academie.id if academie is not None else None,
              organisation_id=organisation.id if organisation is not None else None,
              total=total, message=message or "En attente d'un processus de calcul…",
              created_at=utcnow())
    db.session.add(job)
    db.session.flush()
    return job



def fresh_job(job_id: str) -> Job | None:
    """Load a job as it is now in the database (not as an earlier query of this session saw it)."""
    return db.session.scalars(sa.select(Job).where(Job.id == job_id)
                              .execution_options(populate_existing=True)).first()


class Progress:
    """Write a job's progress on a connection of its own, committed at once, so that its page
    shows it while the job's own transaction is still open.

    On SQLite a job that writes in one transaction (an import: everything or nothing) holds
    the database lock, so its progress could not be written until the end: ``live`` is then
    False and the page shows the count when the job ends.
    """

    def __init__(self, job_id: str, live: bool = True):
        self.job_id = job_id
        self.live = live
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str | None = None) -> None:
        """Record ``done`` out of ``total`` (and a French message), at most twice a second."""
        now = time.monotonic()
        if not self.live or (now - self._last < _PROGRESS_INTERVAL and done < total):
            return
        self._last = now
        values = {"done": done, "total": total}
        if message:
            values["message"] = message
        with db.engine.begin() as connection:
            connection.execute(sa.update(Job).where(Job.id == self.job_id).values(**values))


def jobs_directory() -> Path:
    """The folder of the jobs' files, inside ``EXPORTS_DIR``."""
    directory = Path(current_app.config["EXPORTS_DIR"]) / JOBS_SUBDIR
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def job_file(job: Job) -> Path | None:
    """The file of a finished job, if it is still there."""
    if job.status != JobStatus.DONE or not job.file_name:
        return None
    path = jobs_directory() / job.file_name
    return path if path.is_file() else None


def files_days() -> int:
    """How many days a job's file is kept (``REGISTRE_JOB_FILES_DAYS``)."""
    return int(current_app.config["JOB_FILES_DAYS"])


def purge_jobs() -> tuple[int, int]:
    """Delete the files of jobs older than the retention, and mark as failed the jobs left
    running by a process that stopped; returns (files deleted, jobs marked interrupted)."""
    now = utcnow()
    expired = db.session.scalars(sa.select(Job).where(
        Job.file_name != "", Job.finished_at < now - timedelta(days=files_days()))).all()
    for job in expired:
        (jobs_directory() / job.file_name).unlink(missing_ok=True)
        job.file_name = ""
    stale = db.session.scalars(sa.select(Job).where(
        Job.status.in_([JobStatus.WAITING, JobStatus.RUNNING]),
        Job.created_at < now - timedelta(seconds=int(current_app.config["JOB_TIMEOUT"])))).all()
    for job in stale:
        job.status, job.message, job.finished_at = JobStatus.FAILED, INTERRUPTED, now
    return len(expired), len(stale)


def job_to_dict(job: Job, download_url: str | None) -> dict:
    """The JSON of a job (design §5), shared by the API and the job page's script."""
    return {"id": job.id, "kind": job.kind.value, "kind_label": job.kind.label,
            "status": job.status.value, "status_label": job.status.label,
            "progress": job.progress, "done": job.done, "total": job.total,
            "message": job.message, "download_url": download_url}


@dataclass(frozen=True)
class Task:
    """A kind of job: its function, and whether its progress can be shown while it runs on
    SQLite (not for work done in one transaction: see :class:`Progress`)."""

    name: str
    run: Callable[[Job, Progress], Outcome]
    live_on_sqlite: bool = True


# What each kind of job does: filled by the features' ``tasks.py`` (registre/tasks.py lists
# them), so that the runner below every feature never imports one.
TASKS: dict[JobKind, Task] = {}


def task(kind: JobKind, name: str, live_on_sqlite: bool = True):
    """Register the decorated function as what a job of ``kind`` does."""
    def register(run: Callable[[Job, Progress], Outcome]):
        TASKS[kind] = Task(name, run, live_on_sqlite)
        return run
    return register


def write_job_file(job: Job, extension: str, write: Callable) -> Path:
    """Write a job's file under a temporary name and rename it once complete."""
    path = jobs_directory() / f"{job.id}.{extension}"
    partial = path.with_name(path.name + ".partiel")
    try:
        with open(partial, "wb") as target:
            write(target)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def job_author(job: Job) -> User | None:
    """The account that started the job (None once deleted)."""
    return db.session.get(User, job.user_id) if job.user_id is not None else None
