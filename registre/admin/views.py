"""Platform administration (admin only): académies and organisations."""
import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager
from werkzeug.exceptions import NotFound

from registre.admin.forms import (
    ACADEMIE_DETAILS,
    ORGANISATION_DETAILS,
    AcademieForm,
    OrganisationForm,
)
from registre.compliance.tasks import new_refresh_job, refresh_notice
from registre.extensions import db
from registre.forms.fields import select_choices
from registre.jobs.runner import enqueue
from registre.models import Academie, Organisation, Sector
from registre.organisations.services import (
    OrganisationError,
    create_academie,
    create_organisation,
    find_academie,
    find_organisation,
    update_academie,
    update_organisation,
)
from registre.organisations.uai import InvalidUAI
from registre.scopes import can_administer, require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _administrators_only():
    """Every page here is for platform administrators (403 for everybody else)."""
    require(can_administer(current_user))


@bp.route("/academies")
def academies():
    """List the académies with their number of organisations."""
    rows = db.session.execute(
        sa.select(Academie, sa.func.count(Organisation.id))
        .outerjoin(Organisation, Organisation.academie_id == Academie.id)
        .group_by(Academie.id).order_by(Academie.name)).all()
    return render_template("admin/academies.html", rows=rows)


@bp.route("/academies/nouvelle", methods=["GET", "POST"])
@bp.route("/academies/<code>/modifier", methods=["GET", "POST"])
def edit_academie(code: str | None = None):
    """Create or edit an académie and its DPD."""
    academie = find_academie(code) if code else None
    if code and academie is None:
        raise NotFound()
    form = AcademieForm(obj=academie if request.method == "GET" else None)
    if form.validate_on_submit():
        details = {key: getattr(form, key).data or "" for key in ACADEMIE_DETAILS}
        job = None
        try:
            if academie is None:
                academie = create_academie(form.code.data, form.name.data, **details)
            else:
                update_academie(academie, form.code.data, form.name.data, **details)
                # The DPD's contact is an element of art. 30 in every fiche of the académie.
                job = new_refresh_job(current_user, "academie", academie.id, academie)
        except OrganisationError as error:
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Académie « {academie.name} » enregistrée.", "success")
            if job is not None:
                enqueue(job)
                flash(refresh_notice(job), "info")
            return redirect(url_for(".academies"))
    return render_template("admin/academie_form.html", form=form, academie=academie,
                           code=code), 400 if form.errors else 200


@bp.route("/etablissements")
def organisations():
    """List the organisations, optionally of one académie."""
    query = (sa.select(Organisation).join(Organisation.academie)
             .options(contains_eager(Organisation.academie))
             .order_by(Academie.name, Organisation.name))
    selected = request.args.get("academie", "")
    if selected:
        query = query.where(Academie.code == selected)
    return render_template(
        "admin/organisations.html", organisations=db.session.scalars(query).all(),
        academies=db.session.scalars(sa.select(Academie).order_by(Academie.name)).all(),
        selected=selected)


@bp.route("/etablissements/nouveau", methods=["GET", "POST"])
@bp.route("/etablissements/<uai>/modifier", methods=["GET", "POST"])
def edit_organisation(uai: str | None = None):
    """Create or edit an organisation; its UAI is checked."""
    organisation = find_organisation(uai) if uai else None
    if uai and organisation is None:
        raise NotFound()
    form = OrganisationForm(obj=organisation if request.method == "GET" else None)
    if organisation is not None and request.method == "GET":
        form.academie.data = organisation.academie_id
        form.kind.data, form.sector.data = organisation.kind.value, organisation.sector.value
    form.academie.choices = select_choices((a.id, a.name) for a in db.session.scalars(
        sa.select(Academie).order_by(Academie.name)))
    if form.validate_on_submit():
        academie = db.session.get(Academie, form.academie.data)
        details = {key: getattr(form, key).data or "" for key in ORGANISATION_DETAILS}
        details["sector"] = Sector(details["sector"])
        try:
            if organisation is None:
                organisation = create_organisation(form.uai.data, form.name.data,
                                                   form.kind.data, academie, **details)
            else:
                update_organisation(organisation, form.uai.data, form.name.data,
                                    form.kind.data, academie, **details)
        except (InvalidUAI, OrganisationError) as error:
            form.uai.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Établissement « {organisation.name} » ({organisation.uai}) enregistré.",
                  "success")
            return redirect(url_for(".organisations"))
    return render_template("admin/organisation_form.html", form=form,
                           organisation=organisation, uai=uai), 400 if form.errors else 200
