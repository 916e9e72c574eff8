"""Export routes: one organisation's register or a whole académie, in five formats."""
from flask import Blueprint, Response, abort, redirect, request, stream_with_context, url_for
from flask_login import current_user, login_required

from registre.exports.render import MIMETYPES, stream_export
from registre.exports.services import (
    ExportError,
    academie_context,
    export_filename,
    organisation_context,
    parse_as_of,
    parse_format,
    parse_status,
    record_export,
)
from registre.scopes import (
    Action,
    can,
    can_manage_academie,
    get_academie_or_404,
    get_organisation_or_404,
    require,
)

bp = Blueprint("exports", __name__)


@bp.route("/etablissements/<uai>/export.<fmt>")
@login_required
def organisation_export(uai: str, fmt: str):
    """Download an organisation's register (``status``, ``as_of`` in the query)."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can(current_user, Action.EXPORT, organisation))
    status, as_of = _filters(fmt)
    return _respond(organisation_context(organisation, status, as_of), fmt)


@bp.route("/academies/<code>/export.<fmt>")
@login_required
def academie_export(code: str, fmt: str):
    """Download every register of an académie."""
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.EXPORT))
    status, as_of = _filters(fmt)
    return _respond(academie_context(academie, status, as_of), fmt)


@bp.route("/etablissements/<uai>/export")
@login_required
def organisation_form(uai: str):
    """The export form (GET): redirect to the file URL with the chosen filters."""
    organisation = get_organisation_or_404(current_user, uai)
    return _redirect("exports.organisation_export", uai=organisation.uai)


@bp.route("/academies/<code>/export")
@login_required
def academie_form(code: str):
    """The académie export form (GET): redirect to the file URL."""
    academie = get_academie_or_404(current_user, code)
    return _redirect("exports.academie_export", code=academie.code)


def _redirect(endpoint: str, **values):
    fmt = request.args.get("format", "xlsx")
    _filters(fmt)  # refuse bad filters here, with the same French messages
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
