"""New drafts copied from the catalogue: from a template, by duplication, or in bulk."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from registre.catalogue.forms import ApplyTemplateForm, FromTemplateForm
from registre.catalogue.services import (
    CatalogueError,
    create_from_template,
    duplicate_activity,
    get_template_or_none,
    list_templates,
    organisations_with_copies,
    template_organisations,
)
from registre.catalogue.views import entry_or_404, managed_academie
from registre.extensions import db
from registre.forms.fields import select_choices
from registre.jobs.runner import enqueue
from registre.jobs.services import new_job
from registre.models import ActivityTemplate, JobKind
from registre.organisations.forms import OrganisationFilterForm, filter_organisations
from registre.scopes import (
    Action,
    can,
    get_activity_or_404,
    get_organisation_or_404,
    require,
)

bp = Blueprint("catalogue_copies", __name__)


@bp.route("/etablissements/<uai>/traitements/depuis-modele", methods=["GET", "POST"])
@login_required
def from_template(uai: str):
    """Start a draft of the organisation's register from a template of its académie."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can(current_user, Action.CREATE, organisation))
    templates = list_templates(organisation.academie)
    form = FromTemplateForm()
    form.template_id.choices = select_choices((t.id, t.name) for t in templates)
    if form.validate_on_submit():
        template = get_template_or_none(organisation.academie, form.template_id.data)
        try:
            if template is None:
                raise CatalogueError("Ce modèle n'existe pas dans votre académie.")
            activity = create_from_template(template, organisation, current_user,
                                            form.name.data or "")
        except CatalogueError as error:
            form.template_id.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Brouillon « {activity.name} » ({activity.reference}) créé à partir du "
                  f"modèle « {template.name} ». Complétez-le avant de le soumettre.", "success")
            return redirect(url_for("activities.show", uai=organisation.uai,
                                    activity_id=activity.id))
    return render_template("catalogue/from_template.html", organisation=organisation,
                           form=form, templates=templates), 400 if form.errors else 200


@bp.route("/etablissements/<uai>/traitements/<int:activity_id>/dupliquer", methods=["POST"])
@login_required
def duplicate(uai: str, activity_id: int):
    """Copy an activity into a new draft of the same register."""
    organisation = get_organisation_or_404(current_user, uai)
    source = get_activity_or_404(current_user, activity_id, organisation)
    require(can(current_user, Action.CREATE, organisation))
    copy = duplicate_activity(source, current_user)
    db.session.commit()
    flash(f"Copie créée : « {copy.name} » ({copy.reference}), en brouillon.", "success")
    return redirect(url_for("activities.show", uai=organisation.uai, activity_id=copy.id))


@bp.route("/academies/<code>/modeles/<int:template_id>/appliquer", methods=["GET", "POST"])
@login_required
def apply(code: str, template_id: int):
    """Create a draft from one template in several organisations of the académie at once."""
    academie = managed_academie(code, Action.MANAGE_CATALOGUE)
    template = entry_or_404(ActivityTemplate, academie, template_id)
    filters = OrganisationFilterForm(request.args)
    organisations = filter_organisations(academie.organisations, **filters.criteria())
    copies = organisations_with_copies(template)
    form = ApplyTemplateForm()
    form.organisations.choices = select_choices(
        (org.id, f"{org.name} ({org.uai})" + (
            f" — a déjà la fiche {', '.join(copies[org.id])} issue de ce modèle : ignoré"
            if org.id in copies else "")) for org in organisations)
    submitted = form.validate_on_submit()
    if submitted and form.select_all.data:
        # "Tout cocher" without JavaScript: every school shown, except those already served.
        form.organisations.data = [org.id for org in organisations if org.id not in copies]
    elif submitted:
        try:
            chosen = template_organisations(template, form.organisations.data or [])
            skipped = [org for org in chosen if org.id in copies]
            chosen = [org for org in chosen if org.id not in copies]
            if not chosen:
                raise CatalogueError("Les établissements cochés ont déjà une fiche issue de ce "
                                     "modèle : aucun brouillon à créer.")
        except CatalogueError as error:
            form.organisations.errors.append(str(error))
        else:
            # One draft per organisation, all or none, created by a job (there may be
            # hundreds): its page shows the progress, then the drafts created.
            job = new_job(JobKind.APPLY_TEMPLATE, current_user,
                          {"template_id": template.id,
                           "organisation_ids": [org.id for org in chosen]},
                          academie=academie, total=len(chosen),
                          back={"endpoint": "catalogue.templates",
                                "values": {"code": academie.code},
                                "text": "Retour aux modèles"})
            db.session.commit()
            enqueue(job)
            if skipped:
                flash(f"{len(skipped)} établissement(s) ignoré(s) : ils ont déjà une fiche "
                      f"issue de ce modèle ({', '.join(org.name for org in skipped[:10])}"
                      f"{'…' if len(skipped) > 10 else ''}).", "warning")
            return redirect(url_for("jobs.show", job_id=job.id))
    return render_template("catalogue/apply.html", academie=academie, template=template,
                           form=form, filters=filters, copies=copies,
                           shown=len(organisations)), 400 if form.errors else 200
