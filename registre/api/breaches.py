"""JSON API of the breach register: ``/api/v1/organisations/<uai>/breaches``, ``/breaches/<id>``.

Bearer tokens only, the scopes and the web form's rules (design §5): outside the scope is
404, errors are ``{"error", "message", "fields"}`` in French, ``PUT`` carries ``version``.
"""
from flask import jsonify

from registre import dates
from registre.activities.services import list_activities
from registre.api.auth import api_user
from registre.api.payload import read_json_object
from registre.api.records import (
    answer_created,
    answer_updated,
    bind_record_form,
    register_blueprint,
)
from registre.breaches.findings import breach_findings
from registre.breaches.forms import BreachDecisionForm, BreachForm
from registre.breaches.serialization import DECISION_FIELDS, SYSTEM_FIELDS, breach_to_dict
from registre.breaches.services import (
    VersionConflict,
    create_breach,
    list_breaches,
    update_breach,
)
from registre.scopes import Action, can_record, get_breach_or_404, get_organisation_or_404, require

bp = register_blueprint("breaches_api", __name__)

READ_ONLY = {*SYSTEM_FIELDS, "findings"}
# What a new record answers where the body says nothing (the web form's defaults).
NEW = {"risk": None, "cnil_notified": "a_faire", "subjects_informed": "a_faire"}


def breach_json(breach) -> dict:
    """A breach as the API writes it: its fields and its findings now."""
    return {**breach_to_dict(breach),
            "findings": [finding.to_dict()
                         for finding in breach_findings(breach, dates.utcnow())]}


def _bind(payload: dict, organisation, current: dict, breach=None):
    may_decide = can_record(api_user(), Action.DECIDE, organisation, breach)
    return bind_record_form(BreachDecisionForm if may_decide else BreachForm, payload, current,
                            READ_ONLY, DECISION_FIELDS, may_decide,
                            activities=list_activities(organisation))


@bp.get("/organisations/<uai>/breaches")
def list_organisation_breaches(uai: str):
    """The organisation's breaches, open ones first."""
    organisation = get_organisation_or_404(api_user(), uai)
    require(can_record(api_user(), Action.READ, organisation))
    return jsonify(uai=organisation.uai,
                   breaches=[breach_json(breach) for breach in list_breaches([organisation.id])])


@bp.post("/organisations/<uai>/breaches")
def create_organisation_breach(uai: str):
    """Record a breach (201 and its address)."""
    organisation = get_organisation_or_404(api_user(), uai)
    require(can_record(api_user(), Action.CREATE, organisation))
    return answer_created(create_breach, organisation,
                          _bind(read_json_object(), organisation, dict(NEW)), breach_json,
                          "breaches_api.get_breach", "breach_id")


@bp.get("/breaches/<int:breach_id>")
def get_breach(breach_id: int):
    """One breach with its findings."""
    breach = get_breach_or_404(api_user(), breach_id)
    require(can_record(api_user(), Action.READ, breach.organisation, breach))
    return jsonify(breach_json(breach))


@bp.put("/breaches/<int:breach_id>")
def put_breach(breach_id: int):
    """Change a breach; ``version`` must be the one last read (409 otherwise)."""
    breach = get_breach_or_404(api_user(), breach_id)
    require(can_record(api_user(), Action.EDIT, breach.organisation, breach))
    return answer_updated(breach, read_json_object(), _bind, breach_to_dict, update_breach,
                          breach_json, "Cette violation", VersionConflict)
