"""Forms of the accounts an académie's DPD manages."""
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from registre.accounts.services import MANAGED_ROLES
from registre.forms.fields import select_choices
from registre.forms.validators import CleanText, EmailAddress, FrenchForm, normalize_text


class AccountForm(FrenchForm):
    """E-mail, name, role and scope of an account; the password is required on creation."""

    email = EmailField("Adresse électronique", filters=[normalize_text],
                       description="L'adresse professionnelle ; elle sert d'identifiant.",
                       validators=[DataRequired("Indiquez l'adresse électronique."),
                                   Length(max=254), EmailAddress()])
    name = StringField("Nom et prénom", filters=[normalize_text],
                       validators=[Optional(), CleanText(200)])
    role = SelectField("Rôle",
                       choices=select_choices((role.value, role.label) for role in MANAGED_ROLES),
                       default=MANAGED_ROLES[0].value,
                       description="Auditeur : lit sans rien modifier ; rédacteur : propose des "
                                   "fiches ; responsable : valide ; DPD : toute l'académie.")
    scope = SelectField("Périmètre", validate_choice=True,
                        description="Un responsable ou un rédacteur travaille pour un "
                                    "établissement ; un DPD couvre toute l'académie.")
    password = PasswordField(
        "Mot de passe initial",
        description="Au moins 12 caractères mêlant majuscules, minuscules, chiffres et "
                    "caractères spéciaux, ou une phrase de passe d'au moins 20 caractères. "
                    "Communiquez-le par un autre canal que l'adresse électronique.",
        validators=[Length(max=256)])
    no_password = BooleanField(
        "Sans mot de passe : connexion par le compte académique seulement",
        description="La personne se connecte avec le compte de son académie (OpenID Connect) ; "
                    "elle pourra recevoir plus tard un lien pour choisir un mot de passe.")

    def set_scopes(self, academie) -> None:
        """Offer the académie as a whole and each of its organisations."""
        self.scope.choices = select_choices(
            [("", f"Toute l'académie de {academie.name}")]
            + [(org.uai, f"{org.name} ({org.uai})") for org in academie.organisations])
