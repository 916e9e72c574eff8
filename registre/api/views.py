"""Endpoints of ``/api/v1`` (design §5): short views over the same services as the web."""
from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from werkzeug.exceptions import HTTPException

from registre.activities.services import (
    VersionConflict,
    create_activity,
    list_activities,
    update_activity,
)
from registre.activities.workflow import (
    WorkflowConflict,
    WorkflowError,
    WorkflowForbidden,
    transition_activity,
)
from registre.api.auth import api_rate_limit, api_user, authenticate_request
from registre.api.errors import ApiError, json_http_error
from registre.api.openapi import api_paths, openapi_document
from registre.api.payload import read_json_object
from registre.api.validation import validate_activity_payload, validate_transition_payload
from registre.extensions import csrf, db
from registre.fiche.serialization import activity_to_dict
from registre.history.revisions import list_revisions, revision_to_dict
from registre.links import external_url
from registre.models import Activity, Status
from registre.scopes import Action, can, get_activity_or_404, get_organisation_or_404, require

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # No cookie authenticates the API, so there is no cross-site request to forge.
api_rate_limit(bp)

PUBLIC_ENDPOINTS = {"api.openapi"}
_REFERENCE_TAKEN = ("Cette référence vient d'être prise par un autre enregistrement : "
                    "réessayez (laissez-la vide pour en recevoir une).")


@bp.before_request
def _authenticate() -> None:
    if request.endpoint not in PUBLIC_ENDPOINTS:
        authenticate_request()


@bp.errorhandler(HTTPException)
def _on_error(error: HTTPException):
    """Every refusal is JSON and leaves nothing half-written (other errors: the app's 500)."""
    db.session.rollback()
    return json_http_error(error)


def _conflict(activity: Activity):
    """Answer 409 with the activity as it is now, so that the client can merge."""
    db.session.rollback()
    try:
        db.session.refresh(activity)
    except InvalidRequestError:  # deleted meanwhile
        raise ApiError(404) from None
    raise ApiError(409, f"Ce traitement a été modifié entre-temps : la version actuelle est "
                        f"{activity.version}. Relisez-le et appliquez de nouveau vos "
                        f"modifications.",
                   {"version": f"La version actuelle est {activity.version}."},
                   current_version=activity.version, current=activity_to_dict(activity))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document (readable without a token, like any documentation)."""
    return jsonify(openapi_document(api_paths(current_app)))


@bp.get("/organisations/<uai>/activities")
def list_organisation_activities(uai: str):
    """List an organisation's activities, optionally of one ``status``."""
    user = api_user()
    organisation = get_organisation_or_404(user, uai)
    require(can(user, Action.READ, organisation))
    status = request.args.get("status")
    if status and status not in {member.value for member in Status}:
        allowed = ", ".join(member.value for member in Status)
        raise ApiError(400, "Statut inconnu.",
                       {"status": f"« {status} » n'est pas un statut ; valeurs possibles : "
                                  f"{allowed}."})
    activities = list_activities(organisation, status=status or None)
    return jsonify(uai=organisation.uai,
                   activities=[activity_to_dict(activity) for activity in activities])


@bp.post("/organisations/<uai>/activities")
def create_organisation_activity(uai: str):
    """Create a draft activity from a JSON body validated like the web form."""
    user = api_user()
    organisation = get_organisation_or_404(user, uai)
    require(can(user, Action.CREATE, organisation))
    data = validate_activity_payload(read_json_object(), organisation)
    try:
        activity = create_activity(organisation, data, user)
        db.session.commit()
    except IntegrityError:  # a simultaneous creation took the same reference
        raise ApiError(409, _REFERENCE_TAKEN, {"reference": _REFERENCE_TAKEN}) from None
    location = external_url("api.get_activity", activity_id=activity.id)
    return jsonify(activity_to_dict(activity)), 201, {"Location": location}


@bp.get("/activities/<int:activity_id>")
def get_activity(activity_id: int):
    """Return one activity."""
    user = api_user()
    activity = get_activity_or_404(user, activity_id)
    require(can(user, Action.READ, activity.organisation, activity))
    return jsonify(activity_to_dict(activity))


@bp.put("/activities/<int:activity_id>")
def put_activity(activity_id: int):
    """Replace an activity's editable fields; ``version`` must be the one last read."""
    user = api_user()
    activity = get_activity_or_404(user, activity_id)
    require(can(user, Action.EDIT, activity.organisation, activity))
    payload = read_json_object()
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ApiError(422, "Indiquez la version du traitement que vous avez lue.",
                       {"version": "Champ obligatoire : la version lue (nombre entier positif)."})
    if version != activity.version:
        _conflict(activity)
    data = validate_activity_payload(payload, activity.organisation, activity)
    try:
        update_activity(activity, data, user, expected_version=version)
        db.session.commit()
    except VersionConflict:  # includes a concurrent save caught by the database
        _conflict(activity)
    except IntegrityError:
        raise ApiError(409, _REFERENCE_TAKEN, {"reference": _REFERENCE_TAKEN}) from None
    return jsonify(activity_to_dict(activity))


@bp.post("/activities/<int:activity_id>/transition")
def transition(activity_id: int):
    """Move an activity through the workflow (``{"to": "en_service", "comment": …}``)."""
    user = api_user()
    activity = get_activity_or_404(user, activity_id)
    form = validate_transition_payload(read_json_object())
    try:
        transition_activity(activity, user, form.to.data, comment=form.comment.data,
                            ended_on=form.ended_on.data, acknowledged=form.acknowledge.data,
                            expected_version=form.version.data)
        db.session.commit()
    except WorkflowForbidden as error:
        raise ApiError(403, error.message) from error
    except VersionConflict:
        _conflict(activity)
    except WorkflowError as error:
        # The body may be right and the fiche not ready (its status, what it lacks): that is a
        # conflict with the fiche as it is (409); a wrong body is 422.
        code = 409 if isinstance(error, WorkflowConflict) else 422
        raise ApiError(code, error.message,
                       {finding.field: finding.message for finding in error.findings
                        if getattr(finding, "field", None)},
                       findings=[finding.to_dict() for finding in error.findings]) from error
    return jsonify(activity_to_dict(activity))


@bp.get("/activities/<int:activity_id>/revisions")
def revisions(activity_id: int):
    """List every revision of an activity, oldest first, with its full snapshot."""
    user = api_user()
    activity = get_activity_or_404(user, activity_id)
    require(can(user, Action.READ, activity.organisation, activity))
    return jsonify(activity_id=activity.id,
                   revisions=[revision_to_dict(revision)
                              for revision in list_revisions(activity.id)])
