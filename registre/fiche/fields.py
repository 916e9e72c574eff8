"""The catalogue of an activity's fields (design §3), in the order of the fiche.

One entry per field: its key, label, kind, section, form help, CNIL header, vocabulary,
whether parents may see it and which public question it answers. The row tables and small
objects are in :mod:`registre.fiche.rows`; the sections in :mod:`registre.fiche.sections`.
"""
from registre.fiche.kinds import Field, Kind, Source
from registre.fiche.rows import (
    CONTACT,
    DATA_CATEGORIES,
    DOCUMENT,
    JOINT_CONTROLLERS,
    LEGAL_BASES,
    RECIPIENTS,
    SECURITY_MEASURES,
    SUBJECT_CATEGORIES,
    TRANSFERS,
)
from registre.models import (
    ActivityScope,
    Art9Condition,
    ConsentKind,
    ConsentSignatories,
    DpiaCriterion,
    DpiaStatus,
    Hosting,
    Informed,
    Status,
    YesNoUnknown,
)

K, SYSTEM, DERIVED, DISPLAY = Kind, Source.SYSTEM, Source.DERIVED, Source.DISPLAY


def _in(section: str):
    """A builder of the fields of one section (keeps each entry on few lines)."""
    def build(key, label, kind, help="", **options) -> Field:
        return Field(key, label, kind, help, section=section, **options)
    return build


_description, _actors = _in("description"), _in("acteurs")
_purposes, _people = _in("finalites"), _in("personnes")
_data, _recipients, _hosting = _in("donnees"), _in("destinataires"), _in("hebergement")
_security, _information, _rights = _in("securite"), _in("information"), _in("droits")
_notes = _in("notes")

