"""Home page: the organisations in the user's scope."""
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from registre.extensions import db
from registre.organisations.forms import OrganisationFilterForm, filter_organisations
from registre.organisations.services import status_counts
from registre.scopes import visible_academies, visible_organisations
from registre.todo.services import todo_counts

bp = Blueprint("organisations", __name__)


@bp.route("/")
@login_required
def home():
    """List the organisations the user may see, with their activity counts."""
    organisations = db.session.scalars(visible_organisations(current_user)).all()
    filters = OrganisationFilterForm(request.args)
    everywhere = len(organisations)
    organisations = filter_organisations(organisations, **filters.criteria())
    counts = status_counts([organisation.id for organisation in organisations])
    academies = db.session.scalars(visible_academies(current_user)).all()
    return render_template("organisations/home.html", organisations=organisations,
                           counts=counts, academies=academies,
                           todo=todo_counts(current_user), filters=filters,
                           everywhere=everywhere)
