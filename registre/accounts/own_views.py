"""The signed-in user's own account page: who they are, and their e-mail reminders."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from registre.accounts.forms import RemindersForm
from registre.accounts.services import set_reminders
from registre.extensions import db

bp = Blueprint("my_account", __name__, url_prefix="/compte")


@bp.route("", methods=["GET", "POST"])
@login_required
def show():
    """Show the account and let the user turn the daily reminders on or off."""
    form = RemindersForm(data={"reminders_enabled": current_user.reminders_enabled})
    if form.validate_on_submit():
        set_reminders(current_user, form.reminders_enabled.data)
        db.session.commit()
        flash("Rappels par courriel activés." if current_user.reminders_enabled
              else "Rappels par courriel désactivés.", "success")
        return redirect(url_for(".show"), 303)
    return render_template("accounts/own.html", form=form)
