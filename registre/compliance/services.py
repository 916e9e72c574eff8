"""The rules applied to one activity: its findings, their counts, its score, their sections.

Pages do not call :func:`activity_findings`: they read the findings stored when the activity
(or what it names) last changed (``stored.py``); dashboards aggregate them (``dashboards.py``).
"""
import re
from collections.abc import Callable
from datetime import date, datetime

from registre.compliance import consent_rules, rules
from registre.compliance.findings import (
    ERROR,
    WARNING,
    Finding,
    art30_findings,
    parent_question_findings,
)
from registre.models import Activity
from registre.templating import PARIS

# Every rule, in the order dashboards show them, with a short French title.
RULES: dict[str, str] = {
    "art30-incomplet": "Registre incomplet (art. 30)",
    "question-parents-sans-reponse": "Question des parents sans réponse",
    "transfert-sans-garantie": "Transfert hors UE sans garantie",
    "juridiction-hors-ue": "Sous-traitant soumis à un droit hors UE",
    "contrat-sous-traitant": "Contrat de sous-traitance absent ou expiré",
    "donnees-sensibles-sans-condition": "Données sensibles sans condition (art. 9.2)",
    "conservation-excessive": "Conservation excessive ou sans sort final",
    "consentement-mineur": "Consentement des moins de 15 ans",
    "consentement-public": "Consentement seule base (autorité publique)",
    "texte-consentement-manquant": "Texte de consentement manquant",
    "information-manquante": "Information des personnes",
    "aipd-requise": "Analyse d'impact (AIPD) requise",
    "revue-en-retard": "Revue annuelle en retard",
    "avis-instance-manquant": "Avis du CA / information du conseil d'école",
}

RULE_FUNCTIONS: tuple[Callable[[Activity, date], list[Finding]], ...] = (
    rules.transfer_findings, rules.jurisdiction_findings, rules.contract_findings,
    rules.sensitive_findings, rules.retention_findings,
    consent_rules.minor_consent_findings, consent_rules.public_consent_findings,
    consent_rules.consent_text_findings, consent_rules.information_findings,
    consent_rules.dpia_findings, consent_rules.review_findings,
    consent_rules.governance_findings,
)

_SEVERITY_RANK = {ERROR: 0, WARNING: 1}
ERROR_POINTS = 20
WARNING_POINTS = 5

# The sections of the fiche (anchors of templates/activities/show.html), in order.
FICHE_SECTIONS = (
    ("description", "Description du traitement"), ("acteurs", "Acteurs"),
    ("finalites", "Finalités et base légale"), ("personnes", "Personnes concernées"),
    ("donnees", "Données et durées de conservation"),
    ("destinataires", "Destinataires et sous-traitants"),
    ("hebergement", "Hébergement et transferts hors UE"), ("securite", "Mesures de sécurité"),
    ("information", "Information et consentement"), ("droits", "Droits et AIPD"),
)

# The fiche section (anchor of templates/activities/show.html) where each field is shown.
_FIELD_SECTIONS = {
    "name": "description", "last_reviewed_on": "description",
    "controller": "acteurs", "dpd": "acteurs",
    "purpose": "finalites", "sub_purposes": "finalites", "legal_bases": "finalites",
    "art9_condition": "finalites",
    "subject_categories": "personnes",
    "data_categories": "donnees",
    "recipients": "destinataires",
    "hosting": "hebergement", "hosting_processor": "hebergement",
    "storage_countries": "hebergement", "transfers": "hebergement",
    "security_measures": "securite",
    "informed": "information", "consent_required": "information",
    "consent_text": "information", "consent_signatories": "information",
    "governance_opinion_date": "information",
    "dpia_status": "droits",
}


def today_in_paris() -> date:
    """Today's date in France (reviews and contracts expire on French calendar days)."""
    return datetime.now(PARIS).date()


def activity_findings(activity: Activity, today: date | None = None) -> list[Finding]:
    """Every finding of one activity, errors first (art. 30, parents' questions, then the rest)."""
    today = today or today_in_paris()
    findings = [*art30_findings(activity), *parent_question_findings(activity)]
    for rule in RULE_FUNCTIONS:
        findings.extend(rule(activity, today))
    return sorted(findings, key=lambda finding: _SEVERITY_RANK[finding.severity])


def blocking_findings(activity: Activity) -> list[Finding]:
    """Findings that forbid putting the fiche in service: the missing art. 30 elements."""
    return art30_findings(activity)


def findings_to_acknowledge(activity: Activity, today: date | None = None) -> list[Finding]:
    """The other errors, shown at validation and to be acknowledged before going in service."""
    return [finding for finding in activity_findings(activity, today)
            if finding.severity == ERROR and finding.rule != "art30-incomplet"]


def count_severities(findings: list[Finding]) -> dict[str, int]:
    """Count errors and warnings."""
    counts = {ERROR: 0, WARNING: 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def activity_score(findings: list[Finding]) -> int:
    """100 minus 20 points per error and 5 per warning, never below 0."""
    counts = count_severities(findings)
    return max(0, 100 - ERROR_POINTS * counts[ERROR] - WARNING_POINTS * counts[WARNING])


def section_of(field_name: str) -> str:
    """The fiche section where a finding's field is displayed."""
    root = re.split(r"[\[.]", field_name, maxsplit=1)[0]
    return _FIELD_SECTIONS.get(root, "description")


def findings_by_section(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Group findings by the fiche section they concern."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(section_of(finding.field), []).append(finding)
    return grouped
