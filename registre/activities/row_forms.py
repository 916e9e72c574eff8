"""The parts of the activity form: field builders and the repeatable rows (design §3)."""
from wtforms import FieldList, FormField, StringField, TextAreaField
from wtforms.validators import Email, Optional, ValidationError

from registre.forms.fields import ChoiceField, IntegerField, MultiCheckboxField, RowForm
from registre.forms.validators import (
    MAX_TEXT,
    CleanText,
    CountryCode,
    HttpUrl,
    IntegerRange,
    Required,
    nfc,
    strip_upper,
)
from registre.models import (
    DataCategory,
    DurationUnit,
    FinalFate,
    Guarantee,
    LegalBasis,
    RecipientKind,
    SecurityMeasureKind,
    SensitiveKind,
    SubjectCategory,
)


class ProcessorField(ChoiceField):
    """A processor of the académie catalogue (the choices are set by the activity form)."""

    def process_data(self, value):
        self.data = "" if value is None else str(value)

    @property
    def value(self) -> int | None:
        """The chosen processor id, or None."""
        return int(self.data) if self.data else None


def text(label: str, description: str, max_length: int = MAX_TEXT, multiline: bool = False,
         required: str | None = None, validators=(), code: bool = False):
    """A text field: NFC-normalised, bounded, without control characters."""
    checks = [Required(required)] if required else []
    checks += [CleanText(max_length, multiline), *validators]
    field_class = TextAreaField if multiline else StringField
    filters = [nfc, strip_upper] if code else [nfc]
    return field_class(label, checks, filters=filters, description=description, default="",
                       render_kw={"maxlength": max_length} if max_length < MAX_TEXT else None)


def choice(label: str, enum_cls, description: str, required: str | None = None,
           default: str | None = None):
    """A closed vocabulary as a select list (empty choice = not provided unless required)."""
    # A required choice without default still offers an empty option, so that a blank row
    # stays blank (and is ignored) until the user picks a value.
    return ChoiceField(label, [Required(required)] if required else [],
                       choices=enum_cls.choices(), optional=default is None,
                       empty_label="— Choisir —" if required else None,
                       description=description, default=default)


def email(label: str, description: str):
    return text(label, description, max_length=254, validators=[
        Optional(), Email(message="Adresse électronique invalide "
                                  "(par exemple prenom.nom@ac-versailles.fr).")])


def duration(label: str, description: str):
    return IntegerField(label, [IntegerRange(0, 99_999, "La durée doit être un nombre entier "
                                                        "positif ou nul.")],
                        description=description, render_kw={"inputmode": "numeric"})


def age(label: str, description: str):
    return IntegerField(label, [IntegerRange(0, 99, "L'âge doit être un nombre entier "
                                                    "entre 0 et 99.")],
                        description=description, render_kw={"inputmode": "numeric"})


class ContactForm(RowForm):
    title = text("Fonction ou organisme", "Par exemple « Chef d'établissement » ou « Ministre "
                 "de l'Éducation nationale ».", max_length=200)
    name = text("Nom", "Le nom de la personne ou de l'organisme.", max_length=200)
    address = text("Adresse postale", "Adresse complète, pour que l'on puisse écrire au "
                   "responsable.", multiline=True)
    email = email("Adresse électronique", "Une adresse où joindre le responsable.")
    phone = text("Téléphone", "Numéro de téléphone (facultatif).", max_length=40)


class JointControllerForm(ContactForm):
    role_split = text("Répartition des rôles", "Qui fait quoi entre responsables conjoints "
                      "(art. 26 RGPD) : information des personnes, exercice des droits…",
                      multiline=True)


class DocumentForm(RowForm):
    title = text("Titre du document", "Le titre tel qu'il figure sur le document.",
                 max_length=300)
    version = text("Version ou date", "Version ou date du document (par exemple « 2026-09 »).",
                   max_length=100)
    url = text("Adresse web du document", "Lien http(s) vers le document.", max_length=2000,
               validators=[HttpUrl()])


class LegalBasisForm(RowForm):
    basis = choice("Base légale", LegalBasis, "La base de l'article 6 du RGPD ; dans un "
                   "établissement public, le plus souvent la mission d'intérêt public (6.1.e).",
                   required="Choisissez la base légale.")
    justification = text("Justification", "Le texte ou la raison qui fonde cette base (code de "
                         "l'éducation, arrêté…).", multiline=True)


