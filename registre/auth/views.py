"""Login and logout pages."""
import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from registre.auth.forms import LoginForm
from registre.auth.oidc.client import oidc_client
from registre.auth.oidc.session import provider_logout_url
from registre.auth.services import authenticate, log_in, normalize_email
from registre.auth.session import end_session
from registre.extensions import db, limiter

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "Adresse électronique ou mot de passe incorrect."
PASSWORD_LOGIN_OFF = ("La connexion par mot de passe est désactivée : connectez-vous avec votre "
                      "compte académique.")


def safe_next(target: str | None) -> str:
    """Return ``target`` when it is a path on this site, else the home page."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//") and "\\" not in target:
            return target
    return url_for("organisations.home")


def _account_key() -> str:
    """The throttling key of the account typed, whether it exists or not (a digest: no
    e-mail address is kept in the counters' store)."""
    email = normalize_email(request.form.get("email", ""))[:254]
    return "login-account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=_account_key,
               methods=["POST"], deduct_when=_failed, scope="login-account")
@limiter.limit(lambda: current_app.config["LOGIN_ADDRESS_RATE_LIMIT"],
               key_func=get_remote_address, methods=["POST"], deduct_when=_failed,
               scope="login-address")
def login():
    """Show the login form and open a session for valid credentials.

    Failed attempts are counted per account typed and, with a higher threshold, per address:
    one person's typos behind a school's NAT address do not lock out the rest of the staff.
    """
    if current_user.is_authenticated:
        return redirect(url_for("organisations.home"))
    form = LoginForm(next=request.args.get("next", ""))
    password_login = current_app.config["PASSWORD_LOGIN"]
    if request.method == "POST" and not password_login:
        flash(PASSWORD_LOGIN_OFF, "error")
        return render_template("auth/login.html", form=form, password_login=False,
                               oidc_enabled=oidc_client() is not None), 403
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            log_in(user)
            db.session.commit()
            flash(f"Bienvenue, {user.name or user.email}.", "success")
            return redirect(safe_next(form.next.data))
        form.password.errors.append(LOGIN_FAILED)
    status = 200 if request.method == "GET" or not form.errors else 401
    return render_template("auth/login.html", form=form, password_login=password_login,
                           oidc_enabled=oidc_client() is not None), status


@bp.route("/deconnexion", methods=["POST"])
@login_required
def logout():
    """Close the session, on the server too (a copy of the cookie opens nothing afterwards),
    and the provider's after an académie sign-in."""
    provider_logout = provider_logout_url(url_for("auth.login", _external=True))
    end_session()
    db.session.commit()
    flash("Vous êtes déconnecté.", "info")
    return redirect(provider_logout or url_for("auth.login"))
