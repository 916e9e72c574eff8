"""The to-do list's pages: each line of the home page's list, as a list of fiches."""
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from registre.compliance.stored import counts_of
from registre.todo.services import (
    LIST_LIMIT,
    kinds_for,
    pending_activity_ids,
    send_back_comments,
    todo_activities,
)

bp = Blueprint("todo", __name__, url_prefix="/a-faire")


@bp.route("/<slug>")
@login_required
def index(slug: str):
    """The fiches of one line of the user's to-do list."""
    kind = next((kind for kind in kinds_for(current_user) if kind.slug == slug), None)
    if kind is None:
        abort(404)
    activities, total = todo_activities(current_user, kind)
    return render_template("todo/index.html", kind=kind, activities=activities, total=total,
                           limit=LIST_LIMIT, comments=send_back_comments(activities),
                           new_versions=pending_activity_ids(activities),
                           finding_counts=counts_of([activity.id for activity in activities]))
