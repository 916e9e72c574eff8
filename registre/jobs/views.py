"""A job's page (``/taches/<id>``), its state as JSON for the page's script, and its file."""
from flask import Blueprint, abort, jsonify, render_template, send_file, url_for
from flask_login import current_user, login_required

from registre.jobs.services import files_days, job_file, job_to_dict
from registre.scopes import get_job_or_404

bp = Blueprint("jobs", __name__, url_prefix="/taches")

REFRESH_SECONDS = 3


def _download_url(job) -> str | None:
    return url_for("jobs.download", job_id=job.id) if job_file(job) is not None else None


@bp.route("/<job_id>")
@login_required
def show(job_id: str):
    """The job's progress (bar, "n sur N"), then its result and download link."""
    job = get_job_or_404(current_user, job_id)
    response = render_template("jobs/show.html", job=job, download_url=_download_url(job),
                               refresh_seconds=REFRESH_SECONDS, files_days=files_days())
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/<job_id>/etat")
@login_required
def state(job_id: str):
    """The job's state as JSON, polled by ``static/job-progress.js``."""
    job = get_job_or_404(current_user, job_id)
    response = jsonify(job_to_dict(job, _download_url(job)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<job_id>/fichier")
@login_required
def download(job_id: str):
    """The job's file, for users whose scope covers the job (deleted after some days)."""
    job = get_job_or_404(current_user, job_id)
    path = job_file(job)
    if path is None:
        abort(404, f"Ce fichier n'existe plus (les fichiers sont supprimés après "
                   f"{files_days()} jours) : relancez l'export.")
    response = send_file(path, as_attachment=True, download_name=job.download_name)
    # An export holds security measures and internal notes: never cached.
    response.headers["Cache-Control"] = "no-store"
    return response
