"""A rights request as JSON (design §9 names), its history labels, applying validated data."""
from registre.breaches.serialization import instant
from registre.history.labels import ACTION_LABELS, HistoryLabels
from registre.models import (
    RecordStatus,
    RequestChannel,
    RequesterKind,
    RequestKind,
    RequestOutcome,
    RightsRequest,
)

# What a rédacteur may write: the request as received.
FACT_FIELDS = ("reference", "received_at", "channel", "kind", "requester_kind",
               "requester_name", "requester_contact", "message", "identity_checked",
               "activities")
# What the responsable or the DPD decides: the extension, the answer.
DECISION_FIELDS = ("extended_until", "extension_reason", "answered_at", "outcome",
                   "answer_summary")
SYSTEM_FIELDS = ("id", "uai", "status", "due_on", "requester_erased_at", "closed_at",
                 "created_at", "updated_at", "version")
# Erased at the end of the académie's retention period (the request itself is kept).
REQUESTER_FIELDS = ("requester_name", "requester_contact", "message")

FIELD_LABELS = {
    "reference": "N° / RÉF", "status": "Statut", "received_at": "Reçue le",
    "channel": "Canal", "kind": "Droit exercé", "requester_kind": "Demandeur",
    "requester_name": "Nom du demandeur", "requester_contact": "Contact du demandeur",
    "message": "Demande (texte reçu)", "identity_checked": "Identité vérifiée",
    "activities": "Traitements concernés (identifiants)", "due_on": "Réponse due le",
    "extended_until": "Délai prolongé jusqu'au", "extension_reason": "Motif de la prolongation",
    "answered_at": "Répondue le", "outcome": "Suite donnée",
    "answer_summary": "Résumé de la réponse",
    "requester_erased_at": "Nom et contact effacés le", "closed_at": "Close le",
    "created_at": "Enregistrée le", "updated_at": "Mise à jour le",
}

REQUEST_LABELS = HistoryLabels(
    FIELD_LABELS,
    field_enums={"status": RecordStatus, "channel": RequestChannel, "kind": RequestKind,
                 "requester_kind": RequesterKind, "outcome": RequestOutcome},
    actions={**ACTION_LABELS, "cloture": "Clôture", "reouverture": "Réouverture",
             "depot_en_ligne": "Dépôt en ligne par le demandeur",
             "effacement_demandeur": "Effacement du nom et du contact du demandeur"},
)


def _value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):  # an enumeration member
        return value.value
    return value


def request_to_dict(request: RightsRequest) -> dict:
    """Return every field of a rights request as JSON-ready data (design §9 names)."""
    data = {"id": request.id, "uai": request.organisation.uai, "status": request.status.value}
    for name in FACT_FIELDS + DECISION_FIELDS:
        if name == "activities":
            data[name] = [activity.id for activity in request.activities]
        else:
            data[name] = _value(getattr(request, name))
    data["due_on"] = request.due_on.isoformat() if request.due_on else None
    for name in ("requester_erased_at", "closed_at", "created_at", "updated_at"):
        data[name] = instant(getattr(request, name))
    data["version"] = request.version
    return data
