"""An organisation's breach register: the list, each breach, its form, closing, history."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from registre import dates
from registre.activities.services import list_activities
from registre.breaches.clock import breach_clock
from registre.breaches.findings import breach_findings, informed_text
from registre.breaches.forms import (
    DECISION_FIELDSETS,
    FACT_FIELDSETS,
    BreachDecisionForm,
    BreachForm,
)
from registre.breaches.serialization import BREACH_LABELS, breach_to_dict
from registre.breaches.services import (
    BreachError,
    VersionConflict,
    categories_of,
    close_breach,
    create_breach,
    list_breaches,
    reopen_breach,
    update_breach,
)
from registre.extensions import db
from registre.forms.actions import ActionForm
from registre.forms.validators import REFERENCE_TAKEN
from registre.history.compare import compare_revisions
from registre.history.revisions import list_record_revisions
from registre.models import BreachRevision
from registre.scopes import Action, can_record, get_breach_or_404, get_organisation_or_404, require

bp = Blueprint("breaches", __name__, url_prefix="/etablissements/<uai>/violations")

_CONFLICT = ("Cette violation a été modifiée entre-temps par quelqu'un d'autre : vos saisies sont "
             "conservées ci-dessous ; relisez la violation puis enregistrez de nouveau.")


def _rights(organisation, breach=None) -> dict[str, bool]:
    return {action.value: can_record(current_user, action, organisation, breach)
            for action in (Action.CREATE, Action.EDIT, Action.DECIDE, Action.CLOSE,
                           Action.REOPEN, Action.EXPORT)}


def _form_class(organisation, breach=None):
    """Deciders see the risk and notification fields; rédacteurs record the facts only."""
    if can_record(current_user, Action.DECIDE, organisation, breach):
        return BreachDecisionForm
    return BreachForm


@bp.route("")
@login_required
def index(uai: str):
    """List the organisation's breaches with their 72-hour clock and findings."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can_record(current_user, Action.READ, organisation))
    now = dates.utcnow()
    entries = [(breach, breach_clock(breach, now), breach_findings(breach, now))
               for breach in list_breaches([organisation.id])]
    return render_template("breaches/index.html", organisation=organisation, entries=entries,
                           rights=_rights(organisation))


def _render_form(form, organisation, breach=None, status: int = 200, notice: str = ""):
    fieldsets = FACT_FIELDSETS + (DECISION_FIELDSETS if isinstance(form, BreachDecisionForm)
                                  else [])
    return render_template("breaches/form.html", form=form, organisation=organisation,
                           breach=breach, fieldsets=fieldsets, notice=notice), status


def _prefill(form, activities) -> str:
    """Add the people and data categories of the ticked fiches (the "pre-fill" button)."""
    chosen = [activity for activity in activities
              if str(activity.id) in (form.activities.data or [])]
    people, data = categories_of(chosen)
    form.subject_categories.data = sorted({*(form.subject_categories.data or []), *people})
    form.data_categories.data = sorted({*(form.data_categories.data or []), *data})
    if not chosen:
        return "Cochez d'abord les traitements concernés."
    return ("Personnes et données des traitements cochés ajoutées : vérifiez-les, puis "
            "enregistrez.")


