"""« Mot de passe oublié » : ask for a link, then choose a new password through it."""
import hashlib

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter.util import get_remote_address

from registre.auth.forms import ForgottenPasswordForm, NewPasswordForm
from registre.auth.reset import RESET_HOURS, complete_reset, find_reset, send_reset
from registre.auth.services import PasswordRefused, find_user, normalize_email
from registre.extensions import db, limiter
from registre.mail import MailError

bp = Blueprint("password_reset", __name__, url_prefix="/connexion")

# The same answer whether the address has an account or not: nobody learns who has one.
SENT = ("Si un compte actif du registre correspond à cette adresse, un message vient d'y être "
        f"envoyé avec un lien pour choisir un nouveau mot de passe ; il expire dans "
        f"{RESET_HOURS} heures et ne sert qu'une fois. Rien reçu ? Vérifiez les indésirables, "
        "ou demandez au DPD de votre académie.")
RESET_ACCOUNT_LIMIT = "5 per hour"
RESET_ADDRESS_LIMIT = "20 per hour"  # a school's staff share one NAT address


def _account_key() -> str:
    email = normalize_email(request.form.get("email", ""))[:254]
    return "reset-account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _password_login_only() -> None:
    """Without password login (``REGISTRE_PASSWORD_LOGIN=0``) there is nothing to reset."""
    if not current_app.config["PASSWORD_LOGIN"]:
        abort(404)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(RESET_ACCOUNT_LIMIT, key_func=_account_key, methods=["POST"],
               scope="reset-account")
@limiter.limit(RESET_ADDRESS_LIMIT, key_func=get_remote_address, methods=["POST"],
               scope="reset-address")
def forgotten():
    """Ask for a link by e-mail; the link's address comes from the configuration, never from
    the request's Host header (hostile case 38)."""
    _password_login_only()
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        # Accounts created to sign in with the académie only get a link from their DPD.
        if user is not None and user.active and user.password_hash:
            try:
                send_reset(user)
                db.session.commit()
            except MailError as error:
                db.session.rollback()
                current_app.logger.error("Lien de réinitialisation non envoyé : %s", error)
        flash(SENT, "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgotten.html", form=form), 400 if form.errors else 200


@bp.route("/nouveau-mot-de-passe/<token>", methods=["GET", "POST"])
def choose(token: str):
    """Choose a new password through a link that is unused and unexpired."""
    _password_login_only()
    reset = find_reset(token)
    if reset is None:
        return render_template("auth/new_password.html", form=None), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = complete_reset(reset, form.password.data)
        except PasswordRefused as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Nouveau mot de passe enregistré pour {user.email} : connectez-vous avec "
                  "lui. Vos autres sessions ont été fermées.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/new_password.html", form=form, email=reset.user.email), \
        400 if form.errors else 200
