"""French labels of the snapshot keys, so that history speaks the fiche's language."""
import sqlalchemy as sa

from registre.dates import format_datetime
from registre.models import Activity
from registre.models.vocabularies import (
    ActivityScope,
    Art9Condition,
    ConsentSignatories,
    DataCategory,
    DpiaCriterion,
    DpiaStatus,
    DurationUnit,
    FinalFate,
    Guarantee,
    Hosting,
    Informed,
    LegalBasis,
    RecipientKind,
    SecurityMeasureKind,
    SensitiveKind,
    Status,
    SubjectCategory,
)

FIELD_LABELS = {
    "id": "Identifiant",
    "uai": "UAI de l'établissement",
    "reference": "N° / RÉF",
    "name": "Nom du traitement",
    "status": "Statut",
    "ended_on": "Date de fin",
    "validated_by": "Validé par",
    "validated_at": "Date de validation",
    "scope": "Portée",
    "legal_text": "Texte de référence",
    "software": "Logiciel ou service",
    "software_vendor": "Éditeur",
    "created_at": "Date de création de la fiche",
    "updated_at": "Dernière mise à jour de la fiche",
    "last_reviewed_on": "Dernière revue",
    "next_review_on": "Prochaine revue",
    "published": "Publié sur le registre public",
    "template_id": "Modèle d'origine",
    "version": "Version",
    "controller": "Responsable du traitement",
    "joint_controllers": "Responsables conjoints",
    "representative": "Représentant",
    "purpose": "Finalité principale",
    "sub_purposes": "Sous-finalités",
    "legal_bases": "Bases légales",
    "art9_condition": "Condition de l'article 9.2",
    "automated_decision": "Décision automatisée",
    "automated_decision_details": "Précisions sur la décision automatisée",
    "data_source": "Source des données",
    "collection_mandatory": "Collecte obligatoire",
    "subject_categories": "Personnes concernées",
    "concerns_minors": "Concerne des mineurs",
    "min_age": "Âge minimal",
    "max_age": "Âge maximal",
    "concerns_under_15": "Concerne des moins de 15 ans",
    "data_categories": "Catégories de données et durées de conservation",
    "recipients": "Destinataires",
    "hosting": "Hébergement",
    "hosting_processor_id": "Hébergeur (sous-traitant)",
    "storage_countries": "Pays de stockage",
    "transfers": "Transferts hors UE",
    "security_measures": "Mesures de sécurité",
    "informed": "Personnes informées",
    "information_channel": "Moyen d'information",
    "information_date": "Date de l'information",
    "information_notice": "Notice d'information",
    "information_text": "Ce qui a été dit aux personnes",
    "consent_required": "Consentement requis",
    "consent_reason": "Pourquoi (ou pourquoi pas) le consentement",
    "consent_signatories": "Signataires du consentement",
    "consent_text": "Texte de consentement signé",
    "consent_collection": "Recueil du consentement",
    "consent_withdrawal": "Retrait du consentement",
    "governance_opinion_date": "Date de l'avis de l'instance (CA ou conseil d'école)",
    "rights": "Droits des personnes",
    "rights_contact": "Contact pour exercer ses droits",
    "dpia_criteria": "Critères d'AIPD",
    "dpia_status": "Statut de l'AIPD",
    "dpia_date": "Date de l'AIPD",
    "dpia_url": "Lien vers l'AIPD",
    "internal_notes": "Notes internes",
}

# Columns of repeatable rows and parts of nested objects (controller, notices…).
COLUMN_LABELS = {
    "title": "Titre", "name": "Nom", "address": "Adresse", "email": "Adresse mél",
    "phone": "Téléphone", "role_split": "Répartition des rôles", "basis": "Base légale",
    "justification": "Justification", "category": "Catégorie", "details": "Précisions",
    "sensitive_kind": "Type de donnée sensible", "description": "Description",
    "active_duration": "Durée en base active", "active_unit": "Unité (base active)",
    "retention_criteria": "Critère de conservation",
    "archive_duration": "Durée d'archivage intermédiaire",
    "archive_unit": "Unité (archivage)", "final_fate": "Sort final", "kind": "Type",
    "processor_id": "Sous-traitant du catalogue", "data_categories": "Données reçues",
    "recipient": "Destinataire", "country": "Pays", "guarantee": "Garantie",
    "documentation": "Documentation", "version": "Version", "url": "Lien",
}

