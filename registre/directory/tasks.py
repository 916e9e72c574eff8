"""The directory import as a background job (registre/jobs): the national file has some
66,000 rows, which never run inside a web request."""
from pathlib import Path

from registre.directory.reader import DirectoryRefused
from registre.directory.services import SOURCE, import_directory
from registre.extensions import db
from registre.jobs.services import (
    JobRefused,
    Outcome,
    Progress,
    job_author,
    jobs_directory,
    new_job,
    task,
)
from registre.models import Academie, Job, JobKind, User

_LISTED = 50  # problems named on the job's page; the report counts them all
GONE = "Le fichier de l'annuaire n'est plus disponible : envoyez-le à nouveau."


def _input_path(job: Job) -> Path:
    return jobs_directory() / job.params["input"]


def new_directory_job(academie: Academie, user: User, data: bytes, filename: str,
                      code_academie: str) -> Job:
    """Create the import job (flushed) and put the file where any worker reads it (beside
    the jobs' files); the caller commits, then enqueues it."""
    job = new_job(JobKind.DIRECTORY, user, {}, academie=academie,
                  back={"endpoint": "directory.upload", "values": {"code": academie.code},
                        "text": "Retour à l'import de l'annuaire"})
    job.params = {"input": f"{job.id}.annuaire.csv", "filename": filename,
                  "code_academie": code_academie}
    _input_path(job).write_bytes(data)
    return job


@task(JobKind.DIRECTORY, "annuaire", live_on_sqlite=False)
def run_directory_import(job: Job, progress: Progress) -> Outcome:
    """Create, update and close the académie's organisations, in one transaction."""
    academie = db.session.get(Academie, job.academie_id)
    path = _input_path(job)
    try:
        data = path.read_bytes()
    except OSError:
        raise JobRefused(GONE) from None
    try:
        report = import_directory(data, academie,
                                  code_academie=job.params.get("code_academie") or None,
                                  author=job_author(job), progress=progress,
                                  source=f"{SOURCE} ({job.params['filename']})")
    except DirectoryRefused as error:
        raise JobRefused(str(error)) from None
    finally:
        path.unlink(missing_ok=True)
    lines = [str(problem) for problem in report.problems[:_LISTED]]
    if len(report.problems) > _LISTED:
        lines.append(f"… et {len(report.problems) - _LISTED} autres lignes écartées.")
    return Outcome(message=f"Annuaire importé. {report.summary()}",
                   result={"lines": lines,
                           "next": {"endpoint": "organisations.home", "values": {},
                                    "text": "Voir les établissements"}})
