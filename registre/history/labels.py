"""French labels of the snapshot keys, so that history speaks the fiche's language.

Each kind of record (activity, breach, rights request) describes its words once in a
:class:`HistoryLabels`; the diff and the history pages take it as a parameter.
"""
import re
from dataclasses import dataclass, field
from datetime import datetime

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
from registre.templating import format_datetime

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


# An instant written in UTC with its "Z" (breaches, requests): shown in Paris time.
_UTC_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z")

# Keys the system sets on every revision: listing them as "changed" tells the reader nothing.
_SYSTEM_KEYS = frozenset({"id", "uai", "created_at", "updated_at", "version"})


@dataclass(frozen=True)
class HistoryLabels:
    """The French words of one kind of record's history: fields, columns, vocabularies, actions."""

    fields: dict[str, str]
    columns: dict[str, str] = field(default_factory=lambda: COLUMN_LABELS)
    field_enums: dict = field(default_factory=dict)
    column_enums: dict = field(default_factory=dict)
    row_titles: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=lambda: ACTION_LABELS)

    def field_label(self, key: str) -> str:
        """Return the French label of a snapshot key (the key itself when unknown)."""
        return self.fields.get(key, key)

    def changed_field_labels(self, keys) -> list[str]:
        """French labels of a revision's changed fields, in the order of the record."""
        order = {key: index for index, key in enumerate(self.fields)}
        shown = [key for key in keys or [] if key not in _SYSTEM_KEYS]
        return [self.field_label(key) for key in sorted(shown, key=lambda k: order.get(k, 999))]

    def column_label(self, column: str) -> str:
        """Return the French label of a row column or object part."""
        return self.columns.get(column, column)

    def action_label(self, action: str) -> str:
        """Return the French label of a revision's action."""
        return self.actions.get(action, (action or "").replace("_", " ").capitalize())

    def _enum_for(self, key: str, column: str | None):
        if column is None:
            return self.field_enums.get(key)
        return self.column_enums.get((key, column))

    def display_value(self, key: str, column: str | None, value) -> str:
        """Render a snapshot value in French: labels for vocabularies, Oui/Non, lists joined."""
        if value is None or value == "" or value == []:
            return "—"
        enum_cls = self._enum_for(key, column)
        if isinstance(value, bool):
            return "Oui" if value else "Non"
        if isinstance(value, list):
            return " ; ".join(self.display_value(key, column, item) for item in value)
        if isinstance(value, dict):
            return " ; ".join(f"{self.column_label(part)} : {self.display_value(key, part, item)}"
                              for part, item in value.items() if item not in (None, "", []))
        if enum_cls is not None:
            return enum_cls.label_of(value)
        if isinstance(value, str) and _UTC_INSTANT.fullmatch(value):
            return format_datetime(datetime.fromisoformat(value[:-1]))
        return str(value)

    def row_title(self, key: str, row: dict | None) -> str:
        """Name a row in French, e.g. « État civil… » for a data category."""
        if not row:
            return ""
        column = self.row_titles.get(key)
        if column is None:
            return ""
        return self.display_value(key, column, row.get(column))


ACTIVITY_LABELS = HistoryLabels(FIELD_LABELS, COLUMN_LABELS, FIELD_ENUMS, COLUMN_ENUMS,
                                ROW_TITLE_COLUMNS, ACTION_LABELS)

# The activity's words, as functions (the fiche's history and its callers).
field_label = ACTIVITY_LABELS.field_label
changed_field_labels = ACTIVITY_LABELS.changed_field_labels
column_label = ACTIVITY_LABELS.column_label
action_label = ACTIVITY_LABELS.action_label
display_value = ACTIVITY_LABELS.display_value
row_title = ACTIVITY_LABELS.row_title
