"""Login form and the forms of a forgotten password."""
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from registre.forms.validators import FrenchForm


class LoginForm(FrenchForm):
    """E-mail and password; built-in messages (a too long value) in French like every form."""

    email = EmailField("Adresse électronique", validators=[
        DataRequired("Indiquez votre adresse électronique."), Length(max=254)])
    password = PasswordField("Mot de passe", validators=[
        DataRequired("Indiquez votre mot de passe."), Length(max=256)])
    next = HiddenField()


class ForgottenPasswordForm(FrenchForm):
    """The address of the account whose password is forgotten."""

    email = EmailField("Adresse électronique", validators=[
        DataRequired("Indiquez votre adresse électronique."), Length(max=254)])


class NewPasswordForm(FrenchForm):
    """A new password, typed twice; the rules are the ones of every password."""

    password = PasswordField(
        "Nouveau mot de passe",
        description="Au moins 12 caractères mêlant majuscules, minuscules, chiffres et "
                    "caractères spéciaux, ou une phrase de passe d'au moins 20 caractères.",
        validators=[DataRequired("Choisissez un mot de passe."), Length(max=256)])
    confirm = PasswordField("Confirmez le mot de passe", validators=[
        DataRequired("Tapez le mot de passe une seconde fois."),
        EqualTo("password", "Les deux mots de passe sont différents : tapez le même deux "
                            "fois.")])
