"""Accounts of an académie: the DPD creates, edits, deactivates and reactivates them."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from registre.accounts.forms import AccountForm
from registre.accounts.services import (
    create_account,
    list_accounts,
    set_active,
    update_account,
)
from registre.auth.reset import RESET_HOURS, send_reset
from registre.auth.services import AccountError, PasswordRefused
from registre.extensions import db
from registre.mail import MailError
from registre.models import Role
from registre.scopes import (
    Action,
    can_manage_academie,
    get_academie_or_404,
    get_managed_user_or_404,
    require,
)

bp = Blueprint("accounts", __name__, url_prefix="/academies/<code>/comptes")


def _managed_academie(code: str):
    academie = get_academie_or_404(current_user, code)
    require(can_manage_academie(current_user, academie, Action.MANAGE_USERS))
    return academie


@bp.route("")
@login_required
def index(code: str):
    """List the accounts of the académie and its organisations."""
    academie = _managed_academie(code)
    return render_template("accounts/index.html", academie=academie,
                           accounts=list_accounts(academie))


def _initial_password(form: AccountForm) -> str | None:
    """The initial password typed, or None for an account signing in with the académie."""
    if form.no_password.data:
        if form.password.data:
            raise PasswordRefused("Vous avez coché « Sans mot de passe » : laissez ce champ "
                                  "vide, ou décochez la case.")
        return None
    if not form.password.data:
        raise PasswordRefused("Indiquez un mot de passe initial. Pour un compte qui se "
                              "connecte seulement par le compte académique, cochez « Sans "
                              "mot de passe ».")
    return form.password.data


@bp.route("/nouveau", methods=["GET", "POST"])
@login_required
def create(code: str):
    """Create an account of the académie with its initial password, or without one (it then
    signs in only through the académie's identity provider)."""
    academie = _managed_academie(code)
    form = AccountForm()
    form.set_scopes(academie)
    if form.validate_on_submit():
        try:
            account = create_account(academie, form.email.data, form.name.data or "",
                                     Role(form.role.data), form.scope.data,
                                     _initial_password(form), current_user)
        except PasswordRefused as error:
            form.password.errors.append(str(error))
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Compte créé : {account.email} ({account.role.label}, "
                  f"{account.scope_label}).", "success")
            if not account.password_hash and not current_app.config.get("OIDC_ISSUER"):
                flash("La connexion par le compte académique n'est pas configurée : ce compte "
                      "ne pourra se connecter qu'après avoir choisi un mot de passe (bouton "
                      "« Envoyer un lien pour choisir un mot de passe »).", "warning")
            return redirect(url_for(".index", code=academie.code))
    return render_template("accounts/form.html", academie=academie, form=form,
                           account=None), 400 if form.errors else 200


@bp.route("/<int:user_id>/modifier", methods=["GET", "POST"])
@login_required
def edit(code: str, user_id: int):
    """Change an account's e-mail, name, role, scope or password."""
    academie = _managed_academie(code)
    account = get_managed_user_or_404(current_user, academie, user_id)
    form = AccountForm(data={"email": account.email, "name": account.name,
                             "role": account.role.value,
                             "scope": account.organisation.uai if account.organisation else ""}
                       if request.method == "GET" else None)
    form.set_scopes(academie)
    form.password.label.text = "Nouveau mot de passe"
    if form.validate_on_submit():
        try:
            update_account(account, current_user, academie, form.email.data, form.name.data or "",
                           Role(form.role.data), form.scope.data, form.password.data or "")
        except PasswordRefused as error:
            form.password.errors.append(str(error))
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Compte {account.email} enregistré.", "success")
            return redirect(url_for(".index", code=academie.code))
    return render_template("accounts/form.html", academie=academie, form=form,
                           account=account), 400 if form.errors else 200


@bp.route("/<int:user_id>/desactiver", methods=["POST"], defaults={"active": False})
@bp.route("/<int:user_id>/reactiver", methods=["POST"], defaults={"active": True})
@login_required
def toggle(code: str, user_id: int, active: bool):
    """Deactivate (no login, no API token) or reactivate an account."""
    academie = _managed_academie(code)
    account = get_managed_user_or_404(current_user, academie, user_id)
    try:
        set_active(account, current_user, active)
    except AccountError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"Compte {account.email} {'réactivé' if account.active else 'désactivé'}.",
              "success")
    return redirect(url_for(".index", code=academie.code))


@bp.route("/<int:user_id>/reinitialiser", methods=["POST"])
@login_required
def send_reset_link(code: str, user_id: int):
    """E-mail the account a single-use link to choose a new password (« mot de passe
    oublié »); the DPD never learns the password."""
    academie = _managed_academie(code)
    account = get_managed_user_or_404(current_user, academie, user_id)
    if not account.active:
        flash(f"Le compte {account.email} est désactivé : réactivez-le d'abord.", "error")
        return redirect(url_for(".index", code=academie.code))
    try:
        send_reset(account, current_user)
    except MailError as error:
        db.session.rollback()
        flash(f"{error} Réessayez plus tard.", "error")
    else:
        db.session.commit()
        flash(f"Un lien pour choisir un nouveau mot de passe a été envoyé à {account.email} "
              f"(il ne sert qu'une fois et expire dans {RESET_HOURS} heures).", "success")
    return redirect(url_for(".index", code=academie.code))
