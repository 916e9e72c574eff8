"""An organisation's rights-request register: the list and its dashboard, each request."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from registre import dates
from registre.activities.services import list_activities
from registre.dates import local_date
from registre.extensions import db
from registre.forms.actions import ActionForm
from registre.forms.validators import REFERENCE_TAKEN
from registre.history.compare import compare_revisions
from registre.history.revisions import list_record_revisions
from registre.models import RightsRequestRevision
from registre.requests.deadlines import request_due
from registre.requests.findings import request_findings
from registre.requests.forms import (
    DECISION_FIELDSETS,
    FACT_FIELDSETS,
    RequestDecisionForm,
    RequestForm,
)
from registre.requests.serialization import REQUEST_LABELS, request_to_dict
from registre.requests.services import (
    RequestError,
    VersionConflict,
    close_request,
    create_request,
    list_requests,
    reopen_request,
    requests_to_watch,
    update_request,
)
from registre.scopes import (
    Action,
    can_record,
    get_organisation_or_404,
    get_rights_request_or_404,
    require,
)

bp = Blueprint("requests", __name__, url_prefix="/etablissements/<uai>/demandes")

_CONFLICT = ("Cette demande a été modifiée entre-temps par quelqu'un d'autre : vos saisies sont "
             "conservées ci-dessous ; relisez la demande puis enregistrez de nouveau.")


def _rights(organisation, record=None) -> dict[str, bool]:
    return {action.value: can_record(current_user, action, organisation, record)
            for action in (Action.CREATE, Action.EDIT, Action.DECIDE, Action.CLOSE,
                           Action.REOPEN, Action.EXPORT)}


def entries_of(requests, today) -> list[tuple]:
    """Each request with its deadline state and findings, for the lists."""
    return [(item, request_due(item, today), request_findings(item, today)) for item in requests]


@bp.route("")
@login_required
def index(uai: str):
    """The dashboard (late and due within 7 days) then every request of the organisation."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can_record(current_user, Action.READ, organisation))
    today = local_date(dates.utcnow())
    return render_template(
        "requests/index.html", organisation=organisation, rights=_rights(organisation),
        watch=entries_of(requests_to_watch([organisation.id], today), today),
        entries=entries_of(list_requests([organisation.id]), today))


def _render_form(form, organisation, record=None, status: int = 200, notice: str = ""):
    fieldsets = FACT_FIELDSETS + (DECISION_FIELDSETS if isinstance(form, RequestDecisionForm)
                                  else [])
    return render_template("requests/form.html", form=form, organisation=organisation,
                           record=record, fieldsets=fieldsets, notice=notice), status


def _form_class(organisation, record=None):
    if can_record(current_user, Action.DECIDE, organisation, record):
        return RequestDecisionForm
    return RequestForm


