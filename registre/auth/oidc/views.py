"""Académie sign-in: ``/connexion/oidc`` goes to the provider, ``…/retour`` comes back."""
import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from joserfc.errors import JoseError

from registre.auth.oidc.client import oidc_client
from registre.auth.oidc.services import (
    SignInRefused,
    account_for_claims,
    merge_userinfo,
    needed_claims,
)
from registre.auth.oidc.session import remember_id_token
from registre.auth.services import log_in
from registre.auth.views import safe_next
from registre.extensions import db

bp = Blueprint("oidc", __name__, url_prefix="/connexion/oidc")
NEXT_KEY = "oidc_next"
UNREACHABLE = SignInRefused(
    "Fournisseur d'identité injoignable",
    "Le service d'authentification de l'académie ne répond pas : réessayez dans quelques "
    "minutes. S'il reste injoignable, prévenez l'administrateur du registre.")


def _client():
    client = oidc_client()
    if client is None:
        abort(404)
    return client


def _refused(refusal: SignInRefused, status: int):
    return render_template("auth/oidc_refused.html", refusal=refusal), status


@bp.route("")
def start():
    """Send the browser to the provider (code flow, PKCE, state and nonce kept in session)."""
    client = _client()
    if current_user.is_authenticated:
        return redirect(url_for("organisations.home"))
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    try:
        return client.authorize_redirect(url_for(".callback", _external=True))
    except (requests.RequestException, ValueError, RuntimeError):
        current_app.logger.exception("Fournisseur d'identité injoignable")
        return _refused(UNREACHABLE, 502)


@bp.route("/retour")
def callback():
    """Check the answer (state, code, ID token) and open the matching account's session."""
    client = _client()
    try:
        token = client.authorize_access_token()
    except MismatchingStateError:
        return _refused(SignInRefused(
            "Demande de connexion inconnue",
            "Cette réponse du fournisseur d'identité ne correspond à aucune demande en cours "
            "dans ce navigateur (lien rejoué, expiré ou ouvert ailleurs) : recommencez la "
            "connexion."), 400)
    except OAuthError as error:
        return _refused(SignInRefused(
            "Connexion refusée par le fournisseur d'identité",
            f"Le fournisseur d'identité a refusé la connexion ({error.error}) : le code de "
            "connexion a peut-être déjà servi ou expiré. Recommencez la connexion."), 400)
    except JoseError as error:
        current_app.logger.warning("Jeton d'identité refusé : %s", error)
        return _refused(SignInRefused(
            "Jeton d'identité refusé",
            "Le jeton d'identité reçu n'est pas destiné à ce registre ou n'est pas valide "
            "(signature, audience, émetteur ou nonce) : la connexion est refusée."), 400)
    except (requests.RequestException, ValueError):
        current_app.logger.exception("Fournisseur d'identité injoignable")
        return _refused(UNREACHABLE, 502)
    claims = token.get("userinfo")
    if not claims:
        return _refused(SignInRefused(
            "Jeton d'identité absent",
            "Le fournisseur d'identité n'a pas renvoyé de jeton d'identité : vérifiez que la "
            "portée « openid » est demandée (REGISTRE_OIDC_SCOPES)."), 400)
    try:
        if any(name not in claims for name in needed_claims(current_app.config)):
            claims = merge_userinfo(claims, client.userinfo(token=token))
        user = account_for_claims(claims, current_app.config)
    except SignInRefused as refusal:
        db.session.rollback()
        return _refused(refusal, 403)
    except (requests.RequestException, ValueError):
        current_app.logger.exception("Fournisseur d'identité injoignable")
        return _refused(UNREACHABLE, 502)
    next_url = session.pop(NEXT_KEY, None)  # log_in starts a fresh session (no fixation)
    log_in(user)
    remember_id_token(token["id_token"])
    db.session.commit()
    flash(f"Bienvenue, {user.name or user.email}.", "success")
    return redirect(safe_next(next_url))
