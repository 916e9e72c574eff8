"""The activity form: every field a user edits (design §3), in the sections of the fiche.

This is THE definition of the input rules; the JSON API binds the same form (see
:mod:`registre.activities.form_json`). The rows and field builders are in
:mod:`registre.activities.row_forms`, the rules in :mod:`registre.forms.validators`.
"""
import sqlalchemy as sa
from wtforms import BooleanField, FieldList, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

from registre.activities.row_forms import (
    ContactForm,
    DataCategoryForm,
    DocumentForm,
    JointControllerForm,
    LegalBasisForm,
    ProcessorField,
    RecipientForm,
    SecurityMeasureForm,
    SubjectCategoryForm,
    TransferForm,
    age,
    choice,
    rows,
    text,
)
from registre.extensions import db
from registre.forms.fields import (
    ChoiceField,
    CountryListField,
    DateField,
    IntegerField,
    MultiCheckboxField,
    TriStateField,
    select_choices,
)
from registre.forms.validators import (
    MAX_TEXT,
    CleanText,
    FrenchForm,
    HttpUrl,
    IntegerRange,
    Required,
    nfc,
)
from registre.models import (
    Activity,
    ActivityScope,
    Art9Condition,
    ConsentSignatories,
    DpiaCriterion,
    DpiaStatus,
    Hosting,
    Informed,
    Organisation,
    Processor,
    Status,
)


