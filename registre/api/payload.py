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
    return payload
