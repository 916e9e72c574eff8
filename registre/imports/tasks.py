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
    parts = [f"{len(done.created)} traitement(s) importé(s) en brouillon dans le registre de "
             f"{organisation.name}."]
    if done.replaced:
        parts.append(f"{len(done.replaced)} fiche(s) remplacée(s) par celles du fichier (même "
                     "référence, historique conservé).")
    if done.proposed:
        parts.append(f"{len(done.proposed)} fiche(s) en service : le contenu du fichier attend "
                     "d'être validé comme nouvelle version (la version en service reste "
                     "publiée d'ici là).")
    if done.unchanged:
        parts.append(f"{len(done.unchanged)} fiche(s) en service déjà identique(s) au fichier : "
                     "rien à faire valider.")
    return Outcome(message=" ".join(parts),
                   result={"next": {"endpoint": "activities.index",
                                    "values": {"uai": organisation.uai},
                                    "text": "Voir le registre"}})
