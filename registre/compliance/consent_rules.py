"""Rules about the people concerned: consent, information, DPIA, review and governance.

Each is a pure function ``(activity, today) -> list[Finding]`` (see ``rules.py``).
"""
from datetime import date

from registre.compliance.findings import ERROR, WARNING, Finding
from registre.dates import format_date
from registre.models import (
    Activity,
    ConsentSignatories,
    DpiaCriterion,
    DpiaStatus,
    Hosting,
    Informed,
    RecipientKind,
    Sector,
    Status,
    SubjectCategory,
)

REVIEW_MONTHS = 12


def concerns_pupils(activity: Activity) -> bool:
    """True when pupils or other minors are among the people concerned."""
    return activity.concerns_minors or any(
        row.category == SubjectCategory.ELEVES for row in activity.subject_categories)


def consent_based(activity: Activity) -> bool:
    """True when the processing rests on consent (declared as required or as basis 6.1.a)."""
    return bool(activity.consent_required) or "6.1.a" in activity.basis_codes


def minor_consent_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``consentement-mineur``: consent of under-15s not given jointly with the parents."""
    if not (consent_based(activity) and activity.concerns_under_15):
        return []
    if activity.consent_signatories == ConsentSignatories.CONJOINT:
        return []
    who = (activity.consent_signatories.label.lower() if activity.consent_signatories
           else "des signataires non renseignés")
    return [Finding(
        rule="consentement-mineur", severity=ERROR, field="consent_signatories",
        article="RGPD art. 8 ; loi Informatique et Libertés, art. 45",
        message=(f"Le traitement repose sur le consentement d'enfants de moins de 15 ans, "
                 f"recueilli auprès de {who}. En France, avant 15 ans, ce consentement doit "
                 "être donné conjointement par l'élève et ses responsables légaux : "
                 "adaptez le formulaire et indiquez « l'élève et ses responsables légaux, "
                 "conjointement »."))]


def public_consent_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``consentement-public``: consent as the only basis in a public organisation."""
    if activity.organisation.sector != Sector.PUBLIC or activity.basis_codes != {"6.1.a"}:
        return []
    return [Finding(
        rule="consentement-public", severity=WARNING, field="legal_bases",
        article="CEPD, lignes directrices 05/2020 sur le consentement (§ 16-17) ; "
                "RGPD considérant 43",
        message=("Le consentement est la seule base légale alors que l'établissement est une "
                 "autorité publique. Une famille peut difficilement refuser face à l'école : "
                 "ce consentement n'est pas libre. Fondez le traitement sur la mission "
                 "d'intérêt public (6.1.e) ou une obligation légale (6.1.c) si elle existe, "
                 "et gardez le consentement pour ce qui est réellement facultatif."))]


def consent_text_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``texte-consentement-manquant``: consent required but no signed text recorded."""
    if not activity.consent_required or (activity.consent_text_title.strip()
                                         or activity.consent_text_url.strip()):
        return []
    return [Finding(
        rule="texte-consentement-manquant", severity=ERROR, field="consent_text",
        article="RGPD art. 7.1",
        message=("Un consentement est requis mais le texte signé n'est pas enregistré. "
                 "Il faut pouvoir prouver ce que les familles ont accepté : indiquez le titre, "
                 "la version ou le lien du formulaire de consentement."))]


def information_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``information-manquante``: people not informed (error) or unknown (warning)."""
    if activity.informed == Informed.OUI:
        return []
    if activity.informed == Informed.NON:
        severity, state = ERROR, "Les personnes concernées n'ont pas été informées"
    else:
        severity, state = WARNING, "On ignore si les personnes concernées ont été informées"
    return [Finding(
        rule="information-manquante", severity=severity, field="informed",
        article="RGPD art. 12 à 14",
        message=(f"{state}. Les familles ont le droit de savoir quelles données de leurs "
                 "enfants sont traitées, par qui et pourquoi : informez-les (règlement "
                 "intérieur, ENT, courrier) et indiquez le moyen et la date de l'information."))]


