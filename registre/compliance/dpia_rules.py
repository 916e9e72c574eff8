"""Rule ``aipd-requise``: when a data protection impact assessment (art. 35 GDPR) is due.

Two sources say so: two or more of the nine criteria of the EDPB guidelines WP248 (pupils
count as vulnerable people; video protection is systematic monitoring), or a type of
processing on the CNIL's list of processing that require a DPIA (délibération n° 2018-327
of 11 October 2018, as amended by délibération n° 2019-011). For a national processing the
DPIA is the ministry's, the controller's duty (art. 35.1): the school only records its
reference. A documented exception (``non_requise``) is a warning, not an error.
"""
from datetime import date

from registre.compliance.consent_rules import concerns_pupils
from registre.compliance.findings import ERROR, WARNING, Finding
from registre.compliance.rules import is_video_protection
from registre.models import (
    Activity,
    ActivityScope,
    DataCategory,
    DpiaCriterion,
    DpiaStatus,
    SensitiveKind,
    SubjectCategory,
    YesNoUnknown,
)

ARTICLE = ("RGPD art. 35 ; CEPD, lignes directrices WP248 ; CNIL, délibérations n° 2018-327 "
           "et n° 2019-011 (liste des traitements soumis à AIPD)")
_STAFF = (SubjectCategory.PERSONNELS, SubjectCategory.ENSEIGNANTS)


def dpia_criteria(activity: Activity) -> list[str]:
    """The WP248 criteria met: those ticked plus those the fiche itself shows."""
    criteria = set(activity.dpia_criteria or [])
    if concerns_pupils(activity):
        criteria.add(DpiaCriterion.PERSONNES_VULNERABLES.value)
    if activity.has_sensitive_data:
        criteria.add(DpiaCriterion.DONNEES_SENSIBLES.value)
    if activity.automated_decision == YesNoUnknown.OUI:
        criteria.add(DpiaCriterion.DECISION_AUTOMATISEE.value)
    if is_video_protection(activity):
        criteria.add(DpiaCriterion.SURVEILLANCE.value)
    return [member.value for member in DpiaCriterion if member.value in criteria]


def cnil_list_types(activity: Activity) -> list[str]:
    """The types of the CNIL's list (délibération 2018-327 amended) the activity belongs to."""
    types = []
    biometric = any(row.category == DataCategory.SENSIBLE
                    and row.sensitive_kind == SensitiveKind.BIOMETRIQUES
                    for row in activity.data_categories)
    if biometric and concerns_pupils(activity):
        types.append("identification biométrique de personnes vulnérables (élèves)")
    staff = any(row.category in _STAFF for row in activity.subject_categories)
    if staff and DpiaCriterion.SURVEILLANCE.value in (activity.dpia_criteria or []):
        types.append("surveillance constante de l'activité des personnels")
    return types


def dpia_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``aipd-requise``: a DPIA is due (WP248 criteria or CNIL list) and not completed."""
    criteria, types = dpia_criteria(activity), cnil_list_types(activity)
    if (len(criteria) < 2 and not types) or activity.dpia_status == DpiaStatus.REALISEE:
        return []
    reasons = []
    if len(criteria) >= 2:
        labels = ", ".join(DpiaCriterion.label_of(value).lower() for value in criteria)
        reasons.append(f"{len(criteria)} critères du CEPD ({labels})")
    if types:
        reasons.append("la liste de la CNIL (" + " ; ".join(types) + ")")
    why = " et ".join(reasons)

    def finding(severity: str, message: str) -> list[Finding]:
        return [Finding(rule="aipd-requise", severity=severity, field="dpia_status",
                        article=ARTICLE, message=message)]

    if activity.scope == ActivityScope.NATIONAL:
        if activity.dpia_url.strip():
            return []
        return finding(WARNING, (
            f"Ce traitement national relève de l'analyse d'impact au titre de {why}. Elle "
            "incombe au ministère, responsable du traitement (art. 35.1), pas à "
            "l'établissement : demandez sa référence et indiquez-la (lien vers l'AIPD)."))
    if activity.dpia_status == DpiaStatus.NON_REQUISE:
        return finding(WARNING, (
            f"La fiche déclare l'AIPD non requise alors qu'elle l'est en principe au titre de "
            f"{why}. Une exception reste possible si elle est justifiée : vérifiez que la "
            "justification est documentée avec le DPD."))
    in_progress = activity.dpia_status == DpiaStatus.EN_COURS
    return finding(WARNING if in_progress else ERROR, (
        f"Une analyse d'impact est requise au titre de {why}, et elle "
        f"{'est encore en cours' if in_progress else 'n’a pas été réalisée'}. Sauf exception "
        "justifiée et documentée, réalisez-la avec le DPD avant la mise en œuvre et "
        "joignez-la à la fiche."))
