"""JSON errors of the API: ``{"error", "message", "fields"}``, French messages, never HTML."""
from flask import jsonify
from werkzeug.exceptions import HTTPException

# Stable machine-readable codes, with the French message used when none is given.
# Every endpoint needs a valid token (401: missing, unknown, revoked or expired) and counts
# against the token's request budget (429, with Retry-After): the errors the OpenAPI
# document lists for a reading and for a writing operation.
READ_ERRORS = (401, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 415, 422, 429)

ERRORS = {
    400: ("requete_invalide", "La requête n'a pas pu être comprise."),
    401: ("authentification_requise",
          "Authentifiez-vous avec l'en-tête « Authorization: Bearer <jeton> »."),
    403: ("interdit", "Vous n'avez pas le droit de faire cette action."),
    404: ("introuvable", "Cette ressource n'existe pas ou n'est pas accessible."),
    405: ("methode_non_autorisee", "Cette méthode HTTP n'est pas possible sur cette adresse."),
    409: ("conflit", "Les données ont été modifiées entre-temps."),
    413: ("trop_volumineux", "Le corps de la requête dépasse la taille autorisée."),
    415: ("type_non_supporte",
          "Envoyez un corps JSON avec l'en-tête « Content-Type: application/json »."),
    422: ("donnees_invalides", "Certaines valeurs ne sont pas valides : voir « fields »."),
    429: ("trop_de_requetes", "Trop de requêtes : patientez avant de réessayer."),
    500: ("erreur_interne", "Une erreur est survenue ; elle a été signalée."),
}
# Headers of an HTTP error that a client needs (e.g. the allowed methods of a 405).
_KEPT_HEADERS = {"allow", "www-authenticate", "retry-after"}


class ApiError(HTTPException):
    """An API refusal with a status, a French message, per-field messages and extra data."""

    def __init__(self, code: int, message: str | None = None,
                 fields: dict[str, str] | None = None, **extra):
        self.code = code
        super().__init__(message or ERRORS.get(code, ERRORS[500])[1])
        self.fields = fields or {}
        self.extra = extra


def json_error(code: int, message: str | None = None, fields: dict | None = None,
               headers: dict | None = None, **extra):
    """Build the JSON error response for a status code."""
    error, default = ERRORS.get(code, ERRORS[500])
    body = {"error": error, "message": message or default, "fields": fields or {}}
    body.update(extra)
    response = jsonify(body)
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="registre"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def json_http_error(error: HTTPException):
    """Turn any HTTP exception raised under ``/api/`` into the JSON error format."""
    if isinstance(error, ApiError):
        return json_error(error.code, error.description, error.fields, **error.extra)
    code = error.code or 500
    # Werkzeug's default descriptions are English: only our own (French) ones are shown.
    message = error.description if error.description != type(error).description else None
    if code == 429:  # Flask-Limiter describes the limit in English ("300 per 1 minute")
        message = None
    headers = {name: value for name, value in error.get_headers()
               if name.lower() in _KEPT_HEADERS}
    incident = getattr(error, "incident", None)
    extra = {"incident": incident} if incident else {}
    return json_error(code, message, headers=headers, **extra)
