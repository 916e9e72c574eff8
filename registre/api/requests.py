"""JSON API of the rights-request register: ``/api/v1/organisations/<uai>/requests``,
``/api/v1/requests/<id>`` (same conventions as the activity API, design §5)."""
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
from registre.dates import local_date
from registre.requests.findings import request_findings
from registre.requests.forms import RequestDecisionForm, RequestForm
from registre.requests.serialization import DECISION_FIELDS, SYSTEM_FIELDS, request_to_dict
from registre.requests.services import (
    VersionConflict,
    create_request,
    list_requests,
    update_request,
)
from registre.scopes import (
    Action,
    can_record,
    get_organisation_or_404,
    get_rights_request_or_404,
    require,
)

bp = register_blueprint("requests_api", __name__)

READ_ONLY = {*SYSTEM_FIELDS, "findings"}
# What a new record answers where the body says nothing (the web form's defaults).
NEW = {"channel": "courriel", "requester_kind": "parent", "identity_checked": False}


def request_json(record) -> dict:
    """A request as the API writes it: its fields and its findings today."""
    today = local_date(dates.utcnow())
    return {**request_to_dict(record),
            "findings": [finding.to_dict() for finding in request_findings(record, today)]}


def _bind(payload: dict, organisation, current: dict, record=None):
    may_decide = can_record(api_user(), Action.DECIDE, organisation, record)
    return bind_record_form(RequestDecisionForm if may_decide else RequestForm, payload,
                            current, READ_ONLY, DECISION_FIELDS, may_decide,
                            activities=list_activities(organisation), record=record)


@bp.get("/organisations/<uai>/requests")
def list_organisation_requests(uai: str):
    """The organisation's requests, open ones first, by deadline."""
    organisation = get_organisation_or_404(api_user(), uai)
    require(can_record(api_user(), Action.READ, organisation))
    return jsonify(uai=organisation.uai,
                   requests=[request_json(item) for item in list_requests([organisation.id])])


@bp.post("/organisations/<uai>/requests")
def create_organisation_request(uai: str):
    """Record a request (201 and its address); its deadline is computed."""
    organisation = get_organisation_or_404(api_user(), uai)
    require(can_record(api_user(), Action.CREATE, organisation))
    return answer_created(create_request, organisation,
                          _bind(read_json_object(), organisation, dict(NEW)), request_json,
                          "requests_api.get_request", "request_id")


@bp.get("/requests/<int:request_id>")
def get_request(request_id: int):
    """One request with its findings."""
    record = get_rights_request_or_404(api_user(), request_id)
    require(can_record(api_user(), Action.READ, record.organisation, record))
    return jsonify(request_json(record))


@bp.put("/requests/<int:request_id>")
def put_request(request_id: int):
    """Change a request; ``version`` must be the one last read (409 otherwise)."""
    record = get_rights_request_or_404(api_user(), request_id)
    require(can_record(api_user(), Action.EDIT, record.organisation, record))
    return answer_updated(record, read_json_object(), _bind, request_to_dict, update_request,
                          request_json, "Cette demande", VersionConflict)