# Which vocabulary a value belongs to: by top-level field, then by row or object column.
FIELD_ENUMS = {
    "status": Status, "scope": ActivityScope, "art9_condition": Art9Condition,
    "hosting": Hosting, "informed": Informed, "consent_signatories": ConsentSignatories,
    "dpia_status": DpiaStatus, "dpia_criteria": DpiaCriterion,
}
COLUMN_ENUMS = {
    ("legal_bases", "basis"): LegalBasis,
    ("subject_categories", "category"): SubjectCategory,
    ("data_categories", "category"): DataCategory,
    ("data_categories", "sensitive_kind"): SensitiveKind,
    ("data_categories", "active_unit"): DurationUnit,
    ("data_categories", "archive_unit"): DurationUnit,
    ("data_categories", "final_fate"): FinalFate,
    ("recipients", "kind"): RecipientKind,
    ("recipients", "data_categories"): DataCategory,
    ("transfers", "guarantee"): Guarantee,
    ("security_measures", "kind"): SecurityMeasureKind,
}

# The column that names a row best, to say *which* row changed.
ROW_TITLE_COLUMNS = {
    "joint_controllers": "name", "legal_bases": "basis", "subject_categories": "category",
    "data_categories": "category", "recipients": "name", "transfers": "recipient",
    "security_measures": "kind",
}

ACTION_LABELS = {
    "creation": "Création", "modification": "Modification", "soumission": "Soumission",
    "mise_en_service": "Mise en service", "renvoi": "Renvoi au rédacteur",
    "fin": "Fin du traitement", "import": "Import", "duplication": "Duplication",
}


def field_label(field: str) -> str:
    """Return the French label of a snapshot key (the key itself when unknown)."""
    return FIELD_LABELS.get(field, field)


# Keys the system sets on every revision: listing them as "changed" tells the reader nothing.
_SYSTEM_KEYS = frozenset({"id", "uai", "created_at", "updated_at", "version"})
_FICHE_ORDER = {key: index for index, key in enumerate(FIELD_LABELS)}


def changed_field_labels(fields) -> list[str]:
    """French labels of a revision's changed fields, in the order of the fiche."""
    keys = [key for key in fields or [] if key not in _SYSTEM_KEYS]
    return [field_label(key) for key in sorted(keys, key=lambda k: _FICHE_ORDER.get(k, 999))]


def column_label(column: str) -> str:
    """Return the French label of a row column or object part."""
    return COLUMN_LABELS.get(column, column)


def action_label(action: str) -> str:
    """Return the French label of a revision's action."""
    return ACTION_LABELS.get(action, (action or "").replace("_", " ").capitalize())


# Snapshot keys holding a date or a timestamp (ISO text), shown as on the fiche: 28/11/2026.
_DATE_FIELDS = frozenset(column.key for column in Activity.__table__.columns
                         if isinstance(column.type, (sa.Date, sa.DateTime)))


def _enum_for(field: str, column: str | None):
    if column is None:
        return FIELD_ENUMS.get(field)
    return COLUMN_ENUMS.get((field, column))


def display_value(field: str, column: str | None, value) -> str:
    """Render a snapshot value in French: labels for vocabularies, Oui/Non, lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    enum_cls = _enum_for(field, column)
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if column is None and field in _DATE_FIELDS:
        return format_datetime(value)
    if isinstance(value, list):
        return " ; ".join(display_value(field, column, item) for item in value)
    if isinstance(value, dict):
        return " ; ".join(f"{column_label(key)} : {display_value(field, key, item)}"
                          for key, item in value.items() if item not in (None, "", []))
    if enum_cls is not None:
        return enum_cls.label_of(value)
    return str(value)


def row_title(field: str, row: dict | None) -> str:
    """Name a row in French, e.g. « État civil… » for a data category."""
    if not row:
        return ""
    column = ROW_TITLE_COLUMNS.get(field)
    if column is None:
        return ""
    return display_value(field, column, row.get(column))
