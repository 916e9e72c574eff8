"""The rules applied to one activity: its findings, their counts, its score, their sections.

Pages do not call :func:`activity_findings`: they read the findings stored when the activity
(or what it names) last changed (``stored.py``); dashboards aggregate them (``dashboards.py``).
"""
from collections.abc import Callable
from datetime import date

from registre import dates
from registre.compliance import consent_rules, dpia_rules, legal_rules, rules, text_rules
from registre.compliance.findings import (  # noqa: F401  (GENERIC_TITLE, rule_title: re-exported)
    ERROR,
    GENERIC_TITLE,
    WARNING,
    Finding,
    art30_findings,
    parent_question_findings,
    rule_title,
    titled,
)
from registre.fiche.sections import section_of
from registre.models import Activity

# Every rule, in the order dashboards show them, with a short French title.
RULES: dict[str, str] = titled({
    "art30-incomplet": "Registre incomplet (art. 30)",
    "question-parents-sans-reponse": "Question des parents sans réponse",
    "transfert-sans-garantie": "Transfert hors UE sans garantie",
    "derogation-art49-autorite-publique": "Dérogation de l'art. 49 invoquée par une autorité "
                                          "publique",
    "acces-distant-pays-tiers": "Accès à distance depuis un pays tiers sans transfert déclaré",
    "juridiction-hors-ue": "Sous-traitant soumis au droit d'un pays non adéquat",
    "contrat-sous-traitant": "Contrat de sous-traitance absent ou expiré",
    "donnees-sensibles-sans-condition": "Données sensibles sans condition (art. 9.2)",
    "donnees-infraction-sans-cadre": "Données d'infraction sans texte (art. 10)",
    "conservation-excessive": "Conservation excessive ou sans sort final",
    "consentement-mineur": "Consentement des moins de 15 ans",
    "consentement-public": "Consentement seule base (autorité publique)",
    "consentement-incoherent": "Réponses contradictoires sur l'accord",
    "interet-legitime-autorite-publique": "Intérêt légitime invoqué par une autorité publique",
    "texte-consentement-manquant": "Texte de consentement manquant",
    "information-manquante": "Information des personnes",
    "aipd-requise": "Analyse d'impact (AIPD) requise",
    "revue-en-retard": "Revue annuelle en retard",
    "avis-instance-manquant": "Avis du CA / information du conseil d'école",
    "texte-provisoire": "Texte provisoire (« à compléter ») visible des familles",
})

RULE_FUNCTIONS: tuple[Callable[[Activity, date], list[Finding]], ...] = (
    rules.transfer_findings, legal_rules.derogation_findings,
    legal_rules.remote_access_findings, rules.jurisdiction_findings, rules.contract_findings,
    rules.sensitive_findings, legal_rules.offence_findings, rules.retention_findings,
    legal_rules.template_retention_findings,
    consent_rules.minor_consent_findings, consent_rules.public_consent_findings,
    legal_rules.incoherent_consent_findings, legal_rules.legitimate_interest_findings,
    consent_rules.consent_text_findings, consent_rules.information_findings,
    dpia_rules.dpia_findings, consent_rules.review_findings,
    consent_rules.governance_findings, text_rules.placeholder_findings,
)

_SEVERITY_RANK = {ERROR: 0, WARNING: 1}
BLOCKING_RULE = "art30-incomplet"  # its findings forbid going in service
ERROR_POINTS = 20
WARNING_POINTS = 5


def activity_findings(activity: Activity, today: date | None = None) -> list[Finding]:
    """Every finding of one activity, errors first (art. 30, parents' questions, then the rest)."""
    today = today or dates.today()
    findings = [*art30_findings(activity), *parent_question_findings(activity)]
    for rule in RULE_FUNCTIONS:
        findings.extend(rule(activity, today))
    return sorted(findings, key=lambda finding: _SEVERITY_RANK[finding.severity])


def blocking_findings(activity: Activity) -> list[Finding]:
    """Findings that forbid putting the fiche in service: the missing art. 30 elements."""
    return art30_findings(activity)


def findings_to_acknowledge(activity: Activity, today: date | None = None) -> list[Finding]:
    """The other errors, shown at validation and to be acknowledged before going in service."""
    return validation_findings(activity_findings(activity, today))[1]


def validation_findings(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Split an activity's findings: (blocking, errors to acknowledge before going in service)."""
    blocking = [finding for finding in findings if finding.rule == BLOCKING_RULE]
    return blocking, [finding for finding in findings
                      if finding.severity == ERROR and finding.rule != BLOCKING_RULE]


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


def findings_by_section(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Group findings by the fiche section they concern."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(section_of(finding.field), []).append(finding)
    return grouped
