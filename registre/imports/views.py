"""Import of a register file: upload → preview → confirm (all rows or none)."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from registre.extensions import db
from registre.imports.forms import ConfirmForm, UploadForm
from registre.imports.references import clashes
from registre.imports.safety import MAX_FILE_BYTES, ImportRefused
from registre.imports.services import (
    SOURCE_LABELS,
    check_importable,
    discard_pending,
    load_pending,
    read_import,
    record_import_refusal,
    record_refused_import,
    save_pending,
)
from registre.jobs.runner import enqueue
from registre.jobs.services import new_job
from registre.models import JobKind
from registre.scopes import Action, can, get_organisation_or_404, require

bp = Blueprint("imports", __name__, url_prefix="/etablissements/<uai>/import")
SESSION_KEY = "pending_import"


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """Refuse an upload bigger than the request limit with a French page saying what to do."""
    user = current_user if current_user.is_authenticated else None
    record_import_refusal(f"organisation:{request.view_args.get('uai', '')}", user,
                          "fichier trop volumineux")
    return render_template(
        "errors/error.html", code=413, title="Fichier trop volumineux",
        message="Le fichier dépasse la limite de 5 Mo : découpez le registre en plusieurs "
                "fichiers ou retirez les images, puis recommencez. Rien n'a été enregistré."), 413


def _organisation(uai: str):
    organisation = get_organisation_or_404(current_user, uai)
    require(can(current_user, Action.CREATE, organisation))
    return organisation


@bp.route("", methods=["GET", "POST"])
@login_required
def upload(uai: str):
    """Show the upload form; a valid file is parsed, kept server-side and previewed."""
    organisation = _organisation(uai)
    form = UploadForm()
    refusal = None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_FILE_BYTES + 1)
        try:
            parsed = read_import(form.file.data.filename or "", data, organisation)
        except ImportRefused as error:
            db.session.rollback()
            record_refused_import(organisation, current_user, error.message,
                                  form.file.data.filename or "")
            refusal = error.message
        else:
            db.session.rollback()
            discard_pending(session.pop(SESSION_KEY, None))
            session[SESSION_KEY] = save_pending(parsed, current_user, organisation)
            return redirect(url_for("imports.preview", uai=organisation.uai))
    status = 400 if refusal or form.errors else 200
    return render_template("imports/upload.html", organisation=organisation, form=form,
                           refusal=refusal), status


@bp.route("/apercu")
@login_required
def preview(uai: str):
    """List what will be created and every problem."""
    organisation = _organisation(uai)
    parsed = load_pending(session.get(SESSION_KEY), current_user, organisation)
    if parsed is None:
        flash("Aucun import en attente (ou il a expiré) : envoyez le fichier à nouveau.",
              "warning")
        return redirect(url_for("imports.upload", uai=organisation.uai))
    form = ConfirmForm()
    taken = clashes(parsed, organisation, current_user)
    if taken:
        form.references.data = form.references.data or "renumeroter"
    return render_template("imports/preview.html", organisation=organisation, parsed=parsed,
                           rows=zip(parsed.activities, parsed.origins), clashes=taken,
                           source=SOURCE_LABELS.get(parsed.source, parsed.source), form=form)


@bp.route("/confirmer", methods=["POST"])
@login_required
def confirm(uai: str):
    """Create every previewed activity as a draft, in one transaction, as a job."""
    organisation = _organisation(uai)
    token = session.get(SESSION_KEY)
    parsed = load_pending(token, current_user, organisation)
    if parsed is None:
        flash("Aucun import en attente (ou il a expiré) : envoyez le fichier à nouveau.",
              "warning")
        return redirect(url_for("imports.upload", uai=organisation.uai))
    references = ConfirmForm().reference_choice
    try:
        check_importable(organisation, parsed, references, current_user)
    except ImportRefused as error:
        db.session.rollback()
        record_refused_import(organisation, current_user, error.message)
        flash(error.message, "error")
        return redirect(url_for("imports.preview", uai=organisation.uai))
    # The drafts are created by a job (all or none), which a worker on any machine can run:
    # the previewed activities travel in the job's parameters.
    job = new_job(JobKind.IMPORT, current_user, {"payload": parsed.to_json(),
                                                  "references": references},
                  academie=organisation.academie, organisation=organisation,
                  total=len(parsed.activities),
                  back={"endpoint": "imports.upload", "values": {"uai": organisation.uai},
                        "text": "Importer un autre fichier"})
    db.session.commit()
    discard_pending(session.pop(SESSION_KEY, None))
    enqueue(job)
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/annuler", methods=["POST"])
@login_required
def cancel(uai: str):
    """Forget the pending import."""
    organisation = _organisation(uai)
    discard_pending(session.pop(SESSION_KEY, None))
    flash("Import annulé : rien n'a été enregistré.", "success")
    return redirect(url_for("activities.index", uai=organisation.uai))
