"""What each kind of job does: thin glue between a job's parameters and a feature's service.

Every task receives the job and a :class:`Progress` and returns an :class:`Outcome`; it
raises :class:`JobRefused` with a French message for an expected refusal. Files are written
under a temporary name and renamed once complete.
"""
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from registre.catalogue.services import CatalogueError, apply_template
from registre.compliance.export import matrix_xlsx
from registre.compliance.services import today_in_paris
from registre.compliance.stored import refresh_condition, refresh_findings
from registre.exports.render import write_export
from registre.exports.services import (
    ExportError,
    academie_context,
    count_activities,
    export_filename,
)
from registre.extensions import db
from registre.imports.payload import ParsedImport
from registre.imports.safety import ImportRefused
from registre.imports.services import commit_import
from registre.jobs.services import JobRefused, Outcome, Progress, jobs_directory
from registre.models import ActivityTemplate, Job, JobKind, Organisation, User

_LISTED = 50


def _write_file(job: Job, extension: str, write: Callable) -> os.PathLike:
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
        path = _write_file(job, fmt, lambda target: write_export(context, fmt, target, report))
    except ExportError as error:  # e.g. a PDF too long to be read: the message says what to do
        raise JobRefused(str(error)) from None
    return Outcome(message=f"Export prêt : {written['count']} traitement(s), "
                           f"format {fmt.upper()}.",
                   file_path=path, download_name=f"registre-{export_filename(context, fmt)}")


def run_compliance_export(job: Job, progress: Progress) -> Outcome:
    """Write the académie's compliance matrix and every finding as XLSX."""
    progress(0, 1, "Lecture des constats…")
    body = matrix_xlsx(job.academie, job.params.get("sort", "nom"),
                       bool(job.params.get("descending")))
    path = _write_file(job, "xlsx", lambda target: target.write(body))
    return Outcome(message="Tableau de conformité prêt.", file_path=path,
                   download_name=f"conformite-{job.academie.code}-{today_in_paris()}.xlsx")


def run_import(job: Job, progress: Progress) -> Outcome:
    """Create the previewed activities as drafts, all or none."""
    organisation = db.session.get(Organisation, job.organisation_id)
    parsed = ParsedImport.from_json(job.params["payload"])
    try:
        created = commit_import(organisation, parsed, _author(job), progress)
    except ImportRefused as error:
        raise JobRefused(error.message) from None
    return Outcome(message=f"{len(created)} traitement(s) importé(s) en brouillon dans le "
                           f"registre de {organisation.name}.",
                   result={"next": {"endpoint": "activities.index",
                                    "values": {"uai": organisation.uai},
                                    "text": "Voir le registre"}})


def run_apply_template(job: Job, progress: Progress) -> Outcome:
    """Create a draft from a model fiche in each chosen organisation, all or none."""
    template = db.session.get(ActivityTemplate, job.params["template_id"])
    if template is None or template.academie_id != job.academie_id:
        raise JobRefused("Le modèle a été supprimé entre-temps : aucun brouillon n'a été créé.")
    try:
        created = apply_template(template, job.params["organisation_ids"], _author(job),
                                 progress)
    except CatalogueError as error:
        raise JobRefused(str(error)) from None
    lines = [f"{a.organisation.name} ({a.organisation.uai}) — {a.reference}"
             for a in created[:_LISTED]]
    if len(created) > _LISTED:
        lines.append(f"… et {len(created) - _LISTED} autres.")
    return Outcome(message=f"{len(created)} brouillon(s) créé(s) à partir du modèle "
                           f"« {template.name} ».",
                   result={"lines": lines,
                           "next": {"endpoint": "catalogue.templates",
                                    "values": {"code": job.academie.code},
                                    "text": "Retour aux modèles"}})


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


def _author(job: Job) -> User | None:
    return db.session.get(User, job.user_id) if job.user_id is not None else None


@dataclass(frozen=True)
class Task:
    """A kind of job: its function, and whether its progress can be shown while it runs on
    SQLite (not for work done in one transaction: see :class:`Progress`)."""

    name: str
    run: Callable[[Job, Progress], Outcome]
    live_on_sqlite: bool = True


TASKS = {
    JobKind.EXPORT: Task("export", run_export),
    JobKind.COMPLIANCE_EXPORT: Task("export_conformite", run_compliance_export),
    JobKind.IMPORT: Task("import", run_import, live_on_sqlite=False),
    JobKind.APPLY_TEMPLATE: Task("application_modele", run_apply_template,
                                 live_on_sqlite=False),
    JobKind.REFRESH_FINDINGS: Task("recalcul_constats", run_refresh),
}
