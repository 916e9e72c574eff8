"""Stored findings (design §10): when they are computed, and how pages read them.

The one rule: **whatever changes what the compliance rules read calls a function of this
module in the same transaction** (or starts a refresh job for many activities):

- an activity saved (created, edited, moved in the workflow, imported, copied from a model
  fiche): :func:`store_findings` from ``registre/activities/services.py`` and
  ``registre/activities/workflow.py``, right after its revision is written;
- an organisation edited: :func:`refresh_findings` over its activities (a few dozen);
- a processor, a model fiche or an académie (its DPD) edited: a job of kind
  ``recalcul_constats`` over the activities that name it (there may be thousands);
- the reference data (adequacy decisions) or the rules changed by a deployment, and the days
  passing (reviews, contracts expiring): ``flask registre refresh-findings`` (daily, from
  cron, and after each upgrade).

Pages never evaluate the rules: lists, fiches, dashboards, the API and the public page read
:class:`ActivityCompliance` and :class:`StoredFinding`.
"""
from collections.abc import Callable, Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from registre import dates
from registre.compliance import services
from registre.compliance.findings import ERROR, WARNING, Finding
from registre.dates import utcnow
from registre.extensions import db
from registre.models import (
    Activity,
    ActivityCompliance,
    ActivityRecipient,
    Organisation,
    StoredFinding,
)

BATCH_SIZE = 500
# Relationships no rule reads: not loaded when refreshing (they stay correct if touched).
# (Joint controllers are read: art30-incomplet checks each one's contact, art. 26.)
_UNUSED_BY_RULES = (lazyload(Activity.validated_by),)
_FINDING_COLUMNS = ("rule", "severity", "field", "message", "article")


def _rows(findings: list[Finding]) -> list[tuple]:
    return [tuple(getattr(finding, name) for name in _FINDING_COLUMNS) for finding in findings]


def _stored_rows(activity_ids: list[int]) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = {activity_id: [] for activity_id in activity_ids}
    query = (sa.select(StoredFinding.activity_id,
                       *(getattr(StoredFinding, name) for name in _FINDING_COLUMNS))
             .where(StoredFinding.activity_id.in_(activity_ids))
             .order_by(StoredFinding.activity_id, StoredFinding.position))
    for activity_id, *values in db.session.execute(query):
        found[activity_id].append(tuple(values))
    return found


def store_findings(activities: Iterable[Activity], today: date | None = None,
                   only_changed: bool = False) -> int:
    """Evaluate every rule on these (flushed) activities and store the findings.

    With ``only_changed``, activities whose findings did not change keep their rows (the
    daily refresh rewrites little). Returns the number of activities whose findings were
    written. Never commits.
    """
    today = today or dates.today()
    activities = [activity for activity in activities if activity.id is not None]
    if not activities:
        return 0
    ids = [activity.id for activity in activities]
    computed = {activity.id: services.activity_findings(activity, today)
                for activity in activities}
    versions = {activity.id: activity.version for activity in activities}
    if only_changed:
        stored = _stored_rows(ids)
        present = set(db.session.scalars(sa.select(ActivityCompliance.activity_id)
                                         .where(ActivityCompliance.activity_id.in_(ids))))
        ids = [activity_id for activity_id in ids if activity_id not in present
               or stored[activity_id] != _rows(computed[activity_id])]
    if ids:
        db.session.execute(sa.delete(StoredFinding).where(StoredFinding.activity_id.in_(ids)))
        db.session.execute(sa.delete(ActivityCompliance)
                           .where(ActivityCompliance.activity_id.in_(ids)))
        now = utcnow()
        db.session.execute(sa.insert(ActivityCompliance), [{
            "activity_id": activity_id, "activity_version": versions[activity_id],
            "computed_on": today, "computed_at": now,
            **_summary(computed[activity_id])} for activity_id in ids])
        finding_rows = [{"activity_id": activity_id, "position": position,
                         **dict(zip(_FINDING_COLUMNS, row))}
                        for activity_id in ids
                        for position, row in enumerate(_rows(computed[activity_id]))]
        if finding_rows:
            db.session.execute(sa.insert(StoredFinding), finding_rows)
    return len(ids)


