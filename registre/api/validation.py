"""Validation of API bodies: the web form's definition (placeholder until it lands)."""
from registre.api.errors import ApiError


def validate_activity_payload(payload: dict, organisation, activity=None) -> dict:
    raise ApiError(501)


def validate_transition_payload(payload: dict):
    raise ApiError(501)
