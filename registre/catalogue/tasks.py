"""Applying a model fiche to many organisations as a background job (registre/jobs)."""
from registre.catalogue.services import (
    CatalogueError,
    apply_template,
    organisations_with_copies,
)
from registre.extensions import db
from registre.jobs.services import JobRefused, Outcome, Progress, job_author, task
from registre.models import ActivityTemplate, Job, JobKind

_LISTED = 50  # organisations named on the job's page; the rest are counted


@task(JobKind.APPLY_TEMPLATE, "application_modele", live_on_sqlite=False)
def run_apply_template(job: Job, progress: Progress) -> Outcome:
    """Create a draft from a model fiche in each chosen organisation, all or none."""
    template = db.session.get(ActivityTemplate, job.params["template_id"])
    if template is None or template.academie_id != job.academie_id:
        raise JobRefused("Le modèle a été supprimé entre-temps : aucun brouillon n'a été créé.")
    # A school that received a fiche from this model since the form was sent is skipped.
    copies = organisations_with_copies(template)
    wanted = [oid for oid in job.params["organisation_ids"] if oid not in copies]
    skipped = len(job.params["organisation_ids"]) - len(wanted)
    if not wanted:
        raise JobRefused("Ces établissements ont déjà une fiche issue de ce modèle : aucun "
                         "brouillon n'a été créé.")
    try:
        created = apply_template(template, wanted, job_author(job), progress)
    except CatalogueError as error:
        raise JobRefused(str(error)) from None
    lines = [f"{a.organisation.name} ({a.organisation.uai}) — {a.reference}"
             for a in created[:_LISTED]]
    if len(created) > _LISTED:
        lines.append(f"… et {len(created) - _LISTED} autres.")
    ignored = (f" {skipped} établissement(s) ignoré(s) : ils avaient déjà une fiche issue "
               "de ce modèle." if skipped else "")
    return Outcome(message=f"{len(created)} brouillon(s) créé(s) à partir du modèle "
                           f"« {template.name} ».{ignored}",
                   result={"lines": lines,
                           "next": {"endpoint": "catalogue.templates",
                                    "values": {"code": job.academie.code},
                                    "text": "Retour aux modèles"}})
