"""JSON API for findings: ``/api/v1/activities/<id>/findings`` and ``/organisations/<uai>/findings``.

Authenticated only by ``Authorization: Bearer <token>`` (never the session cookie), with the
same scope rules as the web pages: outside the scope is 404, errors are JSON.
"""
from flask import Blueprint, jsonify

from registre.api.auth import api_rate_limit, api_user, authenticate_request
from registre.compliance.dashboards import organisation_summary
from registre.compliance.services import RULES, activity_score, count_severities
from registre.compliance.stored import activity_findings
from registre.extensions import csrf
from registre.scopes import Action, can, get_activity_or_404, get_organisation_or_404, require

bp = Blueprint("compliance_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
api_rate_limit(bp)


@bp.before_request
def _authenticate() -> None:
    authenticate_request()


def _activity_json(activity, findings) -> dict:
    return {"id": activity.id, "uai": activity.organisation.uai,
            "reference": activity.reference, "name": activity.name,
            "status": activity.status.value, "score": activity_score(findings),
            "counts": count_severities(findings),
            "findings": [finding.to_dict() for finding in findings]}


@bp.get("/activities/<int:activity_id>/findings")
def activity(activity_id: int):
    """The findings of one activity in the token owner's scope."""
    found = get_activity_or_404(api_user(), activity_id)
    require(can(api_user(), Action.READ, found.organisation, found))
    return jsonify(_activity_json(found, activity_findings(found)))


@bp.get("/organisations/<uai>/findings")
def organisation(uai: str):
    """The findings of an organisation's current activities, with counts and score."""
    found = get_organisation_or_404(api_user(), uai)
    require(can(api_user(), Action.READ, found))
    summary = organisation_summary(found)
    return jsonify({
        "uai": found.uai, "name": found.name, "score": summary.score,
        "counts": summary.by_severity,
        "by_rule": {rule: {"erreur": errors, "avertissement": warnings}
                    for rule, _, errors, warnings in summary.by_rule},
        "rules": RULES,
        "due_for_review": [activity.id for activity in summary.due_for_review],
        "activities": [_activity_json(activity, findings)
                       for activity, findings in summary.activities],
    })
