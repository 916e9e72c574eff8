"""French error pages, without stack traces; JSON errors where a JSON interface says so.

The JSON format belongs to the interface that speaks it: :func:`create_app` hands
:func:`init_error_handlers` the renderer of each URL prefix (the API's under ``/api/``), so
that this module, below every feature, imports none of them.
"""
import secrets
from collections.abc import Callable

from flask import Flask, Response, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from registre.audit.services import record_event
from registre.extensions import db
from registre.models import AuditAction, AuditOutcome

JsonRenderer = Callable[[HTTPException], Response]
_RENDERERS = "registre.json_errors"

MESSAGES = {
    400: ("Requête invalide", "La demande n'a pas pu être comprise."),
    401: ("Connexion requise", "Connectez-vous pour accéder à cette page."),
    403: ("Accès refusé", "Vous n'avez pas le droit de faire cette action."),
    404: ("Page introuvable", "Cette page n'existe pas ou n'est pas accessible."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible de cette façon."),
    409: ("Conflit", "Les données ont été modifiées entre-temps."),
    413: ("Fichier trop volumineux", "Le fichier envoyé dépasse la taille autorisée."),
    429: ("Trop de tentatives", "Trop de tentatives : patientez une minute avant de réessayer."),
    500: ("Erreur interne", "Une erreur est survenue ; elle a été signalée. Réessayez plus tard."),
}


def _json_renderer() -> JsonRenderer | None:
    """The JSON renderer of the requested URL's interface, if it has one."""
    for prefix, renderer in current_app.extensions.get(_RENDERERS, {}).items():
        if request.path.startswith(prefix):
            return renderer
    return None


def _page(code: int, message: str | None = None, incident: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default, incident=incident), code


def handle_http_error(error: HTTPException):
    """Render an HTTP error in French (the description only when we wrote it in French)."""
    renderer = _json_renderer()
    if renderer is not None:
        return renderer(error)
    code = error.code or 500
    # Our own descriptions are French; Werkzeug's defaults are English and not shown.
    message = error.description if error.description != type(error).description else None
    if code == 429:
        message = MESSAGES[429][1]
    return _page(code, message, getattr(error, "incident", None))


def handle_csrf_error(error: CSRFError):
    """Refuse a form posted without a valid CSRF token, and write it in the audit log."""
    record_event(AuditAction.ACCESS_DENIED, f"{request.method} {request.path}",
                 outcome=AuditOutcome.DENIED, details="jeton CSRF absent ou invalide (400)")
    return handle_http_error(BadRequest("Le formulaire a expiré ou n'est pas valide : "
                                        "rechargez la page et recommencez."))


def handle_unexpected_error(error: Exception):
    """Log the error, roll back, and show a French page (or JSON error) without details."""
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    # The page shows a short random reference, the log line the same one with the details:
    # support finds the cause without the page revealing any of it.
    incident = secrets.token_hex(4).upper()
    current_app.logger.exception("Erreur non prévue (incident %s)", incident, exc_info=error)
    failure = InternalServerError()
    failure.incident = incident
    return handle_http_error(failure)


def init_error_handlers(app: Flask, json_renderers: dict[str, JsonRenderer] | None = None,
                        ) -> None:
    """Register the error handlers; ``json_renderers`` maps a URL prefix to its JSON errors."""
    app.extensions[_RENDERERS] = dict(json_renderers or {})
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(Exception, handle_unexpected_error)
