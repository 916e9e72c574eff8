"""Académie catalogues (DPD, admin): processors and activity templates."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from registre.catalogue.forms import (
    ProcessorForm,
    TemplateForm,
    processor_form_data,
    processor_values,
)
from registre.catalogue.services import (
    CatalogueError,
    delete_processor,
    delete_template,
    list_processors,
    list_templates,
    processor_activities,
    processor_usage,
    save_activity_as_template,
    save_processor,
    templates_naming,
    update_template,
)
from registre.compliance.tasks import new_refresh_job, refresh_notice
from registre.extensions import db
from registre.jobs.runner import enqueue
from registre.models import ActivityTemplate, Processor
from registre.scopes import (
    Action,
    can,
    can_manage_academie,
    get_academie_or_404,
    get_activity_or_404,
    require,
)

bp = Blueprint("catalogue", __name__, url_prefix="/academies/<code>")


def managed_academie(code: str, action: Action):
    """Load the académie within the user's scope (404), then check the action (403)."""
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, action))
    return academie


def entry_or_404(model, academie, object_id: int):
    """Load a catalogue entry of this académie, else 404."""
    entry = db.session.get(model, object_id)
    if entry is None or entry.academie_id != academie.id:
        raise NotFound()
    return entry


def _start_refresh(job) -> None:
    """Start the (committed) job recomputing the findings a catalogue change concerns."""
    if job is not None:
        enqueue(job)
        flash(refresh_notice(job), "info")


# --- Processors -------------------------------------------------------------------------

@bp.route("/sous-traitants")
@login_required
def processors(code: str):
    """List the académie's processors with the number of activities using each."""
    academie = managed_academie(code, Action.READ)
    return render_template(
        "catalogue/processors.html", academie=academie, processors=list_processors(academie),
        usage=processor_usage(academie),
        may_manage=can_manage_academie(current_user, academie, Action.MANAGE_CATALOGUE))


@bp.route("/sous-traitants/nouveau", methods=["GET", "POST"])
@bp.route("/sous-traitants/<int:processor_id>/modifier", methods=["GET", "POST"])
@login_required
def edit_processor(code: str, processor_id: int | None = None):
    """Create or edit a processor; every bad input is reported and nothing is saved."""
    academie = managed_academie(code, Action.MANAGE_CATALOGUE)
    processor = entry_or_404(Processor, academie, processor_id) if processor_id else None
    form = ProcessorForm(data=processor_form_data(processor)
                         if processor and request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            saved = save_processor(academie, processor_values(form), processor)
        except CatalogueError as error:
            form.name.errors.append(str(error))
        else:
            job = new_refresh_job(current_user, "sous_traitant", saved.id, academie)
            db.session.commit()
            flash(f"Sous-traitant « {saved.name} » enregistré.", "success")
            _start_refresh(job)
            return redirect(url_for(".processors", code=academie.code))
    status = 400 if form.errors else 200
    return render_template("catalogue/processor_form.html", academie=academie, form=form,
                           processor=processor), status


@bp.route("/sous-traitants/<int:processor_id>/supprimer", methods=["GET", "POST"])
@login_required
def remove_processor(code: str, processor_id: int):
    """Ask for confirmation (GET: the fiches and models still using it, which block the
    deletion), then delete a processor that no activity or template uses (POST)."""
    academie = managed_academie(code, Action.MANAGE_CATALOGUE)
    processor = entry_or_404(Processor, academie, processor_id)
    if request.method == "GET":
        return render_template("catalogue/processor_delete.html", academie=academie,
                               processor=processor, activities=processor_activities(processor),
                               templates=templates_naming(processor))
    try:
        delete_processor(processor)
    except CatalogueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".remove_processor", code=academie.code,
                                processor_id=processor.id))
    else:
        db.session.commit()
        flash(f"Sous-traitant « {processor.name} » supprimé.", "success")
    return redirect(url_for(".processors", code=academie.code))


# --- Templates --------------------------------------------------------------------------

@bp.route("/modeles")
@login_required
def templates(code: str):
    """List the académie's activity templates."""
    academie = managed_academie(code, Action.READ)
    return render_template(
        "catalogue/templates.html", academie=academie, templates=list_templates(academie),
        may_manage=can_manage_academie(current_user, academie, Action.MANAGE_CATALOGUE))


@bp.route("/modeles/depuis-traitement/<int:activity_id>", methods=["GET", "POST"])
@login_required
def save_as_template(code: str, activity_id: int):
    """Save an activity of the académie as a template of its catalogue."""
    academie = managed_academie(code, Action.MANAGE_CATALOGUE)
    activity = get_activity_or_404(current_user, activity_id)
    if activity.organisation.academie_id != academie.id:
        raise NotFound()
    form = TemplateForm(data={"name": activity.name} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            template, dropped = save_activity_as_template(activity, academie, form.name.data,
                                                          form.description.data or "")
        except CatalogueError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Modèle « {template.name} » enregistré dans le catalogue.", "success")
            if dropped:
                flash(f"{dropped} référence(s) à un sous-traitant hors du catalogue de "
                      "l'académie ont été retirées du modèle.", "warning")
            return redirect(url_for(".templates", code=academie.code))
    return render_template("catalogue/template_form.html", academie=academie, form=form,
                           activity=activity), 400 if form.errors else 200


@bp.route("/modeles/<int:template_id>/modifier", methods=["GET", "POST"])
@login_required
def edit_template(code: str, template_id: int):
    """Rename or describe a template."""
    academie = managed_academie(code, Action.MANAGE_CATALOGUE)
    template = entry_or_404(ActivityTemplate, academie, template_id)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        try:
            update_template(template, form.name.data, form.description.data or "")
        except CatalogueError as error:
            form.name.errors.append(str(error))
        else:
            job = new_refresh_job(current_user, "modele", template.id, academie)
            db.session.commit()
            flash(f"Modèle « {template.name} » enregistré.", "success")
            _start_refresh(job)
            return redirect(url_for(".templates", code=academie.code))
    return render_template("catalogue/template_form.html", academie=academie, form=form,
                           template=template), 400 if form.errors else 200


@bp.route("/modeles/<int:template_id>/supprimer", methods=["POST"])
@login_required
def remove_template(code: str, template_id: int):
    """Delete a template (activities created from it are kept)."""
    academie = managed_academie(code, Action.MANAGE_CATALOGUE)
    template = entry_or_404(ActivityTemplate, academie, template_id)
    name = template.name
    delete_template(template)
    db.session.commit()
    flash(f"Modèle « {name} » supprimé.", "success")
    return redirect(url_for(".templates", code=academie.code))


@bp.app_context_processor
def catalogue_helpers() -> dict:
    """Expose the catalogue actions the current user may take on an organisation's pages."""
    return {"catalogue_rights": _catalogue_rights}


def _catalogue_rights(organisation) -> dict[str, bool]:
    return {
        "create": can(current_user, Action.CREATE, organisation),
        "manage": can_manage_academie(current_user, organisation.academie,
                                      Action.MANAGE_CATALOGUE),
    }
