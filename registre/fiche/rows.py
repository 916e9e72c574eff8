"""The catalogue of the fiche's row tables and small objects (contacts, documents).

Each row table lists its columns in the order of the form, the history and the exports;
``sheet`` names its long sheet in the spreadsheet exports (31 characters at most).
"""
from registre.fiche.kinds import Field, Kind, Source, Table
from registre.models import (
    ActivityDataCategory,
    ActivityLegalBasis,
    ActivityRecipient,
    ActivitySecurityMeasure,
    ActivitySubjectCategory,
    ActivityTransfer,
    Art9Condition,
    DataCategory,
    DurationUnit,
    FinalFate,
    Guarantee,
    JointController,
    LegalBasis,
    RecipientKind,
    SecurityMeasureKind,
    SensitiveKind,
    SubjectCategory,
)

K = Kind

_CONTACT_FIELDS = (
    Field("title", "Fonction", K.TEXT, "Par exemple « Chef d'établissement » ou « Ministre de "
          "l'Éducation nationale ».", max_length=200),
    Field("name", "Nom", K.TEXT, "Le nom de la personne ou de l'organisme.", max_length=200,
          public=False),
    Field("address", "Adresse", K.LONG_TEXT, "Adresse postale complète, pour que l'on puisse "
          "écrire au responsable.", public=False),
    Field("email", "Adresse mél", K.EMAIL, "Une adresse électronique où le joindre.",
          public=False),
    Field("phone", "Téléphone", K.TEXT, "Numéro de téléphone (facultatif).", max_length=40,
          public=False),
)
CONTACT = Table("contact", _CONTACT_FIELDS)

DOCUMENT = Table("document", (
    Field("title", "Titre", K.TEXT, "Le titre tel qu'il figure sur le document.",
          max_length=300),
    Field("version", "Version", K.TEXT, "Version ou date du document (par exemple "
          "« 2026-09 »).", max_length=100),
    Field("url", "Lien", K.URL, "Lien http(s) vers le document."),
))

JOINT_CONTROLLERS = Table("joint_controllers", (*_CONTACT_FIELDS, Field(
    "role_split", "Répartition des rôles", K.LONG_TEXT, "Qui fait quoi entre responsables "
    "conjoints (art. 26 RGPD) : information des personnes, exercice des droits…")),
    model=JointController, sheet="Responsables conjoints", title_column="name")

LEGAL_BASES = Table("legal_bases", (
    Field("basis", "Base légale", K.ENUM, "La base de l'article 6 du RGPD ; dans un "
          "établissement public, le plus souvent la mission d'intérêt public (6.1.e).",
          vocabulary=LegalBasis, required="Choisissez la base légale."),
    Field("justification", "Justification", K.LONG_TEXT, "Le texte ou la raison qui fonde "
          "cette base (code de l'éducation, arrêté…)."),
), model=ActivityLegalBasis, sheet="Bases légales", title_column="basis")

SUBJECT_CATEGORIES = Table("subject_categories", (
    Field("category", "Catégorie de personnes", K.ENUM, "Les personnes dont les données sont "
          "traitées (art. 30.1.c).", cnil="Description", vocabulary=SubjectCategory,
          required="Choisissez la catégorie de personnes."),
    Field("details", "Précisions", K.LONG_TEXT, "Par exemple « élèves de 6e » ou « personnels "
          "de la vie scolaire ».", cnil="Précisions"),
), model=ActivitySubjectCategory, sheet="Personnes concernées", title_column="category")

