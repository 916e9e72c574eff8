"""An organisation's register: the list of activities and each fiche."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from registre.activities.services import list_activities
from registre.compliance.services import (
    FICHE_SECTIONS, activity_findings, findings_by_activity, findings_by_section,
)
from registre.scopes import Action, can, get_activity_or_404, get_organisation_or_404

bp = Blueprint("activities", __name__, url_prefix="/etablissements/<uai>/traitements")


@bp.route("")
@login_required
def index(uai: str):
    """List the activities of an organisation's register."""
    organisation = get_organisation_or_404(current_user, uai)
    activities = list_activities(organisation)
    return render_template("activities/index.html", organisation=organisation,
                           activities=activities,
                           finding_counts=findings_by_activity(activities))


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
                           compliance_sections=FICHE_SECTIONS,
                           may_edit=can(current_user, Action.EDIT, organisation, activity))
