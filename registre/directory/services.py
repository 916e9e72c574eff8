"""Loading an académie's schools from the national directory: create, update, close.

Idempotent: a second run of the same file changes nothing. Every change of an existing
organisation is written to its history (:class:`OrganisationChange`); nothing is deleted.
The import never commits: the command or the page commits once (a dry run rolls back).
"""
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from registre.database import analyze
from registre.dates import utcnow
from registre.directory.reader import (
    DirectoryRow,
    academie_key,
    decode,
    kind_of,
    read_rows,
    sector_of,
)
from registre.extensions import db
from registre.models import (
    Academie,
    Organisation,
    OrganisationChange,
    OrganisationKind,
    User,
    controller_role,
)
from registre.organisations.services import set_organisation_fields
from registre.organisations.uai import InvalidUAI, normalize_uai

SOURCE = "Annuaire de l'éducation"
# Fields the directory is the reference for, with their French label in the history.
SYNCED_FIELDS = {"name": "Nom", "kind": "Type", "sector": "Secteur", "address": "Adresse",
                 "postal_code": "Code postal", "commune": "Commune"}
STATE_LABEL = "État"
OPEN, CLOSED = "ouvert", "fermé"
_LIMITS = {"name": 200, "postal_code": 10, "commune": 200}
_BATCH = 2000

Progress = Callable[[int, int], None]


@dataclass
class LineProblem:
    """A line of the file that was not imported, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"Ligne {self.line} : {self.message}"


@dataclass
class Change:
    """One field of one organisation that the import changes."""

    uai: str
    name: str
    field: str
    old: str
    new: str


@dataclass
class DirectoryReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool = False
    rows: int = 0
    other_academie: int = 0
    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0
    closed_unknown: int = 0
    unknown_types: Counter = field(default_factory=Counter)
    problems: list[LineProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        """Rows of the académie not imported: problems, and closed schools never registered."""
        return len(self.problems) + self.closed_unknown

    @property
    def changed_nothing(self) -> bool:
        """True when the register already matches the file."""
        return not (self.created or self.updated or self.closed)

    def summary(self) -> str:
        """The French summary shown by the page and the command."""
        if self.changed_nothing:
            head = "Aucun changement : le registre correspond déjà à l'annuaire."
        else:
            head = (f"Créés : {self.created} ; mis à jour : {self.updated} ; "
                    f"fermés : {self.closed}.")
        if self.dry_run:
            head = f"Simulation, rien n'a été enregistré. {head}"
        return (f"{head} Inchangés : {self.unchanged} ; écartés : {self.skipped} ; lignes "
                f"d'autres académies ignorées : {self.other_academie}.")

    def to_json(self) -> dict:
        """A JSON-safe copy (kept between the preview and the confirmation)."""
        data = {key: getattr(self, key) for key in (
            "dry_run", "rows", "other_academie", "created", "updated", "closed", "unchanged",
            "closed_unknown")}
        data["unknown_types"] = dict(self.unknown_types)
        data["problems"] = [[p.line, p.message] for p in self.problems]
        data["changes"] = [[c.uai, c.name, c.field, c.old, c.new] for c in self.changes]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "DirectoryReport":
        """Rebuild a report saved by :meth:`to_json`."""
        report = cls(**{key: value for key, value in data.items()
                        if key not in ("unknown_types", "problems", "changes")})
        report.unknown_types = Counter(data.get("unknown_types", {}))
        report.problems = [LineProblem(*item) for item in data.get("problems", [])]
        report.changes = [Change(*item) for item in data.get("changes", [])]
        return report


def import_directory(data: bytes, academie: Academie, *, code_academie: str | None = None,
                     dry_run: bool = False, author: User | None = None, source: str = SOURCE,
                     progress: Progress | None = None) -> DirectoryReport:
    """Create, update and close the académie's organisations from a directory file.

    Rows of other académies are skipped: by ``Code_academie`` when ``code_academie`` is
    given, else by ``Libelle_academie`` (accents and case ignored). Raises
    :class:`~registre.directory.reader.DirectoryRefused` when the file cannot be read.
    """
    text = decode(data)
    total = max(text.count("\n"), 1)
    report = DirectoryReport(dry_run=dry_run)
    needed = ("code_academie",) if code_academie else ("libelle_academie",)
    belongs = _academie_test(academie, code_academie)
    owners = dict(db.session.execute(sa.select(Organisation.uai, Organisation.academie_id)).all())
    ours = {organisation.uai: organisation for organisation in db.session.scalars(
        sa.select(Organisation).where(Organisation.academie_id == academie.id))}
    academie_names = dict(db.session.execute(sa.select(Academie.id, Academie.name)).all())
    seen: dict[str, int] = {}
    new_rows: list[dict] = []
    history: list[dict] = []
    now = utcnow()
    for row in read_rows(text, needed):
        report.rows += 1
        if progress and report.rows % 1000 == 0:
            progress(report.rows, total)
        if not belongs(row):
            report.other_academie += 1
            continue
        values = _row_values(row, report)
        if values is None:
            continue
        uai = values["uai"]
        if uai in seen:
            report.problems.append(LineProblem(
                row.line, f"l'UAI {uai} figure déjà ligne {seen[uai]} : ligne ignorée."))
            continue
        seen[uai] = row.line
        owner = owners.get(uai)
        if owner is not None and owner != academie.id:
            report.problems.append(LineProblem(row.line, (
                f"l'UAI {uai} appartient à l'académie « {academie_names.get(owner, '?')} » dans "
                "le registre : ligne ignorée (changez l'établissement d'académie d'abord).")))
            continue
        organisation = ours.get(uai)
        if organisation is None:
            if row.closed:
                report.closed_unknown += 1
                continue
            report.created += 1
            new_rows.append(_new_organisation(values, academie, now))
            continue
        changes = _changes(organisation, values, row.closed)
        if not changes:
            report.unchanged += 1
            continue
        if any(change.field == STATE_LABEL and change.new == CLOSED for change in changes):
            report.closed += 1
        else:
            report.updated += 1
        report.changes.extend(changes)
        if not dry_run:
            _apply(organisation, values, row.closed, now)
            history.extend({"organisation_id": organisation.id, "changed_at": now,
                            "source": source, "author_id": author.id if author else None,
                            "field": change.field, "old_value": change.old,
                            "new_value": change.new} for change in changes)
    if not dry_run:
        _insert(Organisation, new_rows)
        _insert(OrganisationChange, history)
        if new_rows:  # thousands of schools at the first import of an académie
            analyze(Organisation.__tablename__, OrganisationChange.__tablename__)
    if progress:
        progress(total, total)
    return report


def _academie_test(academie: Academie, code_academie: str | None) -> Callable:
    """A test telling whether a row is of the académie (by code, else by name)."""
    if code_academie:
        wanted = code_academie.strip().lstrip("0")
        return lambda row: row.code_academie.strip().lstrip("0") == wanted
    wanted_name = academie_key(academie.name)
    return lambda row: academie_key(row.libelle_academie) == wanted_name


def _row_values(row: DirectoryRow, report: DirectoryReport) -> dict | None:
    """The organisation's values from a row, or None with the problem recorded."""
    try:
        uai = normalize_uai(row.uai)
    except InvalidUAI as error:
        report.problems.append(LineProblem(row.line, f"{error} Ligne ignorée."))
        return None
    sector = sector_of(row)
    if sector is None:
        report.problems.append(LineProblem(row.line, (
            f"statut « {row.sector_label} » inconnu pour {uai} (attendu : Public ou Privé) : "
            "ligne ignorée.")))
        return None
    if not row.name:
        report.problems.append(LineProblem(row.line, f"nom manquant pour {uai} : ligne ignorée."))
        return None
    values = {"uai": uai, "name": row.name, "sector": sector, "address": row.address,
              "postal_code": row.postal_code, "commune": row.commune}
    for key, limit in _LIMITS.items():
        if len(values[key]) > limit:
            report.problems.append(LineProblem(row.line, (
                f"{SYNCED_FIELDS[key].lower()} de {uai} trop long ({len(values[key])} "
                f"caractères, {limit} au plus) : ligne ignorée.")))
            return None
    kind = kind_of(row)
    if kind is None:
        report.unknown_types[row.type_label or "(vide)"] += 1
        kind = OrganisationKind.AUTRE
    values["kind"] = kind
    return values


