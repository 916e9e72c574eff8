"""Forms of the platform administration: académies and organisations."""
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from registre.forms.fields import IntegerField, select_choices
from registre.forms.validators import (
    CleanText,
    EmailAddress,
    FrenchForm,
    IntegerRange,
    normalize_text,
)
from registre.models import OrganisationKind, Sector
from registre.organisations.uai import InvalidUAI, normalize_uai

_TEXT = [normalize_text]


def _text(label: str, description: str = "", max_length: int = 200, required: str = ""):
    checks = [DataRequired(required)] if required else [Optional()]
    return StringField(label, description=description, filters=_TEXT,
                       validators=[*checks, CleanText(max_length)])


def _email(label: str, description: str = ""):
    return EmailField(label, description=description, filters=_TEXT,
                      validators=[Optional(), Length(max=254), EmailAddress()])


class AcademieForm(FrenchForm):
    """An académie and its DPD (art. 37.3 GDPR: one DPD for all its organisations)."""

    code = StringField("Code", filters=[normalize_text, lambda v: v.lower() if v else v],
                       description="Identifiant court en minuscules, par exemple « versailles » ; "
                                   "il apparaît dans les adresses.",
                       validators=[DataRequired("Indiquez le code de l'académie."),
                                   Length(max=40, message="40 caractères au plus."),
                                   Regexp(r"^[a-z0-9-]+$", message="Lettres minuscules, chiffres "
                                          "et tirets seulement.")])
    name = _text("Nom", "Par exemple « Versailles ».", required="Indiquez le nom de l'académie.")
    dpd_name = _text("Nom du DPD", "Le délégué à la protection des données désigné auprès de "
                     "la CNIL.")
    dpd_email = _email("Adresse électronique du DPD", "Publiée sur le registre public.")
    dpd_phone = _text("Téléphone du DPD", max_length=40)
    dpd_address = TextAreaField("Adresse postale du DPD", filters=_TEXT,
                                validators=[Optional(), CleanText(multiline=True)])
    rights_contact = TextAreaField(
        "Contact pour l'exercice des droits", filters=_TEXT,
        description="Où les familles écrivent pour accéder à leurs données ou s'opposer "
                    "(souvent une boîte fonctionnelle du DPD).",
        validators=[Optional(), CleanText(multiline=True)])
    requester_retention_years = IntegerField(
        "Conservation du nom des demandeurs (années)", default=5,
        # Left empty: the usual five years.
        filters=[lambda value: 5 if value is None else value],
        description="Après la réponse à une demande d'exercice des droits, le nom, le contact "
                    "et le texte du demandeur sont effacés au bout de ce nombre d'années "
                    "(5 si vide).",
        validators=[IntegerRange(1, 30, "Durée entre 1 et 30 ans attendue.")])


class OrganisationForm(FrenchForm):
    """An organisation (one register), identified by its UAI."""

    uai = StringField("UAI", filters=[normalize_text],
                      description="7 chiffres et une lettre de contrôle, par exemple 0750655E.",
                      validators=[DataRequired("Indiquez l'UAI de l'établissement.")])
    name = _text("Nom", required="Indiquez le nom de l'établissement.")
    kind = SelectField("Type", choices=select_choices(OrganisationKind.choices()))
    sector = SelectField("Secteur", choices=select_choices(Sector.choices()))
    address = TextAreaField("Adresse", filters=_TEXT,
                            validators=[Optional(), CleanText(multiline=True)])
    postal_code = StringField("Code postal", filters=_TEXT,
                              validators=[Optional(), Regexp(r"^[0-9]{5}$", message=(
                                  "Un code postal compte 5 chiffres."))])
    commune = _text("Commune")
    academie = SelectField("Académie", coerce=int)
    controller_title = _text(
        "Qualité du responsable de traitement",
        "Laissez vide pour la valeur usuelle : chef d'établissement ; pour une école publique "
        "ou une DSDEN, l'IA-DASEN par délégation du recteur (et non le directeur d'école) ; "
        "pour un établissement privé sous contrat, son chef d'établissement pour l'organisme "
        "de gestion (jamais l'IA-DASEN).")
    controller_name = _text("Nom du responsable de traitement")
    controller_email = _email("Adresse électronique du responsable")
    controller_phone = _text("Téléphone du responsable", max_length=40)

    def validate_uai(self, field) -> None:
        """Refuse a malformed UAI or a wrong check letter, with the French explanation."""
        try:
            field.data = normalize_uai(field.data)
        except InvalidUAI as error:
            raise ValidationError(str(error)) from None


ORGANISATION_DETAILS = ("sector", "address", "postal_code", "commune", "controller_title",
                        "controller_name", "controller_email", "controller_phone")
ACADEMIE_DETAILS = ("dpd_name", "dpd_email", "dpd_phone", "dpd_address", "rights_contact",
                    "requester_retention_years")
