"""The form a parent fills on the public page: bounded, in the page's language (French by
default, English on request), with a trap for robots."""
from flask_babel import lazy_gettext as _l
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
from registre.i18n import lazy_translate
from registre.models import RequesterKind, RequestKind

MAX_MESSAGE = 5000
MAX_MESSAGE_TEXT = f"{MAX_MESSAGE:_}".replace("_", "\u202f")  # 5 000, with a thin space


def _choices(enum_cls) -> list[tuple[str, object]]:
    """The vocabulary's values, their French labels translated when the form is shown."""
    return [(value, lazy_translate(label)) for value, label in enum_cls.choices()]


class PublicRequestForm(FrenchForm):
    """Which right, who asks, how to answer, what is asked; no attachment."""

    kind = ChoiceField(_l("Quel droit voulez-vous exercer ?"), choices=_choices(RequestKind),
                       empty_label=_l("— Choisissez —"),
                       validators=[Required(_l("Choisissez le droit que vous voulez exercer."))])
    requester_kind = ChoiceField(_l("Vous êtes"), choices=_choices(RequesterKind),
                                 empty_label=_l("— Choisissez —"),
                                 validators=[Required(_l("Indiquez qui fait la demande."))])
    requester_name = StringField(_l("Votre nom et prénom"), filters=[normalize_text],
                                 validators=[Required(_l("Indiquez votre nom.")), CleanText(200)])
    requester_contact = EmailField(
        _l("Votre adresse électronique"), filters=[normalize_text],
        description=_l("Un accusé de réception y est envoyé avec le numéro de votre demande."),
        validators=[Required(_l("Indiquez votre adresse électronique.")), CleanText(254),
                    EmailAddress(_l("Adresse électronique invalide "
                                    "(par exemple prenom.nom@exemple.fr)."))])
    message = TextAreaField(
        _l("Votre demande"), filters=[nfc],
        description=_l("Précisez par exemple le nom de votre enfant et sa classe, et ce que vous "
                       "demandez (%(count)s caractères au plus).",
                       count=MAX_MESSAGE_TEXT),
        validators=[Required(_l("Décrivez votre demande.")),
                    CleanText(MAX_MESSAGE, multiline=True)])
    # A field people never see: robots fill every field they find.
    website = StringField(_l("Ne pas remplir ce champ"), validators=[Optional(), CleanText(200)])

    def is_robot(self) -> bool:
        """True when the hidden field was filled in."""
        return bool((self.website.data or "").strip())