class ActivityForm(FrenchForm):
    """Every field of an activity a user edits, in the order of the fiche's sections."""

    version = HiddenField()
    form_key = HiddenField()

    # Identification
    name = text("Nom du traitement", "Un nom court et parlant, par exemple « Vie scolaire et "
                "notes (Pronote) ».", max_length=300, required="Indiquez le nom du traitement.")
    reference = text("N° / RÉF", "Numéro de la fiche dans le registre ; laissé vide, il est "
                     "attribué automatiquement (T-001…).", max_length=40, code=True)
    scope = choice("Portée", ActivityScope, "Local : décidé par l'établissement. National : "
                   "mis en œuvre pour le ministère, qui en est responsable.",
                   required="Choisissez la portée.", default="local")
    legal_text = text("Texte de référence", "Pour un traitement national : l'arrêté ou le "
                      "décret qui le crée.", multiline=True)
    software = text("Logiciel ou service", "Le nom du logiciel ou du service en ligne.",
                    max_length=300)
    software_vendor = text("Éditeur", "La société ou l'organisme qui le fournit.",
                           max_length=300)
    last_reviewed_on = DateField("Dernière revue", description="Date à laquelle la fiche a "
                                 "été relue ; à revoir au moins une fois par an.")
    next_review_on = DateField("Prochaine revue", description="Date prévue pour la prochaine "
                               "relecture.")
    published = BooleanField("Publier sur le registre public", default=True,
                             description="La fiche (sans mesures de sécurité ni notes "
                             "internes) est visible des familles une fois en service.")

    # Actors
    controller = FormField(ContactForm, "Responsable du traitement",
                           description="Nom et coordonnées du responsable (art. 30.1.a) ; par "
                           "défaut celui de l'établissement.")
    joint_controllers = rows(JointControllerForm, "Responsables conjoints", "Seulement si "
                             "d'autres organismes décident avec vous des finalités (art. 26).")
    representative = FormField(ContactForm, "Représentant", description="Presque toujours "
                               "vide : seulement pour un responsable établi hors de l'UE.")

    # Purposes and legal basis
    purpose = text("Finalité principale", "À quoi sert le traitement, en une ou deux phrases "
                   "(art. 30.1.b).", multiline=True)
    sub_purposes = FieldList(StringField("Sous-finalité", [CleanText(MAX_TEXT)],
                                         filters=[nfc], default=""),
                             "Sous-finalités", description="Les usages secondaires, un par "
                             "ligne.", min_entries=0, max_entries=200)
    legal_bases = rows(LegalBasisForm, "Bases légales", "Au moins une base de l'article 6.")
    art9_condition = choice("Condition de l'article 9.2", Art9Condition, "Obligatoire si des "
                            "données sensibles sont traitées.")
    automated_decision = BooleanField("Décision entièrement automatisée",
                                      description="Cochez si une décision produisant des "
                                      "effets est prise sans intervention humaine (art. 22).")
    automated_decision_details = text("Précisions sur la décision automatisée", "La logique "
                                      "et les conséquences pour les personnes.", multiline=True)
    data_source = text("Source des données", "D'où viennent les données : les familles, "
                       "ONDE, SIECLE, un autre traitement…", multiline=True)
    collection_mandatory = TriStateField("Collecte obligatoire", description="Les personnes "
                                         "sont-elles obligées de fournir ces données ?")

    # People concerned
    subject_categories = rows(SubjectCategoryForm, "Catégories de personnes concernées",
                              "Toutes les catégories de personnes (art. 30.1.c).")
    concerns_minors = BooleanField("Concerne des mineurs", description="Cochez si des "
                                   "élèves mineurs sont concernés.")
    min_age = age("Âge minimum", "L'âge des plus jeunes personnes concernées.")
    max_age = age("Âge maximum", "L'âge des plus âgées.")

    # Data categories
    data_categories = rows(DataCategoryForm, "Catégories de données",
                           "Chaque catégorie avec sa durée de conservation (art. 30.1.c et f).")

    # Recipients
    recipients = rows(RecipientForm, "Destinataires", "Tous ceux qui reçoivent des données, "
                      "y compris les sous-traitants (art. 30.1.d).")

    # Storage and transfers
    hosting = choice("Hébergement", Hosting, "Où sont hébergées les données : établissement, "
                     "académie, prestataire…")
    hosting_processor_id = ProcessorField("Hébergeur (catalogue)", description="Le "
                                          "prestataire qui héberge, s'il est au catalogue.")
    storage_countries = CountryListField("Pays de stockage", max_length=200,
                                         description="Codes ISO à deux lettres séparés par "
                                         "des virgules, par exemple « FR, IE ».")
    transfers = rows(TransferForm, "Transferts hors Union européenne", "Chaque transfert "
                     "avec son pays et sa garantie (art. 30.1.e).")

    # Security
    security_measures = rows(SecurityMeasureForm, "Mesures de sécurité", "Description "
                             "générale des mesures (art. 30.1.g) ; jamais publiée.")

    # Information and consent
    informed = choice("Les personnes ont-elles été informées ?", Informed, "Oui, non, ou "
                      "inconnu : le registre l'affichera tel quel aux familles.",
                      required="Indiquez si les personnes ont été informées.",
                      default="inconnu")
    information_channel = text("Moyen d'information", "Règlement intérieur, dossier "
                               "d'inscription, ENT, courrier, réunion…", multiline=True)
    information_date = DateField("Date de l'information", description="Quand les personnes "
                                 "ont été informées.")
    information_notice = FormField(DocumentForm, "Notice d'information",
                                   description="Le document remis aux personnes.")
    information_text = text("Ce qui a été dit aux personnes", "Le contenu de l'information "
                            "(art. 13 et 14).", multiline=True)
    consent_required = TriStateField("Le consentement est-il demandé ?",
                                     description="« Non renseigné » tant que personne ne sait.")
    consent_reason = text("Pourquoi", "Pourquoi un consentement est (ou n'est pas) demandé.",
                          multiline=True)
    consent_signatories = choice("Qui signe", ConsentSignatories, "Pour un élève de moins de "
                                 "15 ans : l'élève et ses responsables légaux conjointement "
                                 "(art. 45 loi Informatique et Libertés).")
    consent_text = FormField(DocumentForm, "Texte signé", description="Le texte que les "
                             "personnes ont signé.")
    consent_collection = text("Recueil du consentement", "Comment et quand le consentement "
                              "est recueilli.", multiline=True)
    consent_withdrawal = text("Retrait du consentement", "Comment le retirer, aussi "
                              "simplement qu'il a été donné.", multiline=True)
    governance_opinion_date = DateField("Avis du conseil d'administration / information du "
                                        "conseil d'école", description="Date de l'avis du CA "
                                        "(EPLE, R.421-23) ou de l'information du conseil "
                                        "d'école (D.411-2).")

    # Rights and DPIA
    rights_contact = text("Contact pour exercer ses droits", "Par défaut celui du DPD de "
                          "l'académie.", multiline=True)
    dpia_criteria = MultiCheckboxField("Critères d'AIPD", choices=DpiaCriterion.choices(),
                                       description="Deux critères ou plus : une analyse "
                                       "d'impact est en principe requise (les élèves sont des "
                                       "personnes vulnérables).")
    dpia_status = choice("Analyse d'impact (AIPD)", DpiaStatus, "Où en est l'analyse d'impact.")
    dpia_date = DateField("Date de l'AIPD", description="Date de réalisation de l'AIPD.")
    dpia_url = text("Document d'AIPD", "Lien http(s) vers l'analyse d'impact.",
                    max_length=2000, validators=[HttpUrl()])

    # Internal
    internal_notes = text("Notes internes", "Jamais publiées : remarques pour l'équipe.",
                          multiline=True)

    def __init__(self, *args, organisation: Organisation, activity: Activity | None = None,
                 **kwargs):
        self.organisation = organisation
        self.activity = activity
        super().__init__(*args, **kwargs)
        self.processor_choices = select_choices([("", "— Aucun —")] + [
            (str(processor.id), processor.name) for processor in db.session.scalars(
                sa.select(Processor).where(Processor.academie_id == organisation.academie_id)
                .order_by(Processor.name))])
        self.bind_choices()

    def bind_choices(self) -> None:
        """Give every processor select (including rows added later) the académie catalogue."""
        self.hosting_processor_id.choices = self.processor_choices
        for entry in self.recipients:
            entry.form.processor_id.choices = self.processor_choices

    def validate_reference(self, field):
        if not field.data:
            return
        query = sa.select(Activity.id).where(Activity.organisation_id == self.organisation.id,
                                             Activity.reference == field.data)
        if self.activity is not None and self.activity.id is not None:
            query = query.where(Activity.id != self.activity.id)
        if db.session.scalar(query) is not None:
            raise ValidationError(f"La référence « {field.data} » est déjà utilisée dans ce "
                                  "registre : choisissez-en une autre ou laissez vide.")

    def validate_max_age(self, field):
        if field.data is not None and self.min_age.data is not None \
                and self.min_age.data > field.data and not self.min_age.errors:
            raise ValidationError("L'âge maximum doit être supérieur ou égal à l'âge minimum.")

    def validate_version(self, field):
        if field.data and not field.data.isdigit():
            raise ValidationError("Version invalide : rechargez la fiche.")


