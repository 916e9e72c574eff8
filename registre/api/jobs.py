"""``GET /api/v1/jobs/<id>`` (design §5) and the job's file, for API tokens."""
from flask import Blueprint, send_file

from registre.api.auth import api_rate_limit, api_user, authenticate_request
from registre.api.errors import ApiError
from registre.extensions import csrf
from registre.jobs.services import job_file, job_to_dict
from registre.links import external_url
from registre.scopes import get_job_or_404

bp = Blueprint("jobs_api", __name__, url_prefix="/api/v1")
api_rate_limit(bp)
csrf.exempt(bp)


@bp.before_request
def _authenticate() -> None:
    authenticate_request()


@bp.get("/jobs/<job_id>")
def job(job_id: str):
    """A job in the token owner's scope: status, progress, message, download URL."""
    found = get_job_or_404(api_user(), job_id)
    url = (external_url("jobs_api.download", job_id=found.id)
           if job_file(found) is not None else None)
    return job_to_dict(found, url)


@bp.get("/jobs/<job_id>/fichier")
def download(job_id: str):
    """The file of a finished job."""
    found = get_job_or_404(api_user(), job_id)
    path = job_file(found)
    if path is None:
        raise ApiError(404, "Cette tâche n'a pas (ou plus) de fichier à télécharger.")
    response = send_file(path, as_attachment=True, download_name=found.download_name)
    response.headers["Cache-Control"] = "no-store"
    return response
