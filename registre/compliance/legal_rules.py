"""Rules added by the legal review (issue 10): each cites the text it applies.

Pure functions ``(activity, today) -> list[Finding]`` like those of ``rules.py``.
"""
from datetime import date

from registre.compliance.findings import ERROR, WARNING, Finding
from registre.compliance.rules import activity_processors
from registre.countries import in_eea, normalize_country
from registre.fiche.answers import consent_contradiction
from registre.models import Activity, DataCategory, Guarantee, Sector, SensitiveKind


def _public(activity: Activity) -> bool:
    return activity.organisation.sector == Sector.PUBLIC


def incoherent_consent_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``consentement-incoherent``: the consent answers contradict each other."""
    why = consent_contradiction(
        activity.consent_required,
        activity.consent_kind.value if activity.consent_kind else None,
        activity.basis_codes, activity.consent_reason)
    if not why:
        return []
    return [Finding(
        rule="consentement-incoherent", severity=ERROR, field="consent_required",
        article="RGPD art. 6.1, 7 et 12.1 (information exacte et transparente)",
        message=(f"Les réponses sur l'accord se contredisent : {why}. La page publique ne peut "
                 "rien en dire de vrai aux familles et affiche « Non renseigné » : indiquez "
                 "la nature de l'accord (consentement RGPD, droit à l'image, autre texte), "
                 "l'usage qu'il couvre, et corrigez les bases légales."))]


def offence_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``donnees-infraction-sans-cadre``: offence data without the text authorising them."""
    if activity.legal_text.strip():
        return []
    return [Finding(
        rule="donnees-infraction-sans-cadre", severity=ERROR,
        field=f"data_categories[{index}].sensitive_kind",
        article="RGPD art. 10 ; loi Informatique et Libertés, art. 46",
        message=("Des données relatives à des infractions ou condamnations sont traitées sans "
                 "que le texte qui l'autorise soit indiqué. Ce ne sont pas des données de "
                 "l'art. 9 : seuls l'autorité publique ou un texte (loi, décret, arrêté) "
                 "peuvent en permettre le traitement. Indiquez ce texte (texte de référence) "
                 "ou retirez ces données."))
        for index, row in enumerate(activity.data_categories)
        if row.category == DataCategory.SENSIBLE
        and row.sensitive_kind == SensitiveKind.INFRACTIONS][:1]


def legitimate_interest_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``interet-legitime-autorite-publique``: 6.1.f in a public organisation."""
    if not _public(activity) or "6.1.f" not in activity.basis_codes:
        return []
    return [Finding(
        rule="interet-legitime-autorite-publique", severity=ERROR, field="legal_bases",
        article="RGPD art. 6.1, dernier alinéa",
        message=("L'intérêt légitime (6.1.f) ne peut pas fonder un traitement qu'une autorité "
                 "publique effectue dans l'exécution de ses missions. Un établissement public "
                 "s'appuie sur sa mission d'intérêt public (6.1.e) ou une obligation légale "
                 "(6.1.c) : corrigez la base légale."))]


def derogation_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``derogation-art49-autorite-publique``: a public body relying on art. 49.1 a–c."""
    if not _public(activity):
        return []
    return [Finding(
        rule="derogation-art49-autorite-publique", severity=ERROR,
        field=f"transfers[{index}].guarantee",
        article="RGPD art. 49.3 ; CEPD, lignes directrices 2/2018",
        message=(f"Le transfert vers {normalize_country(row.country) or 'un pays non renseigné'}"
                 " repose sur une dérogation de l'article 49. Une autorité publique ne peut "
                 "pas invoquer le consentement ou un contrat (art. 49.1 a à c) pour ses "
                 "missions, et un traitement inscrit au registre est répété, pas "
                 "occasionnel : prévoyez une garantie de l'article 46 (clauses contractuelles "
                 "types, instrument entre autorités publiques)."))
        for index, row in enumerate(activity.transfers) if row.guarantee == Guarantee.DEROGATION]


def remote_access_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``acces-distant-pays-tiers``: access from outside the EU without a declared transfer."""
    guaranteed = any(row.guarantee is not None and not in_eea(normalize_country(row.country))
                     for row in activity.transfers)
    if guaranteed:
        return []
    return [Finding(
        rule="acces-distant-pays-tiers", severity=ERROR, field=field,
        article="RGPD art. 44 et 46 ; CEPD, lignes directrices 05/2021",
        message=(f"« {processor.name} » accède aux données depuis l'extérieur de l'Union "
                 "(assistance, administration, télémétrie). Un accès à distance depuis un "
                 "pays tiers est un transfert, même si les données sont hébergées en Europe : "
                 "déclarez ce transfert avec sa garantie, ou obtenez que l'accès reste dans "
                 "l'Union."))
        for field, processor in activity_processors(activity) if processor.access_from_outside_eu]


_DAYS = {"jours": 1, "mois": 30, "ans": 365}


def _days(duration, unit) -> int | None:
    unit = getattr(unit, "value", unit)
    return None if duration is None or unit not in _DAYS else int(duration) * _DAYS[unit]


def _kept_days(active, active_unit, archive, archive_unit) -> int | None:
    """Days of active plus intermediate archiving; None when the active time is not a number."""
    days = _days(active, active_unit)
    return None if days is None else days + (_days(archive, archive_unit) or 0)


def template_retention_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``conservation-excessive``: a category kept longer than in the académie model fiche
    the activity was created from (same category and sensitive kind)."""
    template = activity.template
    if template is None:
        return []
    model: dict[tuple, int] = {}
    for row in (template.payload or {}).get("data_categories") or []:
        days = _kept_days(row.get("active_duration"), row.get("active_unit"),
                          row.get("archive_duration"), row.get("archive_unit"))
        if days is not None:
            key = (row.get("category"), row.get("sensitive_kind"))
            model[key] = max(days, model.get(key, 0))
    findings = []
    for index, row in enumerate(activity.data_categories):
        key = (row.category.value, row.sensitive_kind.value if row.sensitive_kind else None)
        days = _kept_days(row.active_duration, row.active_unit, row.archive_duration,
                          row.archive_unit)
        if key in model and days is not None and days > model[key]:
            findings.append(Finding(
                rule="conservation-excessive", severity=WARNING,
                field=f"data_categories[{index}].retention",
                article="RGPD art. 5.1.e (limitation de la conservation)",
                message=(f"« {row.category.label} » est conservé plus longtemps ({days} jours "
                         f"en tout) que dans la fiche modèle de l'académie « {template.name} » "
                         f"({model[key]} jours). Justifiez cet écart avec le DPD ou revenez à "
                         "la durée du modèle.")))
    return findings