DATA_CATEGORIES = Table("data_categories", (
    Field("category", "Catégorie de données", K.ENUM, "La catégorie de données (art. 30.1.c) ; "
          "une ligne par catégorie, chacune avec sa durée.", vocabulary=DataCategory,
          required="Choisissez la catégorie de données."),
    Field("sensitive_kind", "Type de donnée sensible", K.ENUM, "Seulement pour des données "
          "sensibles (art. 9) ou d'infraction (art. 10).", vocabulary=SensitiveKind),
    Field("art9_condition", "Condition de l'article 9.2 (ligne)", K.ENUM, "Pour une donnée "
          "sensible de l'art. 9 : l'exception qui permet de la traiter, si elle diffère de "
          "celle de la fiche. Une donnée d'infraction relève de l'art. 10, pas de l'art. 9.",
          vocabulary=Art9Condition),
    Field("description", "Description", K.LONG_TEXT, "Les données précises : nom, prénom, "
          "classe, notes…", cnil="Description"),
    Field("active_duration", "Durée en base active", K.DURATION, "La durée de conservation "
          "pendant laquelle les données restent utilisées (art. 30.1.f)."),
    Field("active_unit", "Unité (base active)", K.ENUM, "Jours, mois ou ans.",
          vocabulary=DurationUnit),
    Field("retention_criteria", "Critère de conservation", K.LONG_TEXT, "Si la durée n'est pas "
          "fixe : par exemple « fin de la scolarité dans l'établissement + 1 an »."),
    Field("archive_duration", "Durée d'archivage intermédiaire", K.DURATION, "Durée de "
          "conservation en archives avant le sort final (facultatif)."),
    Field("archive_unit", "Unité (archivage)", K.ENUM, "Jours, mois ou ans.",
          vocabulary=DurationUnit),
    Field("final_fate", "Sort final", K.ENUM, "Ce que deviennent les données à la fin : "
          "destruction, archivage définitif ou anonymisation.", vocabulary=FinalFate),
), model=ActivityDataCategory, sheet="Données", title_column="category", displayed=(
    # The retention summed up; findings about it name ``data_categories[i].retention``.
    Field("retention", "Durée de conservation", K.LONG_TEXT, source=Source.DISPLAY,
          cnil="Durée de conservation"),))

RECIPIENTS = Table("recipients", (
    Field("kind", "Type de destinataire", K.ENUM, "Service interne, sous-traitant, "
          "partenaire… (art. 30.1.d).", cnil="Type de destinataire", vocabulary=RecipientKind,
          required="Choisissez le type de destinataire."),
    Field("name", "Nom du destinataire", K.TEXT, "Qui reçoit les données (service, organisme, "
          "société).", cnil="Précisions", max_length=300, aliases=("Précisions",)),
    Field("processor_id", "Sous-traitant", K.PROCESSOR, "Pour un sous-traitant : choisissez-le "
          "dans le catalogue de l'académie (contrat, hébergement, juridiction)."),
    Field("data_categories", "Données transmises", K.ENUM_LIST, "Les catégories de données que "
          "ce destinataire reçoit.", vocabulary=DataCategory),
), model=ActivityRecipient, sheet="Destinataires", title_column="name")

TRANSFERS = Table("transfers", (
    Field("recipient", "Destinataire", K.TEXT, "L'organisme qui reçoit les données hors de "
          "l'Union européenne.", cnil="Destinataire", max_length=300,
          required="Indiquez le destinataire."),
    Field("country", "Pays", K.COUNTRY, "Code ISO à deux lettres (US, GB, IN…) ou nom du pays.",
          cnil="Pays"),
    Field("guarantee", "Garantie", K.ENUM, "Le fondement du transfert (chapitre V du RGPD) : "
          "décision d'adéquation, clauses contractuelles types…", cnil="Type de Garanties",
          vocabulary=Guarantee, aliases=("Type de Garanties",)),
    Field("documentation", "Documentation", K.LONG_TEXT, "Où trouver la garantie (lien, "
          "référence du contrat).", cnil="Liens vers la documentation", public=False,
          aliases=("Liens vers la documentation",)),
), model=ActivityTransfer, sheet="Transferts", title_column="recipient")

SECURITY_MEASURES = Table("security_measures", (
    Field("kind", "Type de mesure de sécurité", K.ENUM, "Les mesures de sécurité (art. 30.1.g, "
          "art. 32) ; jamais publiées.", cnil="Type de mesure de sécurité",
          vocabulary=SecurityMeasureKind, required="Choisissez le type de mesure.",
          public=False),
    Field("details", "Précisions", K.LONG_TEXT, "Par exemple « comptes nominatifs, mots de "
          "passe robustes ».", cnil="Précisions", public=False),
), model=ActivitySecurityMeasure, sheet="Mesures de sécurité", title_column="kind")

# Every row table, by the activity field that holds its rows.
ROW_TABLES = {table.name: table for table in (
    JOINT_CONTROLLERS, LEGAL_BASES, SUBJECT_CATEGORIES, DATA_CATEGORIES, RECIPIENTS, TRANSFERS,
    SECURITY_MEASURES)}
