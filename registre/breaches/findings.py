"""What the DPD must see on a breach: the 72 hours, the notification, the information."""
from datetime import datetime

from registre.breaches.clock import BreachClock, ClockState, breach_clock, format_duration
from registre.compliance.findings import ERROR, WARNING, Finding, titled
from registre.dates import format_date, format_datetime
from registre.models import Breach, BreachRisk, Notification

_ART_33 = "RGPD art. 33.1 (notification à la CNIL dans les 72 heures)"
_ART_34 = "RGPD art. 34 (communication aux personnes concernées)"
RULES = titled({
    "violation-notification-72h": "Notification à la CNIL hors délai (72 h)",
    "violation-non-notifiee": "Violation à risque non notifiée",
    "violation-risque-non-evalue": "Risque pour les personnes non évalué",
    "violation-notifiee-en-retard": "Notification à la CNIL en retard",
    "violation-information-personnes": "Information des personnes (art. 34)",
})


def _notification_findings(breach: Breach, clock: BreachClock) -> list[Finding]:
    if clock.state == ClockState.LATE:
        return [Finding(
            "violation-notification-72h", ERROR,
            f"Découverte le {format_datetime(breach.discovered_at)} et non notifiée à la CNIL : "
            f"le délai de 72 heures a expiré le {format_datetime(clock.deadline)} "
            f"({clock.text.lower()}). Notifiez-la sans attendre en indiquant le motif du "
            "retard, ou enregistrez l'évaluation « aucun risque pour les personnes ».",
            "cnil_notified", _ART_33)]
    if clock.state == ClockState.NOT_NOTIFIED and breach.risk is not None:
        return [Finding(
            "violation-non-notifiee", ERROR,
            f"La violation présente un {BreachRisk.label_of(breach.risk).split(' (')[0].lower()} "
            "mais n'a pas été notifiée à la CNIL (motif indiqué : "
            f"« {breach.cnil_not_notified_reason.strip()} »). Seule une violation sans risque "
            "pour les personnes peut ne pas être notifiée.", "cnil_notified", _ART_33)]
    if clock.state == ClockState.NOT_NOTIFIED:
        return [Finding(
            "violation-risque-non-evalue", WARNING,
            "Non notifiée à la CNIL alors que le risque pour les personnes n'est pas évalué : "
            "évaluez-le ; seule une violation sans risque peut ne pas être notifiée.",
            "risk", _ART_33)]
    if clock.state == ClockState.NOTIFIED_LATE:
        reason = breach.cnil_late_reason.strip()
        return [Finding(
            "violation-notifiee-en-retard", WARNING if reason else ERROR,
            f"Notifiée à la CNIL le {format_datetime(breach.cnil_notified_at)}, "
            f"{format_duration(clock.delta, True)} après l'échéance des 72 heures ; motif du "
            "retard : " + (f"« {reason} »." if reason else "non renseigné."),
            "cnil_late_reason", _ART_33)]
    return []


def _information_findings(breach: Breach) -> list[Finding]:
    if breach.risk != BreachRisk.RISQUE_ELEVE:
        return []
    if breach.subjects_informed == Notification.A_FAIRE:
        return [Finding(
            "violation-information-personnes", ERROR,
            "Risque élevé pour les personnes : elles doivent être informées dans les meilleurs "
            "délais, en termes clairs (nature de la violation, conséquences probables, "
            "mesures prises, contact du DPD).", "subjects_informed", _ART_34)]
    if breach.subjects_informed == Notification.NON:
        return [Finding(
            "violation-information-personnes", WARNING,
            "Risque élevé, personnes non informées ; motif : "
            f"« {breach.subjects_not_informed_reason.strip()} ». Il doit correspondre à l'une "
            "des exceptions de l'art. 34.3.", "subjects_informed", _ART_34)]
    return []


def breach_findings(breach: Breach, now: datetime) -> list[Finding]:
    """The findings of one breach at ``now``, errors first."""
    findings = [*_notification_findings(breach, breach_clock(breach, now)),
                *_information_findings(breach)]
    return sorted(findings, key=lambda finding: finding.severity != ERROR)


def informed_text(breach: Breach) -> str:
    """Say in French whether the people were informed (art. 34)."""
    if breach.subjects_informed == Notification.OUI:
        return f"Oui, le {format_date(breach.subjects_informed_on)}"
    if breach.subjects_informed == Notification.NON:
        return f"Non : {breach.subjects_not_informed_reason.strip()}"
    return "À faire" if breach.risk == BreachRisk.RISQUE_ELEVE else "Non requis pour l'instant"
