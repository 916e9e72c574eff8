"""Forms of the accounts an académie's DPD manages."""
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from registre.accounts.services import MANAGED_ROLES
from registre.forms.fields import select_choices
from registre.forms.validators import CleanText, FrenchForm, normalize_text


class AccountForm(FrenchForm):
    """E-mail, name, role and scope of an account; the password is required on creation."""

    email = EmailField("Adresse électronique", filters=[normalize_text],
                       description="L'adresse professionnelle ; elle sert d'identifiant.",
                       validators=[DataRequired("Indiquez l'adresse électronique."),
                                   Length(max=254),
                                   Email("Cette adresse électronique n'est pas valide.")])
    name = StringField("Nom et prénom", filters=[normalize_text],
                       validators=[Optional(), CleanText(200)])
    role = SelectField("Rôle",
                       choices=select_choices((role.value, role.label) for role in MANAGED_ROLES),
                       description="Rédacteur : propose des fiches ; responsable : valide ; "
                                   "auditeur : lit sans rien modifier ; DPD : toute l'académie.")
    scope = SelectField("Périmètre", validate_choice=True,
                        description="Un responsable ou un rédacteur travaille pour un "
                                    "établissement ; un DPD couvre toute l'académie.")
    password = PasswordField(
        "Mot de passe initial",
        description="Au moins 12 caractères mêlant majuscules, minuscules, chiffres et "
                    "caractères spéciaux, ou une phrase de passe d'au moins 20 caractères. "
                    "Communiquez-le par un autre canal que l'adresse électronique.",
        validators=[Length(max=256)])

    def set_scopes(self, academie) -> None:
        """Offer the académie as a whole and each of its organisations."""
        self.scope.choices = select_choices(
            [("", f"Toute l'académie de {academie.name}")]
            + [(org.uai, f"{org.name} ({org.uai})") for org in academie.organisations])


class RemindersForm(FrenchForm):
    """The user's own choice: the daily digest of deadlines, or not."""

    reminders_enabled = BooleanField(
        "Recevoir par courriel le récapitulatif quotidien des échéances",
        description="Violations proches ou au-delà de 72 heures, demandes à rendre dans les "
                    "7 jours ou en retard, fiches à revoir, contrats de sous-traitance qui "
                    "expirent : seulement ce qui relève de votre périmètre, un seul message "
                    "par jour.")