def dpia_criteria(activity: Activity) -> list[str]:
    """The DPIA criteria met: those ticked plus those the fiche itself shows."""
    criteria = set(activity.dpia_criteria or [])
    if concerns_pupils(activity):
        criteria.add(DpiaCriterion.PERSONNES_VULNERABLES.value)
    if activity.has_sensitive_data:
        criteria.add(DpiaCriterion.DONNEES_SENSIBLES.value)
    if activity.automated_decision:
        criteria.add(DpiaCriterion.DECISION_AUTOMATISEE.value)
    return [member.value for member in DpiaCriterion if member.value in criteria]


def dpia_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``aipd-requise``: two or more DPIA criteria and no completed DPIA."""
    criteria = dpia_criteria(activity)
    if len(criteria) < 2 or activity.dpia_status == DpiaStatus.REALISEE:
        return []
    labels = ", ".join(DpiaCriterion.label_of(value).lower() for value in criteria)
    in_progress = activity.dpia_status == DpiaStatus.EN_COURS
    return [Finding(
        rule="aipd-requise", severity=WARNING if in_progress else ERROR, field="dpia_status",
        article="RGPD art. 35 ; CEPD, lignes directrices WP248",
        message=(f"Le traitement remplit {len(criteria)} critères d'analyse d'impact ({labels}) "
                 f"et l'AIPD {'est encore en cours' if in_progress else 'n’a pas été réalisée'}. "
                 "Pour des élèves, une analyse d'impact est obligatoire dès deux critères : "
                 "réalisez-la avec le DPD avant la mise en œuvre et joignez-la à la fiche."))]


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def review_due(activity: Activity, today: date) -> bool:
    """True when a current activity's review is overdue (or it was never reviewed in service)."""
    if activity.status == Status.TERMINE:
        return False
    if activity.next_review_on is not None and activity.next_review_on < today:
        return True
    if activity.last_reviewed_on is None:
        return activity.status == Status.EN_SERVICE
    return activity.last_reviewed_on < _months_before(today, REVIEW_MONTHS)


def review_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``revue-en-retard``: last review more than 12 months ago, or never reviewed."""
    if not review_due(activity, today):
        return []
    if activity.next_review_on is not None and activity.next_review_on < today:
        state = f"La revue prévue le {format_date(activity.next_review_on)} n'a pas été faite"
    elif activity.last_reviewed_on is None:
        state = "Ce traitement en service n'a jamais été revu"
    else:
        state = f"La dernière revue date du {format_date(activity.last_reviewed_on)}"
    return [Finding(
        rule="revue-en-retard", severity=WARNING, field="last_reviewed_on",
        article="RGPD art. 5.2 et 24.1 (responsabilité, mise à jour des mesures)",
        message=(f"{state}. Logiciels, prestataires et usages changent chaque année scolaire : "
                 "relisez la fiche avec le responsable, corrigez-la et enregistrez la date de "
                 "revue (au moins une fois par an)."))]


def governance_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``avis-instance-manquant``: online service for pupils without the board's opinion."""
    organisation = activity.organisation
    online = activity.hosting == Hosting.PRESTATAIRE or any(
        row.kind == RecipientKind.SOUS_TRAITANT for row in activity.recipients)
    if not online or not concerns_pupils(activity) or activity.governance_opinion_date:
        return []
    if organisation.is_eple:
        body, article = "l'avis du conseil d'administration", "Code de l'éducation, art. R421-23"
    elif organisation.is_ecole:
        body, article = "l'information du conseil d'école", "Code de l'éducation, art. D411-2"
    else:
        return []
    return [Finding(
        rule="avis-instance-manquant", severity=WARNING, field="governance_opinion_date",
        article=article,
        message=(f"Ce service en ligne utilisé par les élèves n'a pas de date pour {body}. "
                 "Les représentants des parents doivent pouvoir en débattre : inscrivez-le à "
                 "l'ordre du jour et enregistrez la date de la séance."))]
