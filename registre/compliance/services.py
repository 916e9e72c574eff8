"""Findings of one activity, of an organisation and of a whole académie.

Activities are loaded in batches by id with their rows (``selectin``), so a dashboard issues
a number of queries that depends on the batch count, never on the number of organisations.
"""
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from registre import dates
from registre.compliance import consent_rules, rules
from registre.compliance.consent_rules import review_due
from registre.compliance.findings import (
    ERROR,
    WARNING,
    Finding,
    art30_findings,
    parent_question_findings,
)
from registre.extensions import db
from registre.fiche.sections import section_of
from registre.models import Academie, Activity, Organisation, Status

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
BLOCKING_RULE = "art30-incomplet"  # its findings forbid going in service
ERROR_POINTS = 20
WARNING_POINTS = 5
BATCH_SIZE = 500


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


def findings_by_activity(activities: list[Activity],
                         today: date | None = None) -> dict[int, dict[str, int]]:
    """Error and warning counts per activity id (for the badges of a list)."""
    today = today or dates.today()
    return {activity.id: count_severities(activity_findings(activity, today))
            for activity in activities}


# Relationships no rule reads: loaded only if something touches them (they stay correct).
_UNUSED_BY_RULES = (lazyload(Activity.joint_controllers),
                    lazyload(Activity.template), lazyload(Activity.validated_by))


def iter_current_activities(condition, batch_size: int = BATCH_SIZE) -> Iterator[list[Activity]]:
    """Yield the current (not ended) activities matching ``condition`` in batches by id."""
    last_id = 0
    while True:
        batch = list(db.session.scalars(
            sa.select(Activity).options(*_UNUSED_BY_RULES)
            .where(condition, Activity.status != Status.TERMINE, Activity.id > last_id)
            .order_by(Activity.id).limit(batch_size)))
        if batch:
            yield batch
        if len(batch) < batch_size:
            return
        last_id = batch[-1].id


def _mean_score(scores: list[int]) -> int | None:
    return round(sum(scores) / len(scores)) if scores else None


@dataclass
class OrganisationSummary:
    """What the organisation dashboard shows."""

    organisation: Organisation
    activities: list[tuple[Activity, list[Finding]]]
    by_severity: dict[str, int]
    by_rule: list[tuple[str, str, int, int]]
    due_for_review: list[Activity]
    score: int | None


def organisation_summary(organisation: Organisation,
                         today: date | None = None) -> OrganisationSummary:
    """Findings of an organisation's current activities, by severity and rule, and its score."""
    today = today or dates.today()
    entries: list[tuple[Activity, list[Finding]]] = []
    for batch in iter_current_activities(Activity.organisation_id == organisation.id):
        entries.extend((activity, activity_findings(activity, today)) for activity in batch)
    entries.sort(key=lambda entry: (entry[0].reference, entry[0].id))
    every = [finding for _, findings in entries for finding in findings]
    per_rule = {rule: {ERROR: 0, WARNING: 0} for rule in RULES}
    for finding in every:
        per_rule[finding.rule][finding.severity] += 1
    by_rule = [(rule, RULES[rule], counts[ERROR], counts[WARNING])
               for rule, counts in per_rule.items() if counts[ERROR] or counts[WARNING]]
    return OrganisationSummary(
        organisation=organisation, activities=entries, by_severity=count_severities(every),
        by_rule=by_rule,
        due_for_review=[activity for activity, _ in entries if review_due(activity, today)],
        score=_mean_score([activity_score(findings) for _, findings in entries]),
    )


@dataclass
class MatrixRow:
    """One organisation of the académie matrix."""

    organisation: Organisation | None
    activity_count: int = 0
    errors: int = 0
    warnings: int = 0
    by_rule: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RULES, 0))
    scores: list[int] = field(default_factory=list)

    @property
    def score(self) -> int | None:
        """Mean score of the organisation's current activities (None without any)."""
        return _mean_score(self.scores)


@dataclass
class AcademieMatrix:
    """Organisations × rules, with totals."""

    academie: Academie
    rows: list[MatrixRow]
    totals: MatrixRow


SORT_KEYS = {
    "nom": lambda row: row.organisation.name.casefold(),
    "uai": lambda row: row.organisation.uai,
    "commune": lambda row: row.organisation.commune.casefold(),
    "traitements": lambda row: row.activity_count,
    "erreurs": lambda row: row.errors,
    "avertissements": lambda row: row.warnings,
    "score": lambda row: row.score,
}


def sort_rows(rows: list[MatrixRow], key: str, descending: bool = False) -> list[MatrixRow]:
    """Sort matrix rows by a column (a ``SORT_KEYS`` name or a rule id); empty scores last."""
    getter = SORT_KEYS.get(key) or (lambda row: row.by_rule[key])
    present = [row for row in rows if getter(row) is not None]
    missing = [row for row in rows if getter(row) is None]
    ordered = sorted(sorted(present, key=lambda row: row.organisation.name.casefold()),
                     key=getter, reverse=descending)
    return ordered + missing


def academie_matrix(academie: Academie, today: date | None = None,
                    visit: Callable[[Activity, list[Finding]], None] | None = None,
                    ) -> AcademieMatrix:
    """Count findings per organisation and rule over the académie's current activities.

    ``visit`` is called with each activity and its findings (the export writes details).
    """
    today = today or dates.today()
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.academie_id == academie.id)
        .order_by(Organisation.name, Organisation.uai)).all()
    rows = {organisation.id: MatrixRow(organisation) for organisation in organisations}
    totals = MatrixRow(organisation=None)
    in_academie = Activity.organisation_id.in_(
        sa.select(Organisation.id).where(Organisation.academie_id == academie.id))
    for batch in iter_current_activities(in_academie):
        for activity in batch:
            findings = activity_findings(activity, today)
            if visit is not None:
                visit(activity, findings)
            counts = count_severities(findings)
            score = activity_score(findings)
            for row in (rows[activity.organisation_id], totals):
                row.activity_count += 1
                row.errors += counts[ERROR]
                row.warnings += counts[WARNING]
                row.scores.append(score)
                for finding in findings:
                    row.by_rule[finding.rule] += 1
    return AcademieMatrix(academie=academie, rows=list(rows.values()), totals=totals)
