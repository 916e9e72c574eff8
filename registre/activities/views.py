"""An organisation's register: the list, each fiche, its form and its workflow."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from registre.activities import editing
from registre.activities.fiche_actions import fiche_actions
from registre.activities.fiche_page import fiche_sections
from registre.activities.filters import ActivityFilterForm, filter_activities
from registre.activities.form_data import activity_to_form_data, form_to_activity_data
from registre.activities.forms import FIELDSETS, ActivityForm, TransitionForm
from registre.activities.services import (
    VersionConflict,
    create_activity_once,
    find_submission,
    update_activity,
)
from registre.activities.version_panel import pending_panel, send_back_note
from registre.activities.workflow import (
    TRANSITIONS,
    WorkflowError,
    WorkflowForbidden,
    delete_activity,
    transition_activity,
)
from registre.compliance.services import (
    findings_by_section,
)
from registre.compliance.stored import activity_findings, counts_of
from registre.extensions import db
from registre.history.services import latest_revision
from registre.models import Status
from registre.scopes import Action, can, get_activity_or_404, get_organisation_or_404, require

bp = Blueprint("activities", __name__, url_prefix="/etablissements/<uai>/traitements")


@bp.route("")
@login_required
def index(uai: str):
    """List the activities of an organisation's register."""
    organisation = get_organisation_or_404(current_user, uai)
    form = ActivityFilterForm(request.args)
    activities = filter_activities(organisation, **(form.criteria() if form.validate() else {}))
    return render_template("activities/index.html", organisation=organisation,
                           activities=activities, filters=form,
                           may_create=can(current_user, Action.CREATE, organisation),
                           filtered=bool(request.args.get("q") or request.args.get("statut")
                                         or request.args.get("regle")),
                           finding_counts=counts_of([activity.id for activity in activities]))


@bp.route("/<int:activity_id>")
@login_required
def show(uai: str, activity_id: int):
    """Show every section of one fiche."""
    organisation = get_organisation_or_404(current_user, uai)
    activity = get_activity_or_404(current_user, activity_id, organisation)
    findings = activity_findings(activity)
    return render_template("activities/show.html", organisation=organisation,
                           activity=activity, findings=findings,
                           findings_by_section=findings_by_section(findings),
                           sections=fiche_sections(activity, organisation),
                           actions=fiche_actions(current_user, activity, findings),
                           pending=pending_panel(current_user, activity),
                           send_back_note=send_back_note(activity))


def _render_form(form, organisation, activity=None, status=200, conflict=None, notice=None):
    return render_template(
        "activities/form.html", form=form, organisation=organisation, activity=activity,
        fieldsets=FIELDSETS, prototypes=editing.row_prototypes(form), conflict=conflict,
        notice=notice), status


