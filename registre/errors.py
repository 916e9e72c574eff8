"""French error pages, without stack traces; JSON errors under ``/api/``."""
from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from registre.api.errors import json_error, json_http_error
from registre.extensions import db

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


def _respond(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    text = message or default
    if request.path.startswith("/api/"):
        return json_error(code, message)
    return render_template("errors/error.html", code=code, title=title, message=text), code


def handle_http_error(error: HTTPException):
    """Render an HTTP error in French (the description only when we wrote it in French)."""
    if request.path.startswith("/api/"):
        return json_http_error(error)
    code = error.code or 500
    # Our own descriptions are French; Werkzeug's defaults are English and not shown.
    message = error.description if error.description != type(error).description else None
    if code == 429:
        message = MESSAGES[429][1]
    return _respond(code, message)


def handle_csrf_error(error: CSRFError):
    """Refuse a form posted without a valid CSRF token."""
    return _respond(400, "Le formulaire a expiré ou n'est pas valide : rechargez la page "
                         "et recommencez.")


def handle_unexpected_error(error: Exception):
    """Log the error, roll back, and show a French page without details."""
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Erreur non prévue", exc_info=error)
    return _respond(500)


def init_error_handlers(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(Exception, handle_unexpected_error)
