"""Rules about the people concerned: consent, information, review and governance.

Each is a pure function ``(activity, today) -> list[Finding]`` (see ``rules.py``).
"""
from datetime import date

from registre.compliance.findings import ERROR, WARNING, Finding
from registre.dates import format_date
from registre.models import (
    Activity,
    ConsentKind,
    ConsentSignatories,
    Hosting,
    Informed,
    RecipientKind,
    Sector,
    Status,
    SubjectCategory,
    YesNoUnknown,
)

REVIEW_MONTHS = 12


def concerns_pupils(activity: Activity) -> bool:
    """True when pupils or other minors are among the people concerned."""
    return activity.concerns_minors or any(
        row.category == SubjectCategory.ELEVES for row in activity.subject_categories)


def rgpd_consent(activity: Activity) -> bool:
    """True when consent is the GDPR basis of (part of) the processing (``consent_kind`` rgpd,
    or 6.1.a recorded without saying what kind of agreement it is)."""
    if activity.consent_kind is not None:
        return activity.consent_kind == ConsentKind.RGPD
    return "6.1.a" in activity.basis_codes


# Who signs, said after « recueilli auprès de » (never « auprès de les »).
_FROM_WHOM = {
    ConsentSignatories.RESPONSABLES_LEGAUX: "des responsables légaux seuls",
    ConsentSignatories.ELEVE_15_ANS: "de l'élève seul",
    ConsentSignatories.PERSONNEL: "du personnel",
}
_MINOR_ARTICLE = "RGPD art. 8 ; loi Informatique et Libertés, art. 45"


def minor_consent_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``consentement-mineur`` (art. 8 GDPR, art. 45 LIL; Code civil art. 9 and 371-1)."""
    findings = []
    if any(row.category == SubjectCategory.ELEVES for row in activity.subject_categories) \
            and not activity.concerns_minors:
        findings.append(Finding(
            rule="consentement-mineur", severity=WARNING, field="concerns_minors",
            article=_MINOR_ARTICLE,
            message=("Des élèves figurent parmi les personnes concernées mais « Concerne des "
                     "mineurs » n'est pas coché : les règles qui protègent les enfants ne "
                     "peuvent pas s'appliquer. Cochez-le, sauf si tous les élèves sont majeurs.")))
    if (activity.consent_kind == ConsentKind.DROIT_IMAGE and activity.concerns_minors
            and activity.consent_signatories == ConsentSignatories.ELEVE_15_ANS):
        findings.append(Finding(
            rule="consentement-mineur", severity=ERROR, field="consent_signatories",
            article="Code civil, art. 9 et 371-1 (autorité parentale)",
            message=("L'autorisation de droit à l'image est signée par l'élève seul. L'image "
                     "d'un mineur relève des titulaires de l'autorité parentale : faites signer "
                     "les responsables légaux (avec l'élève, s'il est en âge de donner son "
                     "avis).")))
    if not (activity.consent_required and rgpd_consent(activity)
            and activity.concerns_under_15):
        return findings
    if activity.consent_signatories == ConsentSignatories.CONJOINT:
        return findings
    who = _FROM_WHOM.get(activity.consent_signatories, "de signataires non renseignés")
    if activity.offered_directly_to_child == YesNoUnknown.OUI:
        findings.append(Finding(
            rule="consentement-mineur", severity=ERROR, field="consent_signatories",
            article=_MINOR_ARTICLE,
            message=(f"Ce service en ligne est proposé directement à des élèves de moins de "
                     f"15 ans sur la base de leur consentement, recueilli auprès {who}. Pour un "
                     "tel service, le consentement d'un mineur de moins de 15 ans doit être "
                     "donné conjointement par l'élève et ses responsables légaux : adaptez le "
                     "formulaire et indiquez « l'élève et ses responsables légaux, "
                     "conjointement ».")))
    else:
        unknown = activity.offered_directly_to_child == YesNoUnknown.INCONNU
        findings.append(Finding(
            rule="consentement-mineur", severity=WARNING,
            field="offered_directly_to_child" if unknown else "consent_signatories",
            article=_MINOR_ARTICLE,
            message=("Le consentement d'élèves de moins de 15 ans est recueilli auprès "
                     f"{who}. L'accord conjoint de l'élève et de ses responsables légaux "
                     "n'est exigé que pour un service en ligne proposé directement à l'élève "
                     "(art. 45)" + (" — indiquez si c'est le cas ; " if unknown else " ; ")
                     + "l'associer à la décision reste une bonne pratique.")))
    return findings


def public_consent_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``consentement-public``: consent as the only basis of a public organisation's
    core mission; an optional use whose refusal has no consequence is not flagged."""
    if activity.organisation.sector != Sector.PUBLIC or activity.basis_codes != {"6.1.a"}:
        return []
    if activity.collection_mandatory is False:
        # Optional (photos, voluntary outings): refusing has no consequence, consent is free.
        return []
    return [Finding(
        rule="consentement-public", severity=WARNING, field="legal_bases",
        article="CEPD, lignes directrices 05/2020 sur le consentement (§ 16-17) ; "
                "RGPD considérant 43",
        message=("Le consentement est la seule base légale alors que l'établissement est une "
                 "autorité publique et que rien n'indique que l'usage est facultatif. Une "
                 "famille peut difficilement refuser face à l'école : ce consentement n'est "
                 "pas libre. Fondez le traitement sur la mission d'intérêt public (6.1.e) ou "
                 "une obligation légale (6.1.c) ; si le refus est vraiment sans conséquence, "
                 "indiquez « Collecte obligatoire : non »."))]


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
