"""Export routes: one organisation's register (downloaded at once) or a whole académie (a job
whose page shows its progress, then the file), in five formats."""
from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from registre.exports.forms import FORMAT_LABELS, STATUS_CHOICES, AcademieExportForm
from registre.exports.render import MIMETYPES, stream_export
from registre.exports.services import (
    ExportError,
    export_filename,
    organisation_context,
    parse_as_of,
    parse_format,
    parse_status,
    record_academie_export,
    record_export,
)
from registre.extensions import db
from registre.jobs.runner import enqueue
from registre.jobs.services import new_job
from registre.models import JobKind, Status
from registre.scopes import (
    Action,
    can,
    can_manage_academie,
    get_academie_or_404,
    get_organisation_or_404,
    require,
)

bp = Blueprint("exports", __name__)


@bp.app_context_processor
def export_choices() -> dict:
    """The formats and status choices the export forms of every page offer (one list)."""
    return {"export_formats": list(FORMAT_LABELS.items()), "export_statuses": STATUS_CHOICES}


@bp.route("/etablissements/<uai>/export.<fmt>")
@login_required
def organisation_export(uai: str, fmt: str):
    """Download an organisation's register (``status``, ``as_of`` in the query); bad filters
    bring back the export form with their message."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can(current_user, Action.EXPORT, organisation))
    form = _filled_form(fmt)
    if form.errors:
        return _organisation_page(organisation, form, 400)
    status, as_of = _filters(fmt)
    return _respond(organisation_context(organisation, status, as_of), fmt)


@bp.route("/academies/<code>/export.<fmt>")
@login_required
def academie_export(code: str, fmt: str):
    """The export of every register of an académie: a page that starts it as a job (with the
    message of a bad filter under its field)."""
    academie = _exporting_academie(code)
    form = _filled_form(fmt, post=True)
    return render_template("exports/academie.html", academie=academie, form=form), \
        400 if form.errors else 200


@bp.route("/academies/<code>/export", methods=["POST"])
@login_required
def academie_start(code: str):
    """Start the académie export as a job and follow it on its page."""
    academie = _exporting_academie(code)
    form = AcademieExportForm()
    if not form.validate_on_submit():
        return render_template("exports/academie.html", academie=academie, form=form), 400
    params = form.params()
    job = new_job(JobKind.EXPORT, current_user, params, academie=academie,
                  back={"endpoint": "organisations.home", "values": {},
                        "text": "Retour à mes registres"})
    record_academie_export(academie, params, current_user)
    db.session.commit()
    enqueue(job)
    return redirect(url_for("jobs.show", job_id=job.id))


def _exporting_academie(code: str):
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.EXPORT))
    return academie


@bp.route("/etablissements/<uai>/export")
@login_required
def organisation_form(uai: str):
    """The export form (GET): empty, it shows the form; filled, it redirects to the file URL,
    or shows the form again with the message of a bad filter."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can(current_user, Action.EXPORT, organisation))
    if not request.args:
        return _organisation_page(organisation, _filled_form("xlsx"))
    fmt = request.args.get("format", "xlsx")
    form = _filled_form(fmt)
    if form.errors:
        return _organisation_page(organisation, form, 400)
    return _redirect("exports.organisation_export", fmt, uai=organisation.uai)


@bp.route("/academies/<code>/export")
@login_required
def academie_form(code: str):
    """The académie export form (GET): redirect to the file URL (whose page starts the job)."""
    academie = _exporting_academie(code)
    fmt = request.args.get("format", "xlsx")
    form = _filled_form(fmt, post=True)
    if form.errors:
        return render_template("exports/academie.html", academie=academie, form=form), 400
    return _redirect("exports.academie_export", fmt, code=academie.code)


def _filled_form(fmt: str, post: bool = False) -> AcademieExportForm:
    """The export form holding the query's filters, each refused one with its message (an
    unknown format is not found, as its file URL); ``post``: the académie's, which starts a
    job (CSRF token), else the organisation's (GET, no token)."""
    try:
        parse_format(fmt)
    except ExportError:
        abort(404)
    form = AcademieExportForm(formdata=None, meta={"csrf": post}, data={
        "format": fmt, "status": request.args.get("status") or Status.EN_SERVICE.value,
        "as_of": request.args.get("as_of", "")})
    for name, parse in (("status", parse_status), ("as_of", parse_as_of)):
        try:
            parse(request.args.get(name))
        except ExportError as error:
            form[name].errors = [str(error)]
    return form


def _organisation_page(organisation, form: AcademieExportForm, status: int = 200):
    return render_template("exports/organisation.html", organisation=organisation,
                           form=form), status


def _redirect(endpoint: str, fmt: str, **values):
    query = {key: request.args[key] for key in ("status", "as_of") if request.args.get(key)}
    return redirect(url_for(endpoint, fmt=fmt, **values, **query))


def _filters(fmt: str):
    try:
        parse_format(fmt)
    except ExportError:
        abort(404)
    try:
        return parse_status(request.args.get("status")), parse_as_of(request.args.get("as_of"))
    except ExportError as error:
        abort(400, str(error))


def _respond(context, fmt: str) -> Response:
    try:
        body = stream_export(context, fmt)
    except ExportError as error:
        abort(400, str(error))
    record_export(context, fmt, current_user)
    if not isinstance(body, bytes):
        body = stream_with_context(body)
    response = Response(body, content_type=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="registre-{export_filename(context, fmt)}"')
    # The export holds security measures and internal notes: never cached.
    response.headers["Cache-Control"] = "no-store"
    return response
