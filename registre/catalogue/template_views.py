"""Model fiches of the académie catalogue, shown and edited like the fiches of a register."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from registre.activities import editing
from registre.activities.form_data import activity_to_form_data, form_to_activity_data
from registre.activities.forms import FIELDSETS, ActivityForm
from registre.catalogue.services import CatalogueError
from registre.catalogue.template_fiche import (
    TemplateOwner,
    template_activity,
    template_sections,
    update_template_fiche,
)
from registre.catalogue.views import _start_refresh, entry_or_404, managed_academie
from registre.compliance.tasks import new_refresh_job
from registre.extensions import db
from registre.models import ActivityTemplate
from registre.scopes import Action, can_manage_academie

bp = Blueprint("catalogue_templates", __name__, url_prefix="/academies/<code>/modeles")


@bp.route("/<int:template_id>")
@login_required
def show(code: str, template_id: int):
    """Every section of a model fiche, as a school's fiche shows them."""
    academie = managed_academie(code, Action.READ)
    template = entry_or_404(ActivityTemplate, academie, template_id)
    return render_template(
        "catalogue/template_show.html", academie=academie, template=template,
        sections=template_sections(template),
        may_manage=can_manage_academie(current_user, academie, Action.MANAGE_CATALOGUE))


def _render(form, academie, template, status=200, notice=None):
    return render_template(
        "catalogue/template_fiche_form.html", form=form, organisation=TemplateOwner(academie),
        activity=None, academie=academie, template=template, fieldsets=FIELDSETS,
        prototypes=editing.row_prototypes(form), conflict=None, notice=notice,
        cancel_url=url_for(".show", code=academie.code, template_id=template.id)), status


@bp.route("/<int:template_id>/fiche", methods=["GET", "POST"])
@login_required
def edit(code: str, template_id: int):
    """Edit a model fiche with the fiche form; fiches created from it are checked again."""
    academie = managed_academie(code, Action.MANAGE_CATALOGUE)
    template = entry_or_404(ActivityTemplate, academie, template_id)
    owner = TemplateOwner(academie)
    if request.method == "GET":
        form = ActivityForm(data=activity_to_form_data(template_activity(template)),
                            organisation=owner)
        return _render(form, academie, template)
    formdata = editing.clean_formdata(request.form)
    form = ActivityForm(formdata=formdata, organisation=owner)
    notice = editing.apply_row_button(form, formdata)
    if notice:
        return _render(form, academie, template, notice=notice)
    if not form.validate():
        return _render(form, academie, template, status=422)
    try:
        update_template_fiche(template, form_to_activity_data(form))
    except CatalogueError as error:
        return _render(form, academie, template, status=422, notice=str(error))
    job = new_refresh_job(current_user, "modele", template.id, academie)
    db.session.commit()
    flash(f"Modèle « {template.name} » enregistré.", "success")
    _start_refresh(job)
    return redirect(url_for(".show", code=academie.code, template_id=template.id), 303)