class SubjectCategoryForm(RowForm):
    category = choice("Catégorie de personnes", SubjectCategory, "Les personnes dont les "
                      "données sont traitées (art. 30.1.c).",
                      required="Choisissez la catégorie de personnes.")
    details = text("Précisions", "Par exemple « élèves de 6e » ou « personnels de la vie "
                   "scolaire ».", multiline=True)


class DataCategoryForm(RowForm):
    category = choice("Catégorie de données", DataCategory, "La catégorie de données (art. "
                      "30.1.c) ; une ligne par catégorie, chacune avec sa durée.",
                      required="Choisissez la catégorie de données.")
    sensitive_kind = choice("Nature des données sensibles", SensitiveKind, "Seulement pour des "
                            "données sensibles (art. 9) ou d'infraction (art. 10).")
    description = text("Description", "Les données précises : nom, prénom, classe, notes…",
                       multiline=True)
    active_duration = duration("Durée de conservation en base active", "La durée pendant "
                               "laquelle les données restent utilisées (art. 30.1.f).")
    active_unit = choice("Unité", DurationUnit, "Jours, mois ou ans.")
    retention_criteria = text("Ou critère de conservation", "Si la durée n'est pas fixe : par "
                              "exemple « fin de la scolarité dans l'établissement + 1 an ».",
                              multiline=True)
    archive_duration = duration("Durée d'archivage intermédiaire", "Durée de conservation en "
                                "archives avant le sort final (facultatif).")
    archive_unit = choice("Unité d'archivage", DurationUnit, "Jours, mois ou ans.")
    final_fate = choice("Sort final", FinalFate, "Ce que deviennent les données à la fin : "
                        "destruction, archivage définitif ou anonymisation.")

    def validate_sensitive_kind(self, field):
        if field.data and self.category.data != DataCategory.SENSIBLE.value:
            raise ValidationError("Ne précisez la nature que pour la catégorie « Données "
                                  "sensibles ».")

    def validate_active_unit(self, field):
        if self.active_duration.data is not None and not field.data:
            raise ValidationError("Choisissez l'unité de la durée (jours, mois ou ans).")
        if field.data and self.active_duration.data is None and not self.active_duration.errors:
            raise ValidationError("Indiquez la durée qui va avec cette unité.")

    def validate_archive_unit(self, field):
        if self.archive_duration.data is not None and not field.data:
            raise ValidationError("Choisissez l'unité de la durée d'archivage.")


class RecipientForm(RowForm):
    kind = choice("Type de destinataire", RecipientKind, "Service interne, sous-traitant, "
                  "partenaire… (art. 30.1.d).", required="Choisissez le type de destinataire.")
    name = text("Nom du destinataire", "Qui reçoit les données (service, organisme, société).",
                max_length=300)
    processor_id = ProcessorField("Sous-traitant du catalogue", description="Pour un "
                                  "sous-traitant : choisissez-le dans le catalogue de "
                                  "l'académie (contrat, hébergement, juridiction).")
    data_categories = MultiCheckboxField("Données reçues", choices=DataCategory.choices(),
                                         description="Les catégories de données que ce "
                                         "destinataire reçoit.")

    def validate_name(self, field):
        if not (field.data or "").strip() and not self.processor_id.data:
            raise ValidationError("Indiquez le nom du destinataire ou choisissez un "
                                  "sous-traitant du catalogue.")


class TransferForm(RowForm):
    recipient = text("Destinataire", "L'organisme qui reçoit les données hors de l'Union "
                     "européenne.", max_length=300, required="Indiquez le destinataire.")
    country = text("Pays (code ISO)", "Code à deux lettres : US, GB, IN…", max_length=100,
                   validators=[CountryCode()], code=True)
    guarantee = choice("Garantie", Guarantee, "Le fondement du transfert (chapitre V du "
                       "RGPD) : décision d'adéquation, clauses contractuelles types…")
    documentation = text("Documentation", "Où trouver la garantie (lien, référence du "
                         "contrat).", multiline=True)


class SecurityMeasureForm(RowForm):
    kind = choice("Type de mesure", SecurityMeasureKind, "Les mesures de sécurité (art. "
                  "30.1.g, art. 32) ; jamais publiées.", required="Choisissez le type de mesure.")
    details = text("Détails", "Par exemple « comptes nominatifs, mots de passe robustes ».",
                   multiline=True)


def rows(form_class, label: str, description: str):
    return FieldList(FormField(form_class), label, description=description, min_entries=0,
                     max_entries=200)
