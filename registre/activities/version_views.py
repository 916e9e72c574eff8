"""A new version of an in-service fiche: the proposal form, then validate, send back, withdraw."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from registre.activities import editing
from registre.activities.form_data import activity_to_form_data, form_to_activity_data
from registre.activities.forms import FIELDSETS, ActivityForm, SendBackForm, TransitionForm
from registre.activities.services import VersionConflict
from registre.activities.versions import (
    pending_version,
    propose_version,
    proposed_activity,
    send_back_version,
    validate_version,
    withdraw_version,
)
from registre.activities.workflow import WorkflowError, WorkflowForbidden
from registre.extensions import db
from registre.scopes import Action, can, get_activity_or_404, get_organisation_or_404, require

bp = Blueprint("versions", __name__,
               url_prefix="/etablissements/<uai>/traitements/<int:activity_id>/nouvelle-version")

INTRO = ("La version en service reste publiée (page publique, exports, API) jusqu'à ce que "
         "le responsable de traitement valide celle-ci.")


def _load(uai: str, activity_id: int):
    organisation = get_organisation_or_404(current_user, uai)
    return organisation, get_activity_or_404(current_user, activity_id, organisation)


def _render(form, organisation, activity, status=200, notice=None):
    return render_template(
        "activities/form.html", form=form, organisation=organisation, activity=activity,
        fieldsets=FIELDSETS, prototypes=editing.row_prototypes(form), conflict=None,
        notice=notice, heading="Proposer une nouvelle version", intro=INTRO), status


@bp.route("", methods=["GET", "POST"])
@login_required
def edit(uai: str, activity_id: int):
    """Write the new version of an in-service fiche (starting from the pending one if any)."""
    organisation, activity = _load(uai, activity_id)
    require(can(current_user, Action.PROPOSE, organisation, activity))
    if request.method == "GET":
        pending = pending_version(activity)
        source = proposed_activity(activity, pending.data) if pending else activity
        form = ActivityForm(data=activity_to_form_data(source), organisation=organisation,
                            activity=activity)
        return _render(form, organisation, activity)
    formdata = editing.clean_formdata(request.form)
    form = ActivityForm(formdata=formdata, organisation=organisation, activity=activity)
    notice = editing.apply_row_button(form, formdata)
    if notice:
        return _render(form, organisation, activity, notice=notice)
    if not form.validate():
        return _render(form, organisation, activity, status=422)
    try:
        propose_version(activity, form_to_activity_data(form), current_user)
        db.session.commit()
    except WorkflowError as error:
        db.session.rollback()
        return _render(form, organisation, activity, status=422, notice=error.message)
    flash("Nouvelle version enregistrée : elle attend la validation du responsable de "
          "traitement. La version en service reste publiée d'ici là.", "success")
    return redirect(url_for("activities.show", uai=organisation.uai, activity_id=activity.id),
                    303)


def _decide(uai: str, activity_id: int, decide, form, success: str,
            actions=(Action.VALIDATE_VERSION,)):
    """Run one decision on the pending version, then go back to the fiche."""
    organisation, activity = _load(uai, activity_id)
    # The role first (403 for a reader whatever the fiche); the status is the service's.
    require(any(can(current_user, action, organisation) for action in actions))
    show_url = url_for("activities.show", uai=organisation.uai, activity_id=activity.id)
    if form is not None and not form.validate():
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
        return redirect(show_url, 303)
    try:
        decide(activity)
        db.session.commit()
    except WorkflowForbidden:
        abort(403)
    except VersionConflict:
        db.session.rollback()
        abort(409, "La fiche a été modifiée entre-temps : relisez-la avant de décider.")
    except WorkflowError as error:
        db.session.rollback()
        flash(error.message, "error")
        for finding in error.findings:
            flash(finding.message, "error")
        return redirect(show_url, 303)
    flash(success, "success")
    return redirect(show_url, 303)


@bp.route("/valider", methods=["POST"])
@login_required
def validate(uai: str, activity_id: int):
    """Put the new version in service (it replaces the fiche's content; a revision is kept)."""
    form = TransitionForm()
    return _decide(uai, activity_id, lambda activity: validate_version(
        activity, current_user, acknowledged=form.acknowledge.data,
        expected_version=form.version.data), form,
        "Nouvelle version validée : elle est maintenant en service et publiée.")


@bp.route("/renvoyer", methods=["POST"])
@login_required
def send_back(uai: str, activity_id: int):
    """Send the new version back to its author with a comment (the fiche stays in service)."""
    form = SendBackForm()
    return _decide(uai, activity_id, lambda activity: send_back_version(
        activity, current_user, form.comment.data), form,
        "Nouvelle version renvoyée au rédacteur ; la version en service est inchangée.")


@bp.route("/abandonner", methods=["POST"])
@login_required
def withdraw(uai: str, activity_id: int):
    """Abandon the new version (its author or a validator)."""
    return _decide(uai, activity_id, lambda activity: withdraw_version(activity, current_user),
                   None, "Nouvelle version abandonnée ; la version en service est inchangée.",
                   actions=(Action.PROPOSE, Action.VALIDATE_VERSION))
