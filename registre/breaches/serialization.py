"""A breach as JSON (design §9 names), its history labels, and applying validated data."""
from datetime import date, datetime

from registre.breaches.clock import notification_deadline
from registre.dates import rfc3339
from registre.history.labels import ACTION_LABELS, HistoryLabels
from registre.models import (
    Activity,
    Breach,
    BreachNature,
    BreachOrigin,
    BreachRisk,
    DataCategory,
    Notification,
    RecordStatus,
    SubjectCategory,
)

# What a rédacteur may write: the facts of the breach.
FACT_FIELDS = ("reference", "occurred_at", "discovered_at", "contained_at", "description",
               "nature", "origin", "subject_categories", "approx_subjects", "data_categories",
               "approx_records", "activities", "likely_consequences", "measures_taken",
               "measures_planned")
# What the responsable or the DPD decides: the risk, the notification, the information.
DECISION_FIELDS = ("risk", "cnil_notified", "cnil_notified_at", "cnil_reference",
                   "cnil_not_notified_reason", "cnil_late_reason", "subjects_informed",
                   "subjects_informed_on", "subjects_not_informed_reason")
# Read-only keys of the JSON form.
SYSTEM_FIELDS = ("id", "uai", "status", "notification_deadline", "closed_at", "created_at",
                 "updated_at", "version")

FIELD_LABELS = {
    "reference": "N° / RÉF", "status": "Statut",
    "occurred_at": "Survenue le", "discovered_at": "Découverte le",
    "contained_at": "Maîtrisée le", "notification_deadline": "Échéance des 72 heures",
    "description": "Description des faits", "nature": "Nature de la violation",
    "origin": "Origine", "subject_categories": "Catégories de personnes concernées",
    "approx_subjects": "Nombre approximatif de personnes",
    "data_categories": "Catégories de données concernées",
    "approx_records": "Nombre approximatif d'enregistrements",
    "activities": "Traitements concernés (identifiants)",
    "likely_consequences": "Conséquences probables pour les personnes",
    "measures_taken": "Mesures prises", "measures_planned": "Mesures envisagées",
    "risk": "Niveau de risque", "cnil_notified": "Notifiée à la CNIL",
    "cnil_notified_at": "Notifiée le", "cnil_reference": "Numéro de notification CNIL",
    "cnil_not_notified_reason": "Motif de l'absence de notification",
    "cnil_late_reason": "Motif du retard de notification",
    "subjects_informed": "Personnes informées (art. 34)",
    "subjects_informed_on": "Personnes informées le",
    "subjects_not_informed_reason": "Motif de l'absence d'information des personnes",
    "closed_at": "Close le", "created_at": "Enregistrée le", "updated_at": "Mise à jour le",
}

BREACH_LABELS = HistoryLabels(
    FIELD_LABELS,
    field_enums={"status": RecordStatus, "nature": BreachNature, "origin": BreachOrigin,
                 "subject_categories": SubjectCategory, "data_categories": DataCategory,
                 "risk": BreachRisk, "cnil_notified": Notification,
                 "subjects_informed": Notification},
    actions={**ACTION_LABELS, "cloture": "Clôture", "reouverture": "Réouverture"},
)


def instant(value: datetime | None) -> str | None:
    """A stored UTC instant in RFC 3339, as every API time: ``2026-11-28T13:05:00+00:00``."""
    return rfc3339(value) if value else None


def _value(value):
    if isinstance(value, datetime):
        return instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    if hasattr(value, "value"):  # an enumeration member
        return value.value
    return value


def breach_to_dict(breach: Breach) -> dict:
    """Return every field of a breach as JSON-ready data (design §9 names)."""
    data = {"id": breach.id, "uai": breach.organisation.uai, "status": breach.status.value}
    for name in FACT_FIELDS + DECISION_FIELDS:
        if name == "activities":
            data[name] = [activity.id for activity in breach.activities]
        else:
            data[name] = _value(getattr(breach, name))
    data["notification_deadline"] = instant(notification_deadline(breach.discovered_at))
    for name in ("closed_at", "created_at", "updated_at"):
        data[name] = instant(getattr(breach, name))
    data["version"] = breach.version
    return data


def apply_breach_data(breach: Breach, data: dict, activities: list[Activity] | None) -> None:
    """Set a breach's fields from validated data (keys absent from ``data`` are kept)."""
    for name in FACT_FIELDS + DECISION_FIELDS:
        if name in data and name not in ("activities", "reference"):
            setattr(breach, name, data[name])
    if "reference" in data and data["reference"]:
        breach.reference = data["reference"]
    if activities is not None:
        breach.activities = activities
