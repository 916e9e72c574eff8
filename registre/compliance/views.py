"""Compliance dashboards: one organisation, and the académie matrix with its exports."""
from flask import Blueprint, Response, flash, render_template, request
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from registre.compliance.export import matrix_csv, matrix_xlsx, record_matrix_export
from registre.compliance.services import (
    ERROR_POINTS,
    RULES,
    SORT_KEYS,
    WARNING_POINTS,
    academie_matrix,
    organisation_summary,
    sort_rows,
)
from registre.dates import today
from registre.scopes import (
    Action,
    can,
    can_manage_academie,
    get_academie_or_404,
    get_organisation_or_404,
    require,
    sees_academie,
)

bp = Blueprint("compliance", __name__)

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.app_template_global()
def compliance_academie(user):
    """The académie whose dashboard the user may open from the home page, or None."""
    academie = getattr(user, "academie", None)
    return academie if academie is not None and sees_academie(user, academie) else None


@bp.route("/etablissements/<uai>/conformite")
@login_required
def organisation(uai: str):
    """Findings of an organisation by severity and rule, reviews due, and its score."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can(current_user, Action.READ, organisation))
    summary = organisation_summary(organisation, today())
    return render_template("compliance/organisation.html", organisation=organisation,
                           summary=summary, error_points=ERROR_POINTS,
                           warning_points=WARNING_POINTS)


def _sort_arguments() -> tuple[str, bool]:
    key = request.args.get("tri", "nom")
    if key not in SORT_KEYS and key not in RULES:
        flash(f"Tri « {key} » inconnu : le tableau est trié par nom.", "warning")
        key = "nom"
    return key, request.args.get("ordre") == "desc"


@bp.route("/academies/<code>/conformite")
@login_required
def academie(code: str):
    """Organisations × rules matrix of an académie, sortable by any column, with totals."""
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.READ))
    key, descending = _sort_arguments()
    matrix = academie_matrix(academie, today())
    return render_template("compliance/academie.html", academie=academie, matrix=matrix,
                           rows=sort_rows(matrix.rows, key, descending), rules=RULES,
                           sort_key=key, descending=descending,
                           error_points=ERROR_POINTS, warning_points=WARNING_POINTS)


@bp.route("/academies/<code>/conformite.<fmt>")
@login_required
def academie_export(code: str, fmt: str):
    """The académie matrix as CSV (UTF-8 with BOM, ``;``) or XLSX, values only."""
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.EXPORT))
    if fmt not in EXPORT_TYPES:
        raise NotFound("Format inconnu : choisissez csv ou xlsx.")
    key, descending = _sort_arguments()
    day = today()
    filename = f"conformite-{academie.code}-{day.isoformat()}.{fmt}"
    if fmt == "csv":
        matrix = academie_matrix(academie, day)
        body = matrix_csv(matrix, sort_rows(matrix.rows, key, descending))
    else:
        body = matrix_xlsx(academie, day, key, descending)
    record_matrix_export(academie, fmt, key, current_user)
    return Response(body, content_type=EXPORT_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
