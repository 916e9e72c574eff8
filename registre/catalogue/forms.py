"""Forms of the académie catalogues: processors, templates, copies of activities."""
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from registre.forms.fields import CountryListField, DateField, TriStateField
from registre.forms.validators import (
    CleanText,
    CountryCode,
    FrenchForm,
    HttpUrl,
    nfc,
    normalize_text,
    strip_upper,
)

_TEXT = [normalize_text]


def _short(label: str, description: str, required: bool = False, max_length: int = 300):
    checks = [DataRequired("Ce champ est obligatoire.")] if required else [Optional()]
    return StringField(label, description=description, filters=_TEXT,
                       validators=[*checks, CleanText(max_length)])


def _long(label: str, description: str):
    return TextAreaField(label, description=description, filters=_TEXT,
                         validators=[Optional(), CleanText(multiline=True)])


class ProcessorForm(FrenchForm):
    """Every field of a processor (art. 28 GDPR) of the académie catalogue."""

    name = _short("Nom usuel", "Le nom sous lequel on connaît le service, par exemple "
                  "« Pronote » ou « Microsoft 365 Éducation ».", required=True)
    legal_entity = _short("Raison sociale", "La société qui signe le contrat, par exemple "
                          "« Index Éducation SAS ».")
    jurisdiction = StringField(
        "Juridiction de la société mère",
        description="Code pays ISO à deux lettres de la maison mère (FR, IE, US…). Une maison "
                    "mère hors de l'UE expose les données à des lois extraterritoriales "
                    "(CLOUD Act américain par exemple).",
        filters=[nfc, strip_upper],
        validators=[Optional(), Length(max=100, message="Cent caractères au plus."),
                    CountryCode()])
    service = _long("Service rendu", "Ce que fait le sous-traitant pour l'établissement "
                    "(hébergement, messagerie, vie scolaire…).")
    contract_signed = TriStateField(
        "Contrat de sous-traitance signé (art. 28)",
        description="La CNIL attend un contrat ou un avenant qui reprend les clauses de "
                    "l'article 28 du RGPD.")
    contract_date = DateField("Date de signature du contrat", validators=[Optional()],
                                    description="Par exemple 28/11/2026.")
    contract_reference = _short("Référence du contrat", "Numéro de marché, de convention ou "
                                "d'avenant.")
    contract_url = StringField("Adresse du contrat", filters=_TEXT,
                               description="Lien http(s) vers le contrat ou les conditions "
                                           "de protection des données.",
                               validators=[Optional(), CleanText(2000), HttpUrl()])
    contract_expires_on = DateField("Fin du contrat", validators=[Optional()],
                                          description="Laissez vide pour un contrat sans terme.")
    contract_public = BooleanField("Le contrat peut être montré sur le registre public",
                                   description="Cochez seulement si le document est public.")
    hosting_provider = _short("Hébergeur", "Qui exploite les serveurs (par exemple OVHcloud, "
                              "Microsoft Azure).")
    datacenter_countries = CountryListField(
        "Pays des centres de données", max_length=300,
        description="Codes pays ISO séparés par des virgules, par exemple « FR, DE ».")
    backup_countries = CountryListField(
        "Pays des sauvegardes", max_length=300,
        description="Codes pays ISO séparés par des virgules.")
    access_from_outside_eu = TriStateField(
        "Accès depuis l'extérieur de l'UE",
        description="Support, maintenance ou télémétrie depuis un pays hors UE : c'est un "
                    "transfert, même si les données sont stockées en France.")
    certifications = _long("Certifications", "Une par ligne : SecNumCloud, HDS, ISO 27001…")
    sub_processors = _long("Sous-traitants ultérieurs", "Un par ligne, avec leur pays.")
    dpf_certified = BooleanField(
        "Certifié Data Privacy Framework",
        description="Pour une société américaine : inscription vérifiée sur "
                    "dataprivacyframework.gov.")
    dpf_checked_on = DateField("Vérification DPF le", validators=[Optional()],
                                     description="Date à laquelle l'inscription a été vérifiée.")
    charter_signed = BooleanField(
        "Charte de confiance signée",
        description="Engagement du fournisseur envers le ministère (charte ou code de conduite).")

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that the contract ends after it was signed."""
        valid = super().validate(extra_validators)
        signed, expires = self.contract_date.data, self.contract_expires_on.data
        if valid and signed and expires and expires < signed:
            self.contract_expires_on.errors.append(
                "La fin du contrat ne peut pas précéder sa signature.")
            valid = False
        return valid


class TemplateForm(FrenchForm):
    """The name and description of a catalogue template."""

    name = _short("Nom du modèle", "Le nom que verront les établissements en choisissant un "
                  "modèle.", required=True)
    description = _long("Description", "À quoi sert ce modèle, ce qu'il faut adapter.")


class SaveAsTemplateForm(TemplateForm):
    """Save an activity as a template (the activity is given by the URL)."""


class FromTemplateForm(FrenchForm):
    """Choose a template of the académie to start a new draft."""

    template_id = SelectField("Modèle", coerce=int,
                              validators=[DataRequired("Choisissez un modèle.")],
                              description="Les modèles proposés par le DPD de votre académie.")
    name = _short("Nom du traitement", "Laissez vide pour reprendre le nom du modèle.")


class ApplyTemplateForm(FrenchForm):
    """Choose the organisations that receive a draft copied from a template."""

    organisations = SelectMultipleField(
        "Établissements", coerce=int, validate_choice=False,
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
        description="Un brouillon sera créé dans le registre de chaque établissement coché.")
    select_all = SubmitField("Cocher tous les établissements affichés")


_TRI_STATE_FIELDS = ("contract_signed", "access_from_outside_eu")
_LINE_FIELDS = ("certifications", "sub_processors")


def _lines(text: str | None) -> list[str]:
    """Split a text area into its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def processor_form_data(processor) -> dict:
    """Return a processor's values in the form's shapes (for the edit page)."""
    data = {name: getattr(processor, name) for name in PROCESSOR_FIELDS}
    for name in _LINE_FIELDS:
        data[name] = "\n".join(data[name] or [])
    return data


def processor_values(form: ProcessorForm) -> dict:
    """Return the model values of a validated processor form."""
    values = {name: getattr(form, name).data for name in PROCESSOR_FIELDS}
    for name in _TRI_STATE_FIELDS:
        values[name] = getattr(form, name).value
    for name in _LINE_FIELDS:
        values[name] = _lines(values[name])
    for name, value in values.items():
        if value is None and name in _EMPTY_STRING_FIELDS:
            values[name] = ""
    values["dpf_certified"] = bool(values["dpf_certified"])
    values["charter_signed"] = bool(values["charter_signed"])
    values["contract_public"] = bool(values["contract_public"])
    return values


PROCESSOR_FIELDS = (
    "name", "legal_entity", "jurisdiction", "service", "contract_signed", "contract_date",
    "contract_reference", "contract_url", "contract_expires_on", "contract_public",
    "hosting_provider", "datacenter_countries", "backup_countries", "access_from_outside_eu",
    "certifications", "sub_processors", "dpf_certified", "dpf_checked_on", "charter_signed",
)
_EMPTY_STRING_FIELDS = ("legal_entity", "jurisdiction", "service", "contract_reference",
                        "contract_url", "hosting_provider")
