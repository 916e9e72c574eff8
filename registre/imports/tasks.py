"""The confirmation of an import as a background job (registre/jobs)."""
from registre.extensions import db
from registre.imports.payload import ParsedImport
from registre.imports.safety import ImportRefused
from registre.imports.services import import_activities
from registre.jobs.services import JobRefused, Outcome, Progress, job_author, task
from registre.models import Job, JobKind, Organisation


@task(JobKind.IMPORT, "import", live_on_sqlite=False)
def run_import(job: Job, progress: Progress) -> Outcome:
    """Create the previewed activities as drafts, all or none."""
    organisation = db.session.get(Organisation, job.organisation_id)
    parsed = ParsedImport.from_json(job.params["payload"])
    try:
        done = import_activities(organisation, parsed, job_author(job), progress,
                                 job.params.get("references"))
    except ImportRefused as error:
        raise JobRefused(error.message) from None
    replaced = (f" {len(done.replaced)} fiche(s) remplacée(s) par celles du fichier (même "
                "référence, historique conservé)." if done.replaced else "")
    return Outcome(message=f"{len(done.created)} traitement(s) importé(s) en brouillon dans le "
                           f"registre de {organisation.name}.{replaced}",
                   result={"next": {"endpoint": "activities.index",
                                    "values": {"uai": organisation.uai},
                                    "text": "Voir le registre"}})
