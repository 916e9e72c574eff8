"""Compliance work as background jobs: the académie workbook, recomputing stored findings."""
from registre.compliance.export import matrix_xlsx
from registre.compliance.stored import count_activities, refresh_condition, refresh_findings
from registre.dates import today
from registre.extensions import db
from registre.jobs.services import Outcome, Progress, new_job, task, write_job_file
from registre.models import Academie, Job, JobKind, User


@task(JobKind.COMPLIANCE_EXPORT, "export_conformite")
def run_compliance_export(job: Job, progress: Progress) -> Outcome:
    """Write the académie's compliance matrix and every finding as XLSX."""
    progress(0, 1, "Lecture des constats…")
    body = matrix_xlsx(job.academie, job.params.get("sort", "nom"),
                       bool(job.params.get("descending")))
    path = write_job_file(job, "xlsx", lambda target: target.write(body))
    return Outcome(message="Tableau de conformité prêt.", file_path=path,
                   download_name=f"conformite-{job.academie.code}-{today()}.xlsx")


@task(JobKind.REFRESH_FINDINGS, "recalcul_constats")
def run_refresh(job: Job, progress: Progress) -> Outcome:
    """Recompute the stored findings of the activities concerned, committing each batch."""
    condition = refresh_condition(job.params.get("scope", "tout"), job.params.get("id"))
    counted = {"total": 0}

    def after_batch(done: int, total: int) -> None:
        db.session.commit()
        counted["total"] = total
        progress(done, total, "Recalcul des constats…")

    changed = refresh_findings(condition, after_batch=after_batch)
    return Outcome(message=f"Constats recalculés : {counted['total']} traitement(s) relus, "
                           f"{changed} modifié(s).")


def new_refresh_job(user: User | None, scope: str, object_id: int | None,
                    academie: Academie | None) -> Job | None:
    """A job recomputing the stored findings of the activities a change concerns (a processor,
    a model fiche, an académie's DPD…), or None when no activity is concerned."""
    total = count_activities(refresh_condition(scope, object_id))
    if not total:
        return None
    return new_job(JobKind.REFRESH_FINDINGS, user, {"scope": scope, "id": object_id},
                   academie=academie, total=total)


def refresh_notice(job: Job | None) -> str | None:
    """The French sentence telling the user that findings are being recomputed."""
    if job is None:
        return None
    return (f"Les constats de conformité des {job.total} traitement(s) concerné(s) sont "
            "recalculés en arrière-plan ; les tableaux de bord seront à jour dans quelques "
            "instants.")
