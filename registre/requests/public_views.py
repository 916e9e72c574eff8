"""Parents file a rights request on the public page of a school (no login)."""
from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from registre import dates
from registre.dates import local_date
from registre.extensions import db, limiter
from registre.i18n import N_
from registre.public.services import find_public_organisation
from registre.requests.notifications import notify_online_request
from registre.requests.public_forms import PublicRequestForm
from registre.requests.services import file_online_request

bp = Blueprint("request_form", __name__, url_prefix="/registre")

_RECEIPT = "demande_envoyee"
_NOT_FOUND = (N_("Registre introuvable"), N_("Aucun registre public ne correspond à cette adresse."))


def _rate_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


def _organisation_or_404(uai: str):
    organisation = find_public_organisation(uai)
    if organisation is None:
        return None, Response(render_template("public/not_found.html", message=_NOT_FOUND),
                              status=404)
    return organisation, None


@bp.route("/<uai>/demande", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def file_request(uai: str):
    """The request form; a valid request lands in the register with its deadline."""
    organisation, not_found = _organisation_or_404(uai)
    if not_found is not None:
        return not_found
    form = PublicRequestForm()
    if request.method == "POST":
        if form.validate() and not form.is_robot():
            today = local_date(dates.utcnow())
            filed = file_online_request(organisation, {
                name: form[name].data for name in
                ("kind", "requester_kind", "requester_name", "requester_contact", "message")},
                today)
            db.session.commit()
            notify_online_request(filed)
            session[_RECEIPT] = {"uai": organisation.uai, "reference": filed.reference,
                                 "due_on": filed.due_on.isoformat(),
                                 "contact": filed.requester_contact}
            return redirect(url_for(".sent", uai=organisation.uai), 303)
        status = 422
    else:
        status = 200
    return render_template("requests/public_form.html", organisation=organisation, form=form,
                           refused=form.is_robot()), status


@bp.get("/<uai>/demande/envoyee")
def sent(uai: str):
    """The reference number of the request just filed from this browser."""
    organisation, not_found = _organisation_or_404(uai)
    if not_found is not None:
        return not_found
    receipt = session.get(_RECEIPT)
    if not receipt or receipt.get("uai") != organisation.uai:
        return redirect(url_for(".file_request", uai=organisation.uai))
    return render_template("requests/public_sent.html", organisation=organisation,
                           receipt=receipt)
