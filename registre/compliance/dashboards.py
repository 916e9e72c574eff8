"""The organisation and académie dashboards, aggregated from the stored findings.

No rule is evaluated here: the académie matrix is three GROUP BY queries (organisations,
per-organisation counts and scores, per-organisation-and-rule counts) whatever the number of
organisations and activities; the organisation dashboard is three queries.
"""
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from registre.compliance.findings import ERROR, WARNING, Finding
from registre.compliance.services import RULES, activity_score, count_severities, rule_title
from registre.compliance.stored import findings_of
from registre.extensions import db
from registre.models import (
    Academie,
    Activity,
    ActivityCompliance,
    Organisation,
    Status,
    StoredFinding,
)

REVIEW_RULE = "revue-en-retard"


def _mean_score(total: int, count: int) -> int | None:
    return round(total / count) if count else None


@dataclass
class OrganisationSummary:
    """What the organisation dashboard shows."""

    organisation: Organisation
    activities: list[tuple[Activity, list[Finding]]]
    by_severity: dict[str, int]
    by_rule: list[tuple[str, str, int, int]]
    due_for_review: list[Activity]
    score: int | None


def organisation_summary(organisation: Organisation) -> OrganisationSummary:
    """Stored findings of an organisation's current activities, by severity and rule, score."""
    activities = list(db.session.scalars(
        sa.select(Activity).options(lazyload("*"))
        .where(Activity.organisation_id == organisation.id, Activity.status != Status.TERMINE)
        .order_by(Activity.reference, Activity.id)))
    stored = findings_of([activity.id for activity in activities])
    entries = [(activity, stored[activity.id]) for activity in activities]
    every = [finding for _, findings in entries for finding in findings]
    per_rule = {rule: {ERROR: 0, WARNING: 0} for rule in RULES}
    for finding in every:
        per_rule.setdefault(finding.rule, {ERROR: 0, WARNING: 0})[finding.severity] += 1
    by_rule = [(rule, rule_title(rule), counts[ERROR], counts[WARNING])
               for rule, counts in per_rule.items() if counts[ERROR] or counts[WARNING]]
    scores = [activity_score(findings) for _, findings in entries]
    return OrganisationSummary(
        organisation=organisation, activities=entries, by_severity=count_severities(every),
        by_rule=by_rule,
        due_for_review=[activity for activity, findings in entries
                        if any(finding.rule == REVIEW_RULE for finding in findings)],
        score=_mean_score(sum(scores), len(scores)),
    )


@dataclass
class MatrixRow:
    """One organisation of the académie matrix (or the totals, without organisation)."""

    organisation: Organisation | None
    activity_count: int = 0
    errors: int = 0
    warnings: int = 0
    by_rule: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RULES, 0))
    score_total: int = 0
    scored: int = 0

    @property
    def score(self) -> int | None:
        """Mean score of the organisation's current activities (None without any)."""
        return _mean_score(self.score_total, self.scored)


@dataclass
class AcademieMatrix:
    """Organisations × rules, with totals."""

    academie: Academie
    rows: list[MatrixRow]
    totals: MatrixRow
    # The oldest "today" the stored findings were computed for (None without any).
    computed_on: date | None = None


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


def _current_in(academie: Academie):
    return sa.and_(Activity.status != Status.TERMINE, Activity.organisation_id.in_(
        sa.select(Organisation.id).where(Organisation.academie_id == academie.id)))


def academie_matrix(academie: Academie) -> AcademieMatrix:
    """Count stored findings per organisation and rule over the académie's current activities."""
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.academie_id == academie.id)
        .order_by(Organisation.name, Organisation.uai)).all()
    rows = {organisation.id: MatrixRow(organisation) for organisation in organisations}
    totals = MatrixRow(organisation=None)
    current = _current_in(academie)
    per_organisation = (
        sa.select(Activity.organisation_id, sa.func.count(Activity.id),
                  sa.func.coalesce(sa.func.sum(ActivityCompliance.errors), 0),
                  sa.func.coalesce(sa.func.sum(ActivityCompliance.warnings), 0),
                  sa.func.coalesce(sa.func.sum(ActivityCompliance.score), 0),
                  sa.func.count(ActivityCompliance.activity_id),
                  sa.func.min(ActivityCompliance.computed_on))
        .outerjoin(ActivityCompliance, ActivityCompliance.activity_id == Activity.id)
        .where(current).group_by(Activity.organisation_id))
    oldest = []
    for organisation_id, count, errors, warnings, score_total, scored, computed_on in \
            db.session.execute(per_organisation):
        if computed_on is not None:
            oldest.append(computed_on)
        for row in (rows[organisation_id], totals):
            row.activity_count += count
            row.errors += errors
            row.warnings += warnings
            row.score_total += score_total
            row.scored += scored
    per_rule = (sa.select(Activity.organisation_id, StoredFinding.rule, sa.func.count())
                .join(StoredFinding, StoredFinding.activity_id == Activity.id)
                .where(current).group_by(Activity.organisation_id, StoredFinding.rule))
    for organisation_id, rule, count in db.session.execute(per_rule):
        for row in (rows[organisation_id], totals):
            row.by_rule[rule] = row.by_rule.get(rule, 0) + count
    return AcademieMatrix(academie=academie, rows=list(rows.values()), totals=totals,
                          computed_on=min(oldest, default=None))


def finding_details(academie: Academie) -> Iterator[tuple]:
    """Every stored finding of the académie's current activities, streamed, as plain values:
    UAI, organisation, reference, activity, status label, rule title, severity, field, message,
    article (by organisation, reference, then the order the rules gave them)."""
    query = (sa.select(Organisation.uai, Organisation.name, Activity.reference, Activity.name,
                       Activity.status, StoredFinding.rule, StoredFinding.severity,
                       StoredFinding.field, StoredFinding.message, StoredFinding.article)
             .select_from(StoredFinding)
             .join(Activity, Activity.id == StoredFinding.activity_id)
             .join(Organisation, Organisation.id == Activity.organisation_id)
             .where(_current_in(academie))
             .order_by(Organisation.name, Organisation.uai, Activity.reference, Activity.id,
                       StoredFinding.position))
    for uai, name, reference, activity, status, rule, *rest in \
            db.session.execute(query.execution_options(yield_per=2000)):
        yield (uai, name, reference, activity, Status(status).label, rule_title(rule), *rest)