def _summary(findings: list[Finding]) -> dict:
    counts = services.count_severities(findings)
    return {"errors": counts[ERROR], "warnings": counts[WARNING],
            "score": services.activity_score(findings)}


def activities_naming_processor(processor_id: int):
    """SQL condition: the activities hosted by a processor or sending it data."""
    return sa.or_(Activity.hosting_processor_id == processor_id,
                  Activity.id.in_(sa.select(ActivityRecipient.activity_id)
                                  .where(ActivityRecipient.processor_id == processor_id)))


REFRESH_SCOPES = ("tout", "academie", "sous_traitant", "modele", "etablissement")


def refresh_condition(scope: str, object_id: int | None = None):
    """SQL condition on activities for a refresh scope: everything, an académie, the activities
    naming a processor, those created from a model fiche, or one organisation's."""
    if scope == "academie":
        return Activity.organisation_id.in_(
            sa.select(Organisation.id).where(Organisation.academie_id == object_id))
    if scope == "sous_traitant":
        return activities_naming_processor(object_id)
    if scope == "modele":
        return Activity.template_id == object_id
    if scope == "etablissement":
        return Activity.organisation_id == object_id
    return sa.true()


def count_activities(condition) -> int:
    """How many activities match a condition (to decide whether a refresh is needed)."""
    return db.session.scalar(sa.select(sa.func.count(Activity.id)).where(condition)) or 0


def refresh_findings(condition, today: date | None = None,
                     after_batch: Callable[[int, int], None] | None = None,
                     batch_size: int = BATCH_SIZE) -> int:
    """Recompute the stored findings of every activity matching ``condition``, by batches.

    Each batch locks its activities first (``FOR UPDATE`` on PostgreSQL; on SQLite the first
    write takes the database lock), so an edit saved meanwhile is either seen or waits:
    a refresh never stores findings of a state older than the stored one. ``after_batch``
    receives (done, total) after each batch: a job commits there and reports progress.
    Returns the number of activities whose findings changed. Never commits by itself.
    """
    today = today or dates.today()
    ids = list(db.session.scalars(sa.select(Activity.id).where(condition).order_by(Activity.id)))
    changed = 0
    for start in range(0, len(ids), batch_size):
        window = ids[start:start + batch_size]
        db.session.execute(sa.select(Activity.id).where(Activity.id.in_(window))
                           .with_for_update()).all()
        db.session.execute(sa.update(ActivityCompliance)
                           .where(ActivityCompliance.activity_id.in_(window))
                           .values(computed_on=today, computed_at=utcnow()))
        batch = db.session.scalars(sa.select(Activity).where(Activity.id.in_(window))
                                   .options(*_UNUSED_BY_RULES)
                                   .execution_options(populate_existing=True)).all()
        changed += store_findings(batch, today, only_changed=True)
        if after_batch is not None:
            after_batch(min(start + batch_size, len(ids)), len(ids))
    return changed


# --- Reading ----------------------------------------------------------------------------

def findings_of(activity_ids: list[int]) -> dict[int, list[Finding]]:
    """The stored findings of several activities (one query), errors first as computed."""
    return {activity_id: [Finding(**dict(zip(_FINDING_COLUMNS, row))) for row in rows]
            for activity_id, rows in _stored_rows(activity_ids).items()}


def activity_findings(activity: Activity) -> list[Finding]:
    """The stored findings of one activity."""
    return findings_of([activity.id])[activity.id]


def counts_of(activity_ids: list[int]) -> dict[int, dict[str, int]]:
    """Error and warning counts per activity id (for the badges of a list), one query."""
    if not activity_ids:
        return {}
    rows = db.session.execute(
        sa.select(ActivityCompliance.activity_id, ActivityCompliance.errors,
                  ActivityCompliance.warnings)
        .where(ActivityCompliance.activity_id.in_(activity_ids)))
    return {activity_id: {ERROR: errors, WARNING: warnings}
            for activity_id, errors, warnings in rows}