@bp.route("/nouveau", methods=["GET", "POST"])
@login_required
def create(uai: str):
    """Create a fiche; the form's one-time key makes a double submit create it once."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can(current_user, Action.CREATE, organisation))
    if request.method == "GET":
        form = ActivityForm(data=editing.new_form_data(organisation), organisation=organisation)
        form.form_key.data = editing.new_form_key()
        return _render_form(form, organisation)
    formdata = editing.clean_formdata(request.form)
    form = ActivityForm(formdata=formdata, organisation=organisation)
    notice = editing.apply_row_button(form, formdata)
    if notice:
        return _render_form(form, organisation, notice=notice)
    key = editing.valid_form_key(form.form_key.data)
    earlier = find_submission(key)
    if earlier is not None:
        return _already_created(organisation, earlier)
    if not form.validate():
        return _render_form(form, organisation, status=422)
    try:
        activity = create_activity_once(organisation, form_to_activity_data(form),
                                        current_user, key)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = find_submission(key)
        if earlier is not None:
            return _already_created(organisation, earlier)
        form.reference.errors = ["Cette référence vient d'être prise : choisissez-en une autre."]
        return _render_form(form, organisation, status=409)
    flash(f"Fiche « {activity.name} » créée (brouillon).", "success")
    return redirect(url_for(".show", uai=organisation.uai, activity_id=activity.id), 303)


def _already_created(organisation, submission):
    if submission.user_id != current_user.id:
        abort(400)
    flash("Ce formulaire avait déjà été enregistré : la fiche n'a été créée qu'une fois.",
          "warning")
    return redirect(url_for(".show", uai=organisation.uai,
                            activity_id=submission.activity_id), 303)


@bp.route("/<int:activity_id>/modifier", methods=["GET", "POST"])
@login_required
def edit(uai: str, activity_id: int):
    """Edit a fiche on top of the version the user saw (409 with both values otherwise)."""
    organisation = get_organisation_or_404(current_user, uai)
    activity = get_activity_or_404(current_user, activity_id, organisation)
    require(can(current_user, Action.EDIT, organisation, activity))
    if request.method == "GET":
        form = ActivityForm(data=activity_to_form_data(activity), organisation=organisation,
                            activity=activity)
        return _render_form(form, organisation, activity)
    formdata = editing.clean_formdata(request.form)
    form = ActivityForm(formdata=formdata, organisation=organisation, activity=activity)
    notice = editing.apply_row_button(form, formdata)
    if notice:
        return _render_form(form, organisation, activity, notice=notice)
    valid = form.validate()
    expected = int(form.version.data) if (form.version.data or "").isdigit() else -1
    if expected != activity.version:
        return _conflict(form, organisation, activity)
    if not valid:
        return _render_form(form, organisation, activity, status=422)
    try:
        update_activity(activity, form_to_activity_data(form), current_user, expected)
        db.session.commit()
    except VersionConflict:
        db.session.rollback()
        return _conflict(form, organisation, get_activity_or_404(current_user, activity_id,
                                                                 organisation))
    except IntegrityError:
        db.session.rollback()
        form.reference.errors = ["Cette référence vient d'être prise : choisissez-en une autre."]
        return _render_form(form, organisation, activity, status=409)
    flash("Fiche enregistrée.", "success")
    return redirect(url_for(".show", uai=organisation.uai, activity_id=activity.id), 303)


def _conflict(form, organisation, activity):
    """Answer 409: the stored values beside the user's, whose input stays in the form."""
    db.session.refresh(activity)
    conflict = {"rows": editing.conflict_rows(form, activity),
                "revision": latest_revision(activity.id), "version": activity.version}
    form.version.data = str(activity.version)
    return _render_form(form, organisation, activity, status=409, conflict=conflict)


@bp.route("/<int:activity_id>/statut", methods=["POST"])
@login_required
def transition(uai: str, activity_id: int):
    """Submit, put in service, send back or end a fiche (buttons of the fiche)."""
    organisation = get_organisation_or_404(current_user, uai)
    activity = get_activity_or_404(current_user, activity_id, organisation)
    form = TransitionForm()
    target = form.to.data if form.to.data in {status.value for status in Status} else None
    if target is None:
        abort(400)
    require(can(current_user, TRANSITIONS[Status(target)].action, organisation))
    show_url = url_for(".show", uai=organisation.uai, activity_id=activity.id)
    if not form.validate():
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
        return redirect(show_url, 303)
    try:
        transition_activity(activity, current_user, target, comment=form.comment.data,
                            ended_on=form.ended_on.data, acknowledged=form.acknowledge.data,
                            expected_version=form.version.data)
        db.session.commit()
    except WorkflowForbidden:
        abort(403)
    except VersionConflict:
        db.session.rollback()
        abort(409, "La fiche a été modifiée entre-temps : relisez-la avant de changer son "
                   "statut.")
    except WorkflowError as error:
        db.session.rollback()
        flash(error.message, "error")
        for finding in error.findings:
            flash(finding.message, "error")
        return redirect(show_url, 303)
    flash(f"Statut de la fiche : {activity.status.label}.", "success")
    return redirect(show_url, 303)


@bp.route("/<int:activity_id>/supprimer", methods=["POST"])
@login_required
def delete(uai: str, activity_id: int):
    """Hard-delete a draft (the DPD any, a writer the drafts they created)."""
    organisation = get_organisation_or_404(current_user, uai)
    activity = get_activity_or_404(current_user, activity_id, organisation)
    require(can(current_user, Action.DELETE, organisation))
    name = activity.name
    try:
        delete_activity(activity, current_user)
        db.session.commit()
    except WorkflowForbidden:
        require(False)
    except WorkflowError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".show", uai=organisation.uai, activity_id=activity_id), 303)
    flash(f"Fiche « {name} » supprimée définitivement.", "success")
    return redirect(url_for(".index", uai=organisation.uai), 303)
