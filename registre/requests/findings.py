"""What the DPD must see on a rights request: late, due within a week, answered late."""
from datetime import date

from registre.compliance.findings import ERROR, WARNING, Finding, titled
from registre.models import RightsRequest
from registre.requests.deadlines import DueState, request_due

_ART_12 = "RGPD art. 12.3 (réponse dans un délai d'un mois, prolongeable de deux mois)"
RULES = titled({
    "demande-en-retard": "Demande sans réponse après le délai",
    "demande-echeance-proche": "Réponse due dans la semaine",
    "demande-repondue-en-retard": "Réponse donnée après le délai",
})


def request_findings(request: RightsRequest, today: date) -> list[Finding]:
    """The findings of one request at ``today`` (Paris day)."""
    due = request_due(request, today)
    received = f"{request.received_at:%d/%m/%Y}"
    if due.state == DueState.LATE:
        return [Finding("demande-en-retard", ERROR,
                        f"Demande reçue le {received} sans réponse : {due.text.lower()}. "
                        "Répondez sans attendre, ou prolongez le délai en informant le "
                        "demandeur du motif (avant l'échéance).", "answered_at", _ART_12)]
    if due.state == DueState.DUE_SOON:
        return [Finding("demande-echeance-proche", WARNING,
                        f"Demande reçue le {received} : {due.text.lower()}.", "answered_at",
                        _ART_12)]
    if due.state == DueState.ANSWERED_LATE:
        return [Finding("demande-repondue-en-retard", WARNING, due.text + ".", "answered_at",
                        _ART_12)]
    return []
