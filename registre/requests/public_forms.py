"""The form a parent fills on the public page: bounded, French, with a trap for robots."""
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Optional

from registre.forms.fields import ChoiceField
from registre.forms.validators import (
    CleanText,
    EmailAddress,
    FrenchForm,
    Required,
    nfc,
    normalize_text,
)
from registre.models import RequesterKind, RequestKind

MAX_MESSAGE = 5000


class PublicRequestForm(FrenchForm):
    """Which right, who asks, how to answer, what is asked; no attachment."""

    kind = ChoiceField("Quel droit voulez-vous exercer ?", choices=RequestKind.choices(),
                       empty_label="— Choisissez —",
                       validators=[Required("Choisissez le droit que vous voulez exercer.")])
    requester_kind = ChoiceField("Vous êtes", choices=RequesterKind.choices(),
                                 empty_label="— Choisissez —",
                                 validators=[Required("Indiquez qui fait la demande.")])
    requester_name = StringField("Votre nom et prénom", filters=[normalize_text],
                                 validators=[Required("Indiquez votre nom."), CleanText(200)])
    requester_contact = EmailField(
        "Votre adresse électronique", filters=[normalize_text],
        description="Un accusé de réception y est envoyé avec le numéro de votre demande.",
        validators=[Required("Indiquez votre adresse électronique."), CleanText(254),
                    EmailAddress("Adresse électronique invalide (par exemple "
                                 "prenom.nom@exemple.fr).")])
    message = TextAreaField(
        "Votre demande", filters=[nfc],
        description="Précisez par exemple le nom de votre enfant et sa classe, et ce que vous "
                    f"demandez ({MAX_MESSAGE:_} caractères au plus).".replace("_", "\u202f"),
        validators=[Required("Décrivez votre demande."), CleanText(MAX_MESSAGE, multiline=True)])
    # A field people never see: robots fill every field they find.
    website = StringField("Ne pas remplir ce champ", validators=[Optional(), CleanText(200)])

    def is_robot(self) -> bool:
        """True when the hidden field was filled in."""
        return bool((self.website.data or "").strip())
