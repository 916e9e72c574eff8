"""What changed in an organisation's published register, read from the activities' revisions.

Only what the public page could show at the time counts: a revision is public when its
snapshot was published and in service (or ended). Between two public snapshots, only the
fields parents may see (``Field.public`` in the fiche catalogue, typed by a user) are
compared, and rows added or removed are shown through their public columns only: a value
that never reached the public page never reaches this page either, not even as "before".
"""
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from registre.countries import country_name
from registre.dates import format_date
from registre.extensions import db
from registre.fiche.fields import FIELDS_BY_KEY
from registre.fiche.kinds import Kind, Source
from registre.fiche.serialization import coerce
from registre.history.diff import ADDED, REMOVED, Change, diff_snapshots
from registre.history.labels import display_value
from registre.i18n import N_, current_language, translate
from registre.models import ActivityDataCategory, DataCategory, Organisation, Processor, Revision
from registre.public.wording import retention_sentence
from registre.templating import NOT_PROVIDED
from registre.text import answer

MAX_ENTRIES = 200
MAX_REVISIONS = 3000
PUBLISHED, ENDED, WITHDRAWN, CHANGED = "publie", "termine", "retire", "modifie"
TITLES = {PUBLISHED: N_("Traitement publié"), ENDED: N_("Traitement terminé"),
          WITHDRAWN: N_("Traitement retiré du registre public"),
          CHANGED: N_("Réponses modifiées")}
_PUBLIC_STATUSES = ("en_service", "termine")
# Said together, as the public card says them: « Conservées 1 an, puis détruites. »
_RETENTION = ("active_duration", "active_unit", "retention_criteria", "archive_duration",
              "archive_unit", "final_fate")


@dataclass
class Entry:
    """One dated change of the published register."""

    at: datetime
    kind: str
    activity_id: int
    number: int
    name: str
    reference: str
    changes: list[dict] = field(default_factory=list)

    @property
    def title(self) -> str:
        """« Traitement publié : Cantine »."""
        return _("%(what)s : %(name)s", what=translate(TITLES[self.kind]), name=self.name)


def _is_public(snapshot: dict | None) -> bool:
    return bool(snapshot and snapshot.get("published")
                and snapshot.get("status") in _PUBLIC_STATUSES)


def _public_field(key: str):
    found = FIELDS_BY_KEY.get(key)
    if found is None or not found.public or found.source is not Source.EDITED:
        return None
    return found


def _public_column(key: str, column: str | None) -> bool:
    table = FIELDS_BY_KEY[key].table
    if column is None or table is None:
        return True
    try:
        return table.field(column).public
    except KeyError:
        return False


def _shown(key: str, column: str | None, value, processors: dict[int, str]) -> str:
    """A public value as parents read it (processor names, placeholders unanswered)."""
    kind = (FIELDS_BY_KEY[key].table.field(column).kind if column
            and FIELDS_BY_KEY[key].table is not None else FIELDS_BY_KEY[key].kind)
    if kind is Kind.PROCESSOR and value is not None:
        return processors.get(value, "—")
    if kind is Kind.COUNTRY and value:
        return country_name(value, current_language())
    if kind is Kind.COUNTRY_LIST and value:
        return ", ".join(country_name(code, current_language()) for code in value)
    if isinstance(value, dict):
        table = FIELDS_BY_KEY[key].table
        value = {part: item for part, item in value.items()
                 if table is None or _public_column(key, part)}
        return " ; ".join(f"{translate(table.field(part).label) if table else part} : "
                          f"{_shown(key, part, item, processors)}"
                          for part, item in value.items() if item not in (None, "", []))
    if isinstance(value, str) and not answer(value):
        return translate(NOT_PROVIDED)
    # Vocabulary labels and « Oui »/« Non » in the page's language; typed text as typed.
    return translate(display_value(key, column, value))


def _public_changes(change: Change, processors: dict[int, str]) -> dict | None:
    found = _public_field(change.field)
    if found is None or not _public_column(change.field, change.column):
        return None
    label = translate(found.label)
    if change.column:
        label = f"{label} — {translate(change.column_label)}"
    if change.row_name and change.kind not in (ADDED, REMOVED):
        label = f"{label} ({change.row_name})"
    before = "" if change.kind == ADDED else _shown(change.field, change.column,
                                                    change.before, processors)
    after = "" if change.kind == REMOVED else _shown(change.field, change.column,
                                                     change.after, processors)
    if before == after:
        return None
    return {"label": label, "kind": change.kind, "before": before, "after": after}


