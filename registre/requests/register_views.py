"""The DPD's dashboard of an académie's rights requests, and the register's exports."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from registre import dates
from registre.dates import local_date
from registre.exports.records import download_response
from registre.requests.exports import request_export
from registre.requests.services import list_requests, requests_to_watch
from registre.requests.views import entries_of
from registre.scopes import (
    Action,
    can_manage_academie,
    can_record,
    get_academie_or_404,
    get_organisation_or_404,
    require,
)

bp = Blueprint("request_registers", __name__)


@bp.route("/academies/<code>/demandes")
@login_required
def academie(code: str):
    """Late requests and those due within 7 days, then every request of the académie."""
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.READ))
    today = local_date(dates.utcnow())
    ids = [organisation.id for organisation in academie.organisations]
    return render_template("requests/academie.html", academie=academie,
                           watch=entries_of(requests_to_watch(ids, today), today),
                           entries=entries_of(list_requests(ids), today))


@bp.route("/etablissements/<uai>/demandes/export.<fmt>")
@login_required
def organisation_export(uai: str, fmt: str):
    """Download an organisation's rights-request register."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can_record(current_user, Action.EXPORT, organisation))
    return download_response(request_export(list_requests([organisation.id]), dates.utcnow(),
                                    organisation=organisation), fmt)


@bp.route("/academies/<code>/demandes/export.<fmt>")
@login_required
def academie_export(code: str, fmt: str):
    """Download the rights requests of every organisation of an académie."""
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.EXPORT))
    ids = [organisation.id for organisation in academie.organisations]
    return download_response(request_export(list_requests(ids), dates.utcnow(), academie=academie), fmt)
