"""Reading a JSON request body safely: bounded size, JSON only, an object at the top."""
from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from registre.api.errors import ApiError

# A complete fiche with many rows stays far below this; bigger bodies are refused (413).
MAX_JSON_BYTES = 1024 * 1024


TOO_LARGE = f"Le corps JSON dépasse {MAX_JSON_BYTES // 1024} Kio."


def read_json_object() -> dict:
    """Return the request's JSON object, or refuse it (413, 415, 400) with a French message."""
    if request.content_length is not None and request.content_length > MAX_JSON_BYTES:
        raise ApiError(413, TOO_LARGE)
    if request.mimetype != "application/json":
        raise ApiError(415)
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise ApiError(413, TOO_LARGE) from None
    if len(raw) > MAX_JSON_BYTES:
        raise ApiError(413, TOO_LARGE)
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # absurdly nested JSON
        payload = None
    if payload is None:
        raise ApiError(400, "Le corps de la requête n'est pas un JSON valide (UTF-8).")
    if not isinstance(payload, dict):
        raise ApiError(400, "Le corps de la requête doit être un objet JSON ({…}).")
    return whole_numbers(payload)


def whole_numbers(value):
    """JSON makes no difference between ``3`` and ``3.0`` (JSON Schema calls both integers):
    read a number without fractional part as the integer it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [whole_numbers(item) for item in value]
    if isinstance(value, dict):
        return {key: whole_numbers(item) for key, item in value.items()}
    return value
