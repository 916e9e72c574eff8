"""« Mon compte » (``/compte``): identity, password, e-mail reminders, API tokens."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from registre.accounts.services import set_reminders
from registre.auth.services import (
    AccountError,
    change_password,
    list_api_tokens,
    revoke_api_token,
)
from registre.auth.session import start_session
from registre.dates import utcnow
from registre.extensions import db
from registre.profile.forms import PasswordChangeForm, RemindersForm, TokenRevokeForm
from registre.scopes import get_own_token_or_404

bp = Blueprint("profile", __name__, url_prefix="/compte")


def _page(form: PasswordChangeForm, status: int = 200):
    reminders_form = RemindersForm(data={"reminders_enabled": current_user.reminders_enabled})
    return render_template("profile/index.html", form=form, revoke_form=TokenRevokeForm(),
                           reminders_form=reminders_form,
                           tokens=list_api_tokens(current_user), now=utcnow()), status


@bp.route("")
@login_required
def index():
    """The account's identity, its password form and its API tokens."""
    return _page(PasswordChangeForm())


@bp.route("/mot-de-passe", methods=["POST"])
@login_required
def password():
    """Change one's password: every other session is ended, this one is renewed."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.new.data)
        except AccountError as error:
            form.new.errors.append(str(error))
        else:
            start_session(current_user._get_current_object())
            db.session.commit()
            flash("Mot de passe changé : vos autres sessions ont été fermées.", "success")
            return redirect(url_for(".index"))
    return _page(form, 400)


@bp.route("/rappels", methods=["POST"])
@login_required
def reminders():
    """Turn the daily e-mail digest of deadlines on or off."""
    form = RemindersForm()
    if form.validate_on_submit():
        set_reminders(current_user, form.reminders_enabled.data)
        db.session.commit()
        flash("Rappels par courriel activés." if current_user.reminders_enabled
              else "Rappels par courriel désactivés.", "success")
    return redirect(url_for(".index"), 303)


@bp.route("/jetons/<int:token_id>/revoquer", methods=["POST"])
@login_required
def revoke(token_id: int):
    """Revoke one of one's API tokens at once."""
    token = get_own_token_or_404(current_user, token_id)
    if TokenRevokeForm().validate_on_submit():
        revoke_api_token(token, current_user)
        db.session.commit()
        flash(f"Jeton n° {token.id} révoqué : il n'ouvre plus l'API.", "success")
    return redirect(url_for(".index"))