FIELDS: tuple[Field, ...] = (
    # Description du traitement
    _description("id", "Identifiant", K.INTEGER, source=SYSTEM, public=False, exported=False),
    _description("uai", "UAI", K.CODE, source=SYSTEM, attribute="organisation.uai",
                 column="organisation_id"),
    _description("name", "Nom du traitement", K.TEXT, "Un nom court et parlant, par exemple "
                 "« Vie scolaire et notes (Pronote) ».", cnil="Nom du traitement",
                 max_length=300, required="Indiquez le nom du traitement."),
    _description("reference", "N° / RÉF", K.CODE, "Numéro de la fiche dans le registre ; "
                 "laissé vide, il est attribué automatiquement (T-001…).", cnil="N° / RÉF",
                 max_length=40),
    _description("status", "Statut", K.ENUM, vocabulary=Status, source=SYSTEM),
    _description("ended_on", "Date de fin", K.DATE, source=SYSTEM),
    _description("validated_by", "Validé par", K.ACCOUNT, source=SYSTEM, public=False,
                 attribute="validated_by.email", column="validated_by_id"),
    _description("validated_at", "Date de validation", K.TIMESTAMP, source=SYSTEM,
                 public=False),
    _description("scope", "Portée", K.ENUM, "Local : décidé par l'établissement. National : "
                 "mis en œuvre pour le ministère, qui en est responsable.",
                 vocabulary=ActivityScope, required="Choisissez la portée.", default="local"),
    _description("legal_text", "Texte de référence", K.LONG_TEXT, "Pour un traitement "
                 "national : l'arrêté ou le décret qui le crée.",
                 aliases=("Texte réglementaire",)),
    _description("software", "Logiciel ou service", K.TEXT, "Le nom du logiciel ou du service "
                 "en ligne.", max_length=300, aliases=("Logiciel",)),
    _description("software_vendor", "Éditeur", K.TEXT, "La société ou l'organisme qui fournit "
                 "le logiciel ou le service.", max_length=300, aliases=("Éditeur du logiciel",)),
    _description("started_on", "Début du traitement", K.DATE, "Quand le traitement lui-même a "
                 "commencé (pas la date de la fiche) ; laissez vide si personne ne le sait.",
                 cnil="Date de création du traitement"),
    _description("created_at", "Date de création de la fiche", K.TIMESTAMP, source=SYSTEM,
                 cnil="Date de création de la fiche", public=False),
    _description("updated_at", "Dernière mise à jour de la fiche", K.TIMESTAMP, source=SYSTEM,
                 cnil="Dernière mise à jour de la fiche"),
    _description("last_reviewed_on", "Dernière revue", K.DATE, "Date à laquelle la fiche a été "
                 "relue ; à revoir au moins une fois par an.", public=False),
    _description("next_review_on", "Prochaine revue", K.DATE, "Date prévue pour la prochaine "
                 "relecture.", public=False),
    _description("published", "Publié sur le registre public", K.BOOL, "La fiche (sans "
                 "mesures de sécurité ni notes internes) est visible des familles une fois en "
                 "service.", default=True, public=False, aliases=("Publié",)),
    _description("template_id", "Modèle d'origine", K.INTEGER, source=SYSTEM, public=False,
                 exported=False),
    _description("version", "Version", K.INTEGER, source=SYSTEM, public=False),

    # Acteurs
    _actors("controller", "Responsable du traitement", K.OBJECT, "Nom et coordonnées du "
            "responsable (art. 30.1.a) ; par défaut celui de l'établissement.", table=CONTACT,
            cnil="Responsable du traitement", prefixed=True, nullable=False, imported=False,
            public=False),
    _actors("joint_controllers", "Responsables conjoints", K.ROWS, "Seulement si d'autres "
            "organismes décident avec vous des finalités (art. 26).", table=JOINT_CONTROLLERS,
            cnil="Responsable(s) conjoint(s)"),
    _actors("representative", "Représentant", K.OBJECT, "Presque toujours vide : seulement "
            "pour un responsable établi hors de l'UE.", table=CONTACT, cnil="Représentant",
            public=False),
    _actors("dpd", "Délégué à la protection des données", K.OBJECT, table=CONTACT,
            source=DISPLAY, cnil="Délégué à la protection des données"),

    # Finalités et base légale
    _purposes("purpose", "Finalité principale", K.LONG_TEXT, "À quoi sert le traitement, en une "
              "ou deux phrases (art. 30.1.b).", cnil="Finalité principale", question="pourquoi"),
    _purposes("sub_purposes", "Sous-finalités", K.TEXT_LIST, "Les usages secondaires, un par "
              "ligne.", item_label="Sous-finalité", question="pourquoi"),
    _purposes("legal_bases", "Bases légales", K.ROWS, "Au moins une base de l'article 6.",
              table=LEGAL_BASES, question="base"),
    _purposes("art9_condition", "Condition de l'article 9.2", K.ENUM, "Obligatoire si des "
              "données sensibles sont traitées.", vocabulary=Art9Condition, question="donnees",
              aliases=("Condition de l'article 9",)),
    _purposes("automated_decision", "Décision automatisée", K.ENUM, "Une décision produisant "
              "des effets est-elle prise sans intervention humaine (art. 22) ? « Non "
              "renseigné » tant que personne ne le sait : jamais affiché comme « non ».",
              vocabulary=YesNoUnknown, default="inconnu", question="pourquoi"),
    _purposes("automated_decision_details", "Précisions sur la décision automatisée",
              K.LONG_TEXT, "La logique et les conséquences pour les personnes.",
              question="pourquoi"),
    _purposes("data_source", "Source des données", K.LONG_TEXT, "D'où viennent les données : "
              "les familles, ONDE, SIECLE, un autre traitement…", question="donnees"),
    _purposes("collection_mandatory", "Collecte obligatoire", K.YES_NO_UNKNOWN, "Les personnes "
              "sont-elles obligées de fournir ces données ?", question="donnees"),

    # Personnes concernées et mineurs
    _people("subject_categories", "Catégories de personnes concernées", K.ROWS, "Toutes les "
            "catégories de personnes (art. 30.1.c).", table=SUBJECT_CATEGORIES,
            cnil="Catégories de personnes concernées", question="donnees"),
    _people("concerns_minors", "Concerne des mineurs", K.BOOL, "Cochez si des élèves mineurs "
            "sont concernés."),
    _people("min_age", "Âge minimum", K.AGE, "L'âge des plus jeunes personnes concernées.",
            public=False),
    _people("max_age", "Âge maximum", K.AGE, "L'âge des plus âgées.", public=False),
    _people("concerns_under_15", "Concerne des moins de 15 ans", K.BOOL, source=DERIVED,
            question="donnees"),
    _people("offered_directly_to_child", "Service proposé directement à l'élève", K.ENUM,
            "Une application ou un compte en ligne que l'élève utilise lui-même (service de "
            "la société de l'information, art. 8 RGPD) : seulement alors l'art. 45 de la loi "
            "Informatique et Libertés exige, avant 15 ans, l'accord conjoint de l'élève et de "
            "ses responsables légaux pour un traitement fondé sur le consentement.",
            vocabulary=YesNoUnknown, default="inconnu", question="accord"),

    # Données et durées de conservation
    _data("data_categories", "Catégories de données", K.ROWS, "Chaque catégorie avec sa durée "
          "de conservation (art. 30.1.c et f).", table=DATA_CATEGORIES,
          cnil="Catégories de données personnelles concernées", question="donnees"),
    _data("has_sensitive_data", "Données sensibles ?", K.BOOL, source=DISPLAY,
          cnil="Données sensibles ?", question="donnees"),

    # Destinataires et sous-traitants
    _recipients("recipients", "Destinataires", K.ROWS, "Tous ceux qui reçoivent des données, "
                "y compris les sous-traitants (art. 30.1.d).", table=RECIPIENTS,
                cnil="Destinataires", question="destinataires"),

    # Hébergement et transferts hors UE
    _hosting("hosting", "Hébergement", K.ENUM, "Où sont hébergées les données : établissement, "
             "académie, prestataire…", vocabulary=Hosting, question="stockage"),
    _hosting("hosting_processor_id", "Hébergeur", K.PROCESSOR, "Le prestataire qui héberge, "
             "s'il est au catalogue des sous-traitants de l'académie.", question="stockage"),
    _hosting("storage_countries", "Pays de stockage", K.COUNTRY_LIST, "Codes ISO à deux lettres "
             "séparés par des virgules, par exemple « FR, IE ».", question="stockage"),
    # Exports: the countries parents read (the fiche's own, else its host's) and what the
    # processor catalogue says of each processor (country, art. 28 contract, DPF).
    _hosting("storage_countries_shown", "Pays de stockage (fiche ou hébergeur)",
             K.COUNTRY_LIST, source=DISPLAY, question="stockage"),
    _hosting("processors_status", "Sous-traitants : pays, contrat, DPF", K.LONG_TEXT,
             source=DISPLAY, public=False),
    _hosting("transfers", "Transferts hors UE", K.ROWS, "Chaque transfert hors de l'Union "
             "européenne avec son pays et sa garantie (art. 30.1.e).", table=TRANSFERS,
             cnil="Transferts hors UE", question="stockage"),

    # Mesures de sécurité (never public)
    _security("security_measures", "Mesures de sécurité", K.ROWS, "Description générale des "
              "mesures (art. 30.1.g) ; jamais publiée.", table=SECURITY_MEASURES,
              cnil="Mesures de sécurité", public=False),

    # Information et consentement: the parents' questions
    _information("informed", "Personnes informées", K.ENUM, "Les personnes ont-elles été "
                 "informées ? Oui, non, ou inconnu : le registre l'affichera tel quel aux "
                 "familles.", vocabulary=Informed, default="inconnu", question="information",
                 required="Indiquez si les personnes ont été informées."),
    _information("information_channel", "Moyen d'information", K.LONG_TEXT, "Règlement "
                 "intérieur, dossier d'inscription, ENT, courrier, réunion…",
                 question="information"),
    _information("information_date", "Date de l'information", K.DATE, "Quand les personnes ont "
                 "été informées.", question="information"),
    _information("information_notice", "Notice d'information", K.OBJECT, "Le document remis aux "
                 "personnes.", table=DOCUMENT, prefixed=True, question="information"),
    _information("information_text", "Texte de l'information", K.LONG_TEXT, "Ce qui a été dit "
                 "aux personnes : le contenu de l'information (art. 13 et 14).",
                 question="information"),
    _information("consent_required", "Consentement requis", K.YES_NO_UNKNOWN, "Le consentement "
                 "est-il demandé ? « Non renseigné » tant que personne ne sait.",
                 question="accord"),
    _information("consent_kind", "Nature de l'accord", K.ENUM, "Consentement RGPD (base 6.1.a : "
                 "retirable, pas de traitement sans lui), autorisation de droit à l'image "
                 "(la base RGPD est une autre) ou accord exigé par un autre texte (précisez-le "
                 "dans le motif).", vocabulary=ConsentKind, question="accord"),
    _information("consent_scope", "Usage couvert par l'accord", K.LONG_TEXT, "Quel usage "
                 "l'accord couvre quand le traitement a plusieurs bases, par exemple « la "
                 "transmission des coordonnées aux associations de parents ».",
                 question="accord"),
    _information("consent_reason", "Motif du consentement", K.LONG_TEXT, "Pourquoi un "
                 "consentement est (ou n'est pas) demandé.", question="accord",
                 aliases=("Motif (consentement)",)),
    _information("consent_signatories", "Signataires du consentement", K.ENUM, "Qui signe. "
                 "Pour un service en ligne proposé directement à un élève de moins de 15 ans "
                 "et fondé sur le consentement : l'élève et ses responsables légaux, "
                 "conjointement (art. 45 loi Informatique et Libertés). L'image d'un mineur : "
                 "ses responsables légaux.",
                 vocabulary=ConsentSignatories, question="accord"),
    _information("consent_text", "Texte du consentement", K.OBJECT, "Le texte que les "
                 "personnes ont signé.", table=DOCUMENT, prefixed=True, question="accord"),
    _information("consent_collection", "Recueil du consentement", K.LONG_TEXT, "Comment et "
                 "quand le consentement est recueilli.", question="accord"),
    _information("consent_withdrawal", "Retrait du consentement", K.LONG_TEXT, "Comment le "
                 "retirer, aussi simplement qu'il a été donné.", question="accord"),
    _information("governance_opinion_date", "Avis ou information de l'instance", K.DATE, "Date "
                 "de l'avis du conseil d'administration (EPLE, R.421-23) ou de l'information "
                 "du conseil d'école (D.411-2).", question="information"),

    # Droits et AIPD
    _rights("rights", "Droits des personnes", K.RIGHTS, source=DERIVED),
    _rights("rights_contact", "Contact pour l'exercice des droits", K.LONG_TEXT, "Par défaut "
            "celui du DPD de l'académie."),
    _rights("dpia_criteria", "Critères d'AIPD", K.ENUM_LIST, "Deux critères ou plus : une "
            "analyse d'impact est en principe requise (les élèves sont des personnes "
            "vulnérables).", vocabulary=DpiaCriterion, public=False,
            aliases=("Critères AIPD",)),
    _rights("dpia_status", "Statut de l'AIPD", K.ENUM, "Où en est l'analyse d'impact (AIPD).",
            vocabulary=DpiaStatus, public=False),
    _rights("dpia_date", "Date de l'AIPD", K.DATE, "Date de réalisation de l'AIPD.",
            public=False),
    _rights("dpia_url", "Lien vers l'AIPD", K.URL, "Lien http(s) vers l'analyse d'impact.",
            public=False),

    # Notes internes (never public)
    _notes("internal_notes", "Notes internes", K.LONG_TEXT, "Jamais publiées : remarques pour "
           "l'équipe.", public=False),
)

FIELDS_BY_KEY: dict[str, Field] = {field.key: field for field in FIELDS}


def field(key: str) -> Field:
    """The activity field with that key (KeyError when unknown)."""
    return FIELDS_BY_KEY[key]


def label(key: str) -> str:
    """The French label of an activity field."""
    return FIELDS_BY_KEY[key].label
