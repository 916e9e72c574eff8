"""Compliance dashboards: one organisation, and the académie matrix with its exports."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from registre.compliance.dashboards import (
    SORT_KEYS,
    academie_matrix,
    organisation_summary,
    sort_rows,
)
from registre.compliance.export import matrix_csv, record_matrix_export
from registre.compliance.services import ERROR_POINTS, RULES, WARNING_POINTS
from registre.dates import today
from registre.extensions import db
from registre.jobs.runner import enqueue
from registre.jobs.services import new_job
from registre.models import JobKind
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

CSV_TYPE = "text/csv; charset=utf-8"


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
    summary = organisation_summary(organisation)
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
    matrix = academie_matrix(academie)
    return render_template("compliance/academie.html", academie=academie, matrix=matrix,
                           rows=sort_rows(matrix.rows, key, descending), rules=RULES,
                           sort_key=key, descending=descending,
                           error_points=ERROR_POINTS, warning_points=WARNING_POINTS)


@bp.route("/academies/<code>/conformite.<fmt>")
@login_required
def academie_export(code: str, fmt: str):
    """The académie matrix as CSV (UTF-8 with BOM, ``;``), values only; the XLSX workbook
    (with every finding) is a job started by the dashboard's button."""
    academie = _exporting_academie(code)
    if fmt == "xlsx":
        flash("Le classeur XLSX se prépare en arrière-plan : utilisez le bouton « XLSX » du "
              "tableau.", "info")
        return redirect(url_for(".academie", code=academie.code))
    if fmt != "csv":
        raise NotFound("Format inconnu : choisissez csv ou xlsx.")
    key, descending = _sort_arguments()
    matrix = academie_matrix(academie)
    body = matrix_csv(matrix, sort_rows(matrix.rows, key, descending))
    filename = f"conformite-{academie.code}-{today().isoformat()}.csv"
    record_matrix_export(academie, "csv", key, current_user)
    return Response(body, content_type=CSV_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/academies/<code>/conformite.xlsx", methods=["POST"])
@login_required
def academie_xlsx(code: str):
    """Start the XLSX workbook of the matrix and every finding (a job) and follow it."""
    academie = _exporting_academie(code)
    key, descending = _sort_arguments()
    job = new_job(JobKind.COMPLIANCE_EXPORT, current_user,
                  {"sort": key, "descending": descending}, academie=academie, total=1)
    record_matrix_export(academie, "xlsx", key, current_user)
    db.session.commit()
    enqueue(job)
    return redirect(url_for("jobs.show", job_id=job.id))


def _exporting_academie(code: str):
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.EXPORT))
    return academie
