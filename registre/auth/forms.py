"""Login form."""
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from registre.forms.validators import FrenchForm


class LoginForm(FrenchForm):
    """E-mail and password; built-in messages (a too long value) in French like every form."""

    email = EmailField("Adresse électronique", validators=[
        DataRequired("Indiquez votre adresse électronique."), Length(max=254)])
    password = PasswordField("Mot de passe", validators=[
        DataRequired("Indiquez votre mot de passe."), Length(max=256)])
    next = HiddenField()
