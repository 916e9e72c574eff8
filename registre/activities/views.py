"""An organisation's register: the list of activities and each fiche."""
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from registre.activities.filters import ActivityFilterForm, filter_activities
from registre.scopes import Action, can, get_activity_or_404, get_organisation_or_404

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
                           filtered=bool(request.args.get("q") or request.args.get("statut")))


@bp.route("/<int:activity_id>")
@login_required
def show(uai: str, activity_id: int):
    """Show every section of one fiche."""
    organisation = get_organisation_or_404(current_user, uai)
    activity = get_activity_or_404(current_user, activity_id, organisation)
    return render_template("activities/show.html", organisation=organisation,
                           activity=activity,
                           may_edit=can(current_user, Action.EDIT, organisation, activity))