# The sections of the form, in the order of the fiche: (anchor, legend, field names).
FIELDSETS = (
    ("identification", "Identification", ("name", "reference", "scope", "legal_text",
                                          "software", "software_vendor", "last_reviewed_on",
                                          "next_review_on", "published")),
    ("acteurs", "Acteurs", ("controller", "joint_controllers", "representative")),
    ("finalites", "Finalités et base légale", ("purpose", "sub_purposes", "legal_bases",
                                               "art9_condition", "automated_decision",
                                               "automated_decision_details", "data_source",
                                               "collection_mandatory")),
    ("personnes", "Personnes concernées et mineurs", ("subject_categories", "concerns_minors",
                                                      "min_age", "max_age")),
    ("donnees", "Données et durées de conservation", ("data_categories",)),
    ("destinataires", "Destinataires et sous-traitants", ("recipients",)),
    ("hebergement", "Hébergement et transferts hors UE", ("hosting", "hosting_processor_id",
                                                          "storage_countries", "transfers")),
    ("securite", "Mesures de sécurité", ("security_measures",)),
    ("information", "Information et consentement", (
        "informed", "information_channel", "information_date", "information_notice",
        "information_text", "consent_required", "consent_reason", "consent_signatories",
        "consent_text", "consent_collection", "consent_withdrawal", "governance_opinion_date")),
    ("droits", "Droits et AIPD", ("rights_contact", "dpia_criteria", "dpia_status",
                                  "dpia_date", "dpia_url")),
    ("notes", "Notes internes", ("internal_notes",)),
)

# Repeatable lists a user can add rows to and remove rows from.
ROW_LISTS = ("joint_controllers", "sub_purposes", "legal_bases", "subject_categories",
             "data_categories", "recipients", "transfers", "security_measures")


class TransitionForm(FrenchForm):
    """A workflow button on the fiche: the target status and what goes with it."""

    to = ChoiceField("Nouveau statut", [Required("Statut demandé manquant.")],
                     choices=[(status.value, status.label) for status in Status],
                     optional=False)
    comment = TextAreaField("Commentaire", [CleanText(MAX_TEXT, multiline=True)],
                            filters=[nfc], default="")
    ended_on = DateField("Date de fin", description="Par défaut aujourd'hui.")
    acknowledge = BooleanField("J'ai pris connaissance de ces erreurs et je mets quand même "
                               "le traitement en service.")
    # The version read: a stale one is a conflict (409); a negative or non-integer one is
    # refused (422), never taken for "no version".
    version = IntegerField(widget=HiddenInput(), validators=[IntegerRange(
        0, 999_999_999, "La version est un nombre entier positif : celle de la fiche lue.")])