def _retentions(snapshot: dict) -> dict[str, str]:
    """Each data category's retention sentence, as the public card words it."""
    found = {}
    for row in snapshot.get("data_categories") or []:
        model = ActivityDataCategory(**{key: coerce(ActivityDataCategory, key, row.get(key))
                                        for key in _RETENTION})
        found[translate(DataCategory.label_of(row.get("category")))] = (
            retention_sentence(model) or translate(NOT_PROVIDED))
    return found


def _retention_changes(before: dict, after: dict) -> list[dict]:
    old, new = _retentions(before), _retentions(after)
    label = _("Durée de conservation")
    return [{"label": f"{label} ({category})", "kind": CHANGED, "before": old[category],
             "after": sentence} for category, sentence in new.items()
            if category in old and old[category] != sentence]


def _compare(before: dict, after: dict, processors: dict[int, str]) -> list[dict]:
    """The public differences between two public snapshots of one activity."""
    found = []
    for change in diff_snapshots(before, after):
        if (change.field == "data_categories" and change.column in _RETENTION
                and change.kind not in (ADDED, REMOVED)):
            continue
        item = _public_changes(change, processors)
        if item:
            found.append(item)
    return found + _retention_changes(before, after)


def _processor_names(organisation: Organisation) -> dict[int, str]:
    return dict(db.session.execute(
        sa.select(Processor.id, Processor.name)
        .where(Processor.academie_id == organisation.academie_id)).all())


def _baselines(rows) -> dict[int, dict]:
    """The snapshot before the oldest revision read of each activity (none for a first)."""
    oldest: dict[int, int] = {}
    for row in rows:
        oldest.setdefault(row.activity_id, row.number)
    wanted = [(activity_id, number - 1) for activity_id, number in oldest.items() if number > 1]
    if not wanted:
        return {}
    return dict(db.session.execute(
        sa.select(Revision.activity_id, Revision.snapshot)
        .where(sa.tuple_(Revision.activity_id, Revision.number).in_(wanted))).all())


def public_changes(organisation: Organisation, limit: int = MAX_ENTRIES) -> list[Entry]:
    """The changes of the published register, newest first (at most ``limit``)."""
    # The newest revisions only (an old school may have thousands), each compared with the
    # revision before it (read in one more query when the list was cut).
    newest = db.session.execute(
        sa.select(Revision.activity_id, Revision.number, Revision.created_at, Revision.snapshot)
        .where(Revision.organisation_id == organisation.id)
        .order_by(Revision.created_at.desc(), Revision.id.desc()).limit(MAX_REVISIONS)).all()
    rows = sorted(newest, key=lambda row: (row.activity_id, row.number))
    processors = _processor_names(organisation)
    entries: list[Entry] = []
    previous: dict[int, dict] = _baselines(rows) if len(newest) == MAX_REVISIONS else {}
    for activity_id, number, created_at, snapshot in rows:
        before = previous.get(activity_id)
        previous[activity_id] = snapshot
        was, now = _is_public(before), _is_public(snapshot)
        if not (was or now):
            continue
        source = snapshot if now else before
        entry = Entry(created_at, CHANGED, activity_id, number, source.get("name") or "",
                      source.get("reference") or "")
        if now and not was:
            entry.kind = PUBLISHED
        elif was and not now:
            entry.kind = WITHDRAWN
        elif before.get("status") != snapshot.get("status"):
            entry.kind = ENDED
            if snapshot.get("ended_on"):
                entry.changes = [{"label": translate(FIELDS_BY_KEY["ended_on"].label),
                                  "kind": "value",
                                  "before": "", "after": format_date(snapshot["ended_on"])}]
        else:
            entry.changes = _compare(before, snapshot, processors)
            if not entry.changes:
                continue
        entries.append(entry)
    entries.sort(key=lambda entry: (entry.at, entry.activity_id, entry.number), reverse=True)
    return entries[:limit]
