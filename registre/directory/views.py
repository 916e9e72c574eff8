"""Directory import pages (upload → preview → confirm) and an organisation's change history."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from registre.directory.forms import (
    MAX_DIRECTORY_BYTES,
    MAX_DIRECTORY_MB,
    ConfirmForm,
    DirectoryUploadForm,
)
from registre.directory.pending import (
    PendingDirectory,
    discard_pending,
    load_pending,
    save_pending,
)
from registre.directory.reader import DirectoryRefused
from registre.directory.services import import_directory
from registre.directory.tasks import new_directory_job
from registre.extensions import db
from registre.jobs.runner import enqueue
from registre.scopes import (
    Action,
    can,
    can_manage_academie,
    get_academie_or_404,
    get_organisation_or_404,
    require,
)

bp = Blueprint("directory", __name__)
SESSION_KEY = "pending_directory"
# The preview lists this many problems and changes; the counts cover them all.
SHOWN = 200
EXPIRED = "Aucun import de l'annuaire en attente (ou il a expiré) : envoyez le fichier à nouveau."


@bp.url_value_preprocessor
def allow_the_directory_size(endpoint: str | None, _values: dict | None) -> None:
    """The national file is larger than the site-wide upload limit.

    Set here because URL preprocessors run before every ``before_request`` hook, and the CSRF
    check (one of those) reads the form, which applies the limit.
    """
    if endpoint == "directory.upload":
        request.max_content_length = MAX_DIRECTORY_BYTES


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """Refuse an oversized upload with a French page saying what to do."""
    return render_template(
        "errors/error.html", code=413, title="Fichier trop volumineux",
        message=f"Le fichier dépasse la limite de {MAX_DIRECTORY_MB} Mo. Téléchargez "
                "l'annuaire en ne gardant que les colonnes utiles, ou demandez à "
                "l'administrateur la commande « flask registre import-directory ». "
                "Rien n'a été enregistré."), 413


def _academie(code: str):
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.IMPORT_DIRECTORY))
    return academie


@bp.route("/academies/<code>/annuaire", methods=["GET", "POST"])
@login_required
def upload(code: str):
    """Show the upload form; a readable file is simulated, kept server-side and previewed."""
    academie = _academie(code)
    form = DirectoryUploadForm()
    refusal = None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_DIRECTORY_BYTES + 1)
        try:
            report = import_directory(data, academie, code_academie=form.code_academie.data,
                                      dry_run=True)
        except DirectoryRefused as error:
            refusal = str(error)
        else:
            discard_pending(session.pop(SESSION_KEY, None))
            pending = PendingDirectory(data, form.file.data.filename or "annuaire.csv",
                                       form.code_academie.data or "", report)
            session[SESSION_KEY] = save_pending(pending, current_user, academie)
        db.session.rollback()
        if refusal is None:
            return redirect(url_for(".preview", code=academie.code))
    status = 400 if refusal or form.errors else 200
    return render_template("directory/upload.html", academie=academie, form=form,
                           refusal=refusal, max_mb=MAX_DIRECTORY_MB), status


@bp.route("/academies/<code>/annuaire/apercu")
@login_required
def preview(code: str):
    """Counts, line-numbered problems and the changes the import would make."""
    academie = _academie(code)
    pending = load_pending(session.get(SESSION_KEY), current_user, academie)
    if pending is None:
        flash(EXPIRED, "warning")
        return redirect(url_for(".upload", code=academie.code))
    return render_template("directory/preview.html", academie=academie, pending=pending,
                           report=pending.report, shown=SHOWN, form=ConfirmForm())


@bp.route("/academies/<code>/annuaire/confirmer", methods=["POST"])
@login_required
def confirm(code: str):
    """Run the import for real, in one transaction, as a job followed on its page."""
    academie = _academie(code)
    token = session.get(SESSION_KEY)
    pending = load_pending(token, current_user, academie)
    if pending is None:
        flash(EXPIRED, "warning")
        return redirect(url_for(".upload", code=academie.code))
    job = new_directory_job(academie, current_user, pending.data, pending.filename,
                            pending.code_academie)
    db.session.commit()
    discard_pending(session.pop(SESSION_KEY, None))
    enqueue(job)
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/academies/<code>/annuaire/annuler", methods=["POST"])
@login_required
def cancel(code: str):
    """Forget the pending file."""
    academie = _academie(code)
    discard_pending(session.pop(SESSION_KEY, None))
    flash("Import de l'annuaire annulé : rien n'a été enregistré.", "success")
    return redirect(url_for(".upload", code=academie.code))


@bp.route("/etablissements/<uai>/modifications")
@login_required
def changes(uai: str):
    """The organisation's identity history: names, addresses, kind, closing."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can(current_user, Action.READ, organisation))
    return render_template("directory/changes.html", organisation=organisation,
                           changes=organisation.changes)
