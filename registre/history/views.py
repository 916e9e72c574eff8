"""History of a fiche: every revision, and the field-level diff between any two of them."""
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from registre.history.compare import compare_revisions
from registre.history.labels import ACTIVITY_LABELS
from registre.history.revisions import list_revisions
from registre.scopes import Action, can, get_activity_or_404, get_organisation_or_404, require

bp = Blueprint("history", __name__,
               url_prefix="/etablissements/<uai>/traitements/<int:activity_id>/historique")


@bp.route("")
@login_required
def index(uai: str, activity_id: int):
    """List the revisions of a fiche and compare two of them (``?de=3&a=5``)."""
    organisation = get_organisation_or_404(current_user, uai)
    activity = get_activity_or_404(current_user, activity_id, organisation)
    require(can(current_user, Action.READ, organisation, activity))
    revisions = list_revisions(activity.id)
    form, comparison = compare_revisions(revisions, request.args, ACTIVITY_LABELS)
    return render_template("history/index.html", organisation=organisation,
                           activity=activity, revisions=list(reversed(revisions)),
                           form=form, comparison=comparison, labels=ACTIVITY_LABELS,
                           page_url=url_for(".index", uai=organisation.uai,
                                            activity_id=activity.id))
