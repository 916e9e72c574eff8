"""The académie export as a background job (registre/jobs)."""
from datetime import date

from registre.exports.render import write_export
from registre.exports.services import (
    ExportError,
    academie_context,
    count_activities,
    export_filename,
)
from registre.jobs.services import JobRefused, Outcome, Progress, task, write_job_file
from registre.models import Job, JobKind


@task(JobKind.EXPORT, "export")
def run_export(job: Job, progress: Progress) -> Outcome:
    """Write an académie's register (any format) into the jobs folder."""
    params = job.params
    as_of = date.fromisoformat(params["as_of"]) if params.get("as_of") else None
    context = academie_context(job.academie, params.get("status"), as_of)
    fmt = params["format"]
    total = count_activities(context)
    progress(0, total, "Lecture et écriture des traitements…")
    written = {"count": 0}

    def report(count: int) -> None:
        written["count"] = count
        progress(count, max(total, count),
                 "Assemblage du fichier…" if count >= total else "Écriture des traitements…")

    try:
        path = write_job_file(job, fmt, lambda target: write_export(context, fmt, target, report))
    except ExportError as error:  # e.g. a PDF too long to be read: the message says what to do
        raise JobRefused(str(error)) from None
    return Outcome(message=f"Export prêt : {written['count']} traitement(s), "
                           f"format {fmt.upper()}.",
                   file_path=path, download_name=f"registre-{export_filename(context, fmt)}")