@bp.route("/nouvelle", methods=["GET", "POST"])
@login_required
def create(uai: str):
    """Record a breach; ``?traitement=<id>`` starts from a fiche (its people and data)."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can_record(current_user, Action.CREATE, organisation))
    activities = list_activities(organisation)
    form_class = _form_class(organisation)
    if request.method == "GET":
        form = form_class(formdata=None, activities=activities)
        form.activities.data = [value for value in request.args.getlist("traitement")
                                if value in {str(activity.id) for activity in activities}]
        return _render_form(form, organisation,
                            notice=_prefill(form, activities) if form.activities.data else "")
    form = form_class(activities=activities)
    if "prefill" in request.form:
        return _render_form(form, organisation, notice=_prefill(form, activities))
    if not form.validate():
        return _render_form(form, organisation, status=422)
    try:
        breach = create_breach(organisation, form.data, current_user)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.reference.errors = [REFERENCE_TAKEN]
        return _render_form(form, organisation, status=409)
    flash(f"Violation {breach.reference} enregistrée.", "success")
    return redirect(url_for(".show", uai=organisation.uai, breach_id=breach.id), 303)


@bp.route("/<int:breach_id>")
@login_required
def show(uai: str, breach_id: int):
    """Show a breach: its clock, its findings, every field, the actions allowed."""
    organisation = get_organisation_or_404(current_user, uai)
    breach = get_breach_or_404(current_user, breach_id, organisation)
    now = dates.utcnow()
    return render_template("breaches/show.html", organisation=organisation, breach=breach,
                           clock=breach_clock(breach, now),
                           findings=breach_findings(breach, now),
                           informed=informed_text(breach), rights=_rights(organisation, breach),
                           action_form=ActionForm(formdata=None, version=breach.version))


@bp.route("/<int:breach_id>/modifier", methods=["GET", "POST"])
@login_required
def edit(uai: str, breach_id: int):
    """Edit a breach on top of the version the user saw (409 otherwise)."""
    organisation = get_organisation_or_404(current_user, uai)
    breach = get_breach_or_404(current_user, breach_id, organisation)
    require(can_record(current_user, Action.EDIT, organisation, breach))
    activities = list_activities(organisation)
    form_class = _form_class(organisation, breach)
    if request.method == "GET":
        form = form_class(formdata=None, data=breach_to_dict(breach), activities=activities)
        return _render_form(form, organisation, breach)
    form = form_class(activities=activities)
    if "prefill" in request.form:
        return _render_form(form, organisation, breach, notice=_prefill(form, activities))
    valid = form.validate()
    expected = int(form.version.data) if (form.version.data or "").isdigit() else -1
    try:
        if expected != breach.version:
            raise VersionConflict()
        if not valid:
            return _render_form(form, organisation, breach, status=422)
        update_breach(breach, form.data, current_user, expected)
        db.session.commit()
    except VersionConflict:
        db.session.rollback()
        breach = get_breach_or_404(current_user, breach_id, organisation)
        form.version.data = str(breach.version)
        return _render_form(form, organisation, breach, status=409, notice=_CONFLICT)
    except IntegrityError:
        db.session.rollback()
        form.reference.errors = [REFERENCE_TAKEN]
        return _render_form(form, organisation, breach, status=409)
    flash(f"Violation {breach.reference} enregistrée.", "success")
    return redirect(url_for(".show", uai=organisation.uai, breach_id=breach.id), 303)


@bp.route("/<int:breach_id>/cloture", methods=["POST"], defaults={"action": "close"})
@bp.route("/<int:breach_id>/reouverture", methods=["POST"], defaults={"action": "reopen"})
@login_required
def change_status(uai: str, breach_id: int, action: str):
    """Close a handled breach, or reopen a closed one (responsable, DPD)."""
    organisation = get_organisation_or_404(current_user, uai)
    breach = get_breach_or_404(current_user, breach_id, organisation)
    closing = action == "close"
    require(can_record(current_user, Action.CLOSE if closing else Action.REOPEN,
                       organisation, breach))
    form = ActionForm()
    show_url = url_for(".show", uai=organisation.uai, breach_id=breach.id)
    expected = int(form.version.data) if (form.version.data or "").isdigit() else -1
    try:
        if not form.validate():
            raise BreachError("Le formulaire a expiré : rechargez la page.")
        if closing:
            close_breach(breach, current_user, dates.utcnow(), expected)
        else:
            reopen_breach(breach, current_user, expected)
        db.session.commit()
    except VersionConflict:
        db.session.rollback()
        flash("La violation a été modifiée entre-temps : relisez-la avant de la clore.", "error")
        return redirect(show_url, 303)
    except BreachError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(show_url, 303)
    flash(f"Violation {breach.reference} {'close' if closing else 'rouverte'}.", "success")
    return redirect(show_url, 303)


@bp.route("/<int:breach_id>/historique")
@login_required
def history(uai: str, breach_id: int):
    """Every revision of a breach and the field-level diff between two of them."""
    organisation = get_organisation_or_404(current_user, uai)
    breach = get_breach_or_404(current_user, breach_id, organisation)
    revisions = list_record_revisions(BreachRevision, breach.id)
    form, comparison = compare_revisions(revisions, request.args, BREACH_LABELS,
                                         "Cette version n'existe pas pour cette violation.")
    return render_template("breaches/history.html", organisation=organisation, breach=breach,
                           revisions=list(reversed(revisions)), form=form,
                           comparison=comparison, labels=BREACH_LABELS,
                           page_url=url_for(".history", uai=organisation.uai,
                                            breach_id=breach.id))
