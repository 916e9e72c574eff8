"""Forms of the « Mon compte » page."""
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from registre.auth.passwords import MAX_LENGTH
from registre.forms.validators import FrenchForm


class PasswordChangeForm(FrenchForm):
    """The current password, then the new one twice (nothing is trimmed nor truncated)."""

    current = PasswordField("Mot de passe actuel", validators=[
        DataRequired("Indiquez votre mot de passe actuel."), Length(max=MAX_LENGTH)])
    new = PasswordField(
        "Nouveau mot de passe",
        description="Au moins 12 caractères mêlant majuscules, minuscules, chiffres et "
                    "caractères spéciaux, ou une phrase de passe d'au moins 20 caractères et "
                    "4 mots (espaces et accents permis). Évitez les noms de l'académie, de "
                    "l'établissement et les années.",
        validators=[DataRequired("Indiquez le nouveau mot de passe."), Length(max=MAX_LENGTH)])
    confirm = PasswordField("Confirmez le nouveau mot de passe", validators=[
        DataRequired("Tapez le nouveau mot de passe une seconde fois."),
        EqualTo("new", "Les deux saisies du nouveau mot de passe diffèrent.")])


class TokenRevokeForm(FrenchForm):
    """The button that revokes one token (CSRF only)."""


class RemindersForm(FrenchForm):
    """The user's own choice: the daily digest of deadlines, or not."""

    reminders_enabled = BooleanField(
        "Recevoir par courriel le récapitulatif quotidien des échéances",
        description="Violations proches ou au-delà de 72 heures, demandes à rendre dans les "
                    "7 jours ou en retard, fiches à revoir, contrats de sous-traitance qui "
                    "expirent : seulement ce qui relève de votre périmètre, un seul message "
                    "par jour.")