def _new_organisation(values: dict, academie: Academie, now) -> dict:
    return {**values, "academie_id": academie.id, "created_at": now,
            "controller_title": controller_role(values["kind"], values["sector"]).label,
            "controller_name": "", "controller_email": "", "controller_phone": ""}


def _shown(value) -> str:
    """A stored value as the history shows it (labels for enumerations)."""
    return getattr(value, "label", None) or str(value or "")


def _changes(organisation: Organisation, values: dict, closed: bool) -> list[Change]:
    changes = [Change(organisation.uai, organisation.name, label,
                      _shown(getattr(organisation, key)), _shown(values[key]))
               for key, label in SYNCED_FIELDS.items()
               if (getattr(organisation, key) or "") != values[key]]
    if closed != organisation.is_closed:
        changes.append(Change(organisation.uai, organisation.name, STATE_LABEL,
                              CLOSED if organisation.is_closed else OPEN,
                              CLOSED if closed else OPEN))
    return changes


def _apply(organisation: Organisation, values: dict, closed: bool, now) -> None:
    set_organisation_fields(organisation, {key: values[key] for key in SYNCED_FIELDS})
    if closed != organisation.is_closed:
        organisation.closed_at = now if closed else None


def _insert(model, rows: list[dict]) -> None:
    """Insert rows in batches (a whole académie is thousands of schools)."""
    for start in range(0, len(rows), _BATCH):
        db.session.execute(sa.insert(model), rows[start:start + _BATCH])