@bp.route("/nouvelle", methods=["GET", "POST"])
@login_required
def create(uai: str):
    """Record a request received by mail, post, at the desk or by phone."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can_record(current_user, Action.CREATE, organisation))
    form = _form_class(organisation)(activities=list_activities(organisation))
    if request.method == "GET":
        form.received_at.data = local_date(dates.utcnow())
        return _render_form(form, organisation)
    if not form.validate():
        return _render_form(form, organisation, status=422)
    try:
        record = create_request(organisation, form.data, current_user)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.reference.errors = [REFERENCE_TAKEN]
        return _render_form(form, organisation, status=409)
    flash(f"Demande {record.reference} enregistrée : réponse due le "
          f"{record.due_on:%d/%m/%Y}.", "success")
    return redirect(url_for(".show", uai=organisation.uai, request_id=record.id), 303)


@bp.route("/<int:request_id>")
@login_required
def show(uai: str, request_id: int):
    """Show a request: its deadline, findings, every field, the actions allowed."""
    organisation = get_organisation_or_404(current_user, uai)
    record = get_rights_request_or_404(current_user, request_id, organisation)
    today = local_date(dates.utcnow())
    return render_template("requests/show.html", organisation=organisation, record=record,
                           due=request_due(record, today),
                           findings=request_findings(record, today),
                           rights=_rights(organisation, record),
                           action_form=ActionForm(formdata=None, version=record.version))


@bp.route("/<int:request_id>/modifier", methods=["GET", "POST"])
@login_required
def edit(uai: str, request_id: int):
    """Edit a request on top of the version the user saw (409 otherwise)."""
    organisation = get_organisation_or_404(current_user, uai)
    record = get_rights_request_or_404(current_user, request_id, organisation)
    require(can_record(current_user, Action.EDIT, organisation, record))
    form_class = _form_class(organisation, record)
    activities = list_activities(organisation)
    if request.method == "GET":
        form = form_class(formdata=None, data=request_to_dict(record), activities=activities)
        return _render_form(form, organisation, record)
    form = form_class(activities=activities, record=record)
    valid = form.validate()
    expected = int(form.version.data) if (form.version.data or "").isdigit() else -1
    try:
        if expected != record.version:
            raise VersionConflict()
        if not valid:
            return _render_form(form, organisation, record, status=422)
        update_request(record, form.data, current_user, expected)
        db.session.commit()
    except VersionConflict:
        db.session.rollback()
        record = get_rights_request_or_404(current_user, request_id, organisation)
        form.version.data = str(record.version)
        return _render_form(form, organisation, record, status=409, notice=_CONFLICT)
    except IntegrityError:
        db.session.rollback()
        form.reference.errors = [REFERENCE_TAKEN]
        return _render_form(form, organisation, record, status=409)
    flash(f"Demande {record.reference} enregistrée.", "success")
    return redirect(url_for(".show", uai=organisation.uai, request_id=record.id), 303)


@bp.route("/<int:request_id>/cloture", methods=["POST"], defaults={"action": "close"})
@bp.route("/<int:request_id>/reouverture", methods=["POST"], defaults={"action": "reopen"})
@login_required
def change_status(uai: str, request_id: int, action: str):
    """Close an answered request, or reopen a closed one (responsable, DPD)."""
    organisation = get_organisation_or_404(current_user, uai)
    record = get_rights_request_or_404(current_user, request_id, organisation)
    closing = action == "close"
    require(can_record(current_user, Action.CLOSE if closing else Action.REOPEN,
                       organisation, record))
    form = ActionForm()
    show_url = url_for(".show", uai=organisation.uai, request_id=record.id)
    expected = int(form.version.data) if (form.version.data or "").isdigit() else -1
    try:
        if not form.validate():
            raise RequestError("Le formulaire a expiré : rechargez la page.")
        if closing:
            close_request(record, current_user, dates.utcnow(), expected)
        else:
            reopen_request(record, current_user, expected)
        db.session.commit()
    except VersionConflict:
        db.session.rollback()
        flash("La demande a été modifiée entre-temps : relisez-la.", "error")
        return redirect(show_url, 303)
    except RequestError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(show_url, 303)
    flash(f"Demande {record.reference} {'close' if closing else 'rouverte'}.", "success")
    return redirect(show_url, 303)


@bp.route("/<int:request_id>/historique")
@login_required
def history(uai: str, request_id: int):
    """Every revision of a request and the field-level diff between two of them."""
    organisation = get_organisation_or_404(current_user, uai)
    record = get_rights_request_or_404(current_user, request_id, organisation)
    revisions = list_record_revisions(RightsRequestRevision, record.id)
    form, comparison = compare_revisions(revisions, request.args, REQUEST_LABELS,
                                         "Cette version n'existe pas pour cette demande.")
    return render_template("requests/history.html", organisation=organisation, record=record,
                           revisions=list(reversed(revisions)), form=form,
                           comparison=comparison, labels=REQUEST_LABELS,
                           page_url=url_for(".history", uai=organisation.uai,
                                            request_id=record.id))
