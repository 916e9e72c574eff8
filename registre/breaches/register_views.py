"""The DPD's view of an académie's breaches, and the breach register's exports."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from registre import dates
from registre.breaches.clock import breach_clock
from registre.breaches.exports import breach_export
from registre.breaches.findings import breach_findings
from registre.breaches.services import list_breaches
from registre.exports.records import download_response
from registre.scopes import (
    Action,
    can_manage_academie,
    can_record,
    get_academie_or_404,
    get_organisation_or_404,
    require,
)

bp = Blueprint("breach_registers", __name__)


@bp.route("/academies/<code>/violations")
@login_required
def academie(code: str):
    """Every breach of the académie's organisations, open ones and errors first."""
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.READ))
    now = dates.utcnow()
    entries = [(breach, breach_clock(breach, now), breach_findings(breach, now))
               for breach in list_breaches([org.id for org in academie.organisations])]
    entries.sort(key=lambda entry: (not entry[0].is_open,
                                    not any(f.severity == "erreur" for f in entry[2])))
    return render_template("breaches/academie.html", academie=academie, entries=entries)


@bp.route("/etablissements/<uai>/violations/export.<fmt>")
@login_required
def organisation_export(uai: str, fmt: str):
    """Download an organisation's breach register (one fiche per breach)."""
    organisation = get_organisation_or_404(current_user, uai)
    require(can_record(current_user, Action.EXPORT, organisation))
    breaches = list_breaches([organisation.id])
    return download_response(breach_export(breaches, dates.utcnow(), organisation=organisation), fmt)


@bp.route("/academies/<code>/violations/export.<fmt>")
@login_required
def academie_export(code: str, fmt: str):
    """Download the breaches of every organisation of an académie."""
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.EXPORT))
    breaches = list_breaches([org.id for org in academie.organisations])
    return download_response(breach_export(breaches, dates.utcnow(), academie=academie), fmt)
