"""History of a fiche: every revision, and the field-level diff between any two of them."""
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from registre.history.diff import diff_snapshots
from registre.history.forms import CompareForm
from registre.history.labels import action_label, changed_field_labels
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
    formdata = request.args
    if "de" not in formdata and "a" not in formdata and len(revisions) >= 2:
        # By default, show what the last save changed.
        formdata = MultiDict({"de": revisions[-2].number, "a": revisions[-1].number})
    form = CompareForm(formdata, revisions)
    comparison = None
    if len(revisions) >= 2 and form.validate():
        by_number = {revision.number: revision for revision in revisions}
        before, after = by_number[form.de.data], by_number[form.a.data]
        comparison = {"before": before, "after": after,
                      "changes": diff_snapshots(before.snapshot, after.snapshot)}
    return render_template("history/index.html", organisation=organisation,
                           activity=activity, revisions=list(reversed(revisions)),
                           form=form, comparison=comparison,
                           action_label=action_label,
                           changed_field_labels=changed_field_labels)
