"""Import pipeline: check → parse → validate → preview, then create every activity or none.

Validation is the activity form's, bound exactly as the API's POST binds it
(``form_from_json``): one definition of the input rules for the web, the API and imports.

Services never commit; the view or the command commits once.
"""
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from registre.activities.form_data import form_to_activity_data
from registre.activities.form_json import form_from_json, json_form_errors
from registre.activities.services import create_activity, update_activity
from registre.activities.versions import propose_version
from registre.activities.workflow import WorkflowError
from registre.audit.services import record_event
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.imports.cnil_model import parse_cnil_model
from registre.imports.normalise import normalise_activity
from registre.imports.own_json import parse_own_json
from registre.imports.own_xlsx import is_own_export, parse_own_xlsx
from registre.imports.payload import ParsedImport, Problem
from registre.imports.references import (
    DIRECT,
    RENUMBER,
    REPLACE,
    register_references,
    renumber,
    replacement,
    replacement_problems,
)
from registre.imports.safety import MAX_ACTIVITIES, ImportRefused, check_upload
from registre.imports.spreadsheet import read_ods, read_xlsx
from registre.models import (
    Activity,
    AuditAction,
    AuditOutcome,
    Organisation,
    Processor,
    Status,
    User,
)

SOURCE_LABELS = {
    "json": "export JSON du registre", "own_xlsx": "export XLSX du registre",
    "own_ods": "export ODS du registre",
    "xlsx": "modèle de registre CNIL (.xlsx)", "ods": "modèle de registre CNIL (.ods)",
}
PENDING_LIFETIME_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def parse_file(filename: str, data: bytes) -> ParsedImport:
    """Run the safety checks then the right parser; raises :class:`ImportRefused`."""
    kind = check_upload(filename, data)
    if kind == "json":
        return parse_own_json(data)
    sheets = read_xlsx(data) if kind == "xlsx" else read_ods(data)
    if is_own_export(sheets):
        parsed = parse_own_xlsx(sheets)
        parsed.source = "own_xlsx" if kind == "xlsx" else "own_ods"
        return parsed
    return parse_cnil_model(sheets, kind)


def record_import_refusal(target: str, user: User | None, reason: str, filename: str = "",
                          academie_id: int | None = None) -> None:
    """Write a refused import (``import_rejected``) in the audit log, with the reason; the
    caller records it after rolling back (the web view and the command alike)."""
    record_event(AuditAction.IMPORT_REJECTED, target, outcome=AuditOutcome.DENIED, user=user,
                 academie_id=academie_id, details=f"fichier={filename[:200]}; motif={reason}")


def record_refused_import(organisation: Organisation, user: User | None, reason: str,
                          filename: str = "") -> None:
    """:func:`record_import_refusal` for an organisation's register."""
    record_import_refusal(f"organisation:{organisation.uai}", user, reason, filename,
                          organisation.academie_id)


def read_import(filename: str, data: bytes, organisation: Organisation) -> ParsedImport:
    """Parse and validate a file for ``organisation``: the preview, nothing written."""
    parsed = parse_file(filename, data)
    if len(parsed.activities) > MAX_ACTIVITIES:
        raise ImportRefused(
            f"Le fichier contient {len(parsed.activities)} traitements, au-delà de la limite "
            f"de {MAX_ACTIVITIES} par import : découpez-le en plusieurs fichiers.")
    parsed.activities = [normalise_activity(data) for data in parsed.activities]
    # Processors first: the form accepts only ids of the académie's catalogue.
    _check_processors(parsed, organisation)
    taken = set(register_references(organisation))
    cleaned = []
    for data, origin in zip(parsed.activities, parsed.origins):
        form = form_from_json(data, organisation)
        errors = json_form_errors(form)
        if form.reference.data in taken and "reference" in errors:
            # A reference of the register: the preview offers to renumber or to replace.
            del errors["reference"]
        parsed.problems.extend(Problem(message, where=f"{origin}, champ « "
                                       f"{field_label(form, path)} »")
                               for path, message in errors.items())
        cleaned.append(form_to_activity_data(form) if not errors else data)
    parsed.activities = cleaned
    parsed.problems.extend(reference_problems(parsed, organisation, in_file_only=True))
    return parsed


_PATH_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def field_label(form, path: str) -> str:
    """The French label of a form error path (``legal_bases[0].basis`` → « Bases légales,
    ligne 1, Base légale »); unknown parts are shown as written."""
    labels, current = [], form
    for name, index in _PATH_PART.findall(path):
        form_field = current._fields.get(name) if current is not None else None
        labels.append(form_field.label.text if form_field is not None else name)
        current = getattr(form_field, "form", None)
        if index:
            labels[-1] += f", ligne {int(index) + 1}"
            entries = getattr(form_field, "entries", [])
            entry = entries[int(index)] if int(index) < len(entries) else None
            current = getattr(entry, "form", None)
    return ", ".join(labels) or "fiche"


def _check_processors(parsed: ParsedImport, organisation: Organisation) -> None:
    """Link processors of the organisation's académie catalogue (by id or name), else unlink."""
    holders = list(parsed.activities) + [
        row for data in parsed.activities for row in data.get("recipients", [])]
    ids = {holder[key] for holder in holders
           for key in ("processor_id", "hosting_processor_id") if holder.get(key)}
    names = {holder[key] for holder in holders
             for key in ("processor_name", "hosting_processor_name") if holder.get(key)}
    processors = db.session.scalars(sa.select(Processor).where(
        Processor.academie_id == organisation.academie_id,
        sa.or_(Processor.id.in_(ids), Processor.name.in_(names)))).all() if ids or names else []
    by_id = {processor.id for processor in processors}
    by_name = {processor.name: processor.id for processor in processors}
    unknown = set()
    for data in parsed.activities:
        _link(data, "hosting_processor_id", "hosting_processor_name", by_id, by_name, unknown)
        for row in data.get("recipients", []):
            _link(row, "processor_id", "processor_name", by_id, by_name, unknown)
    if unknown:
        parsed.notes.append(
            "Sous-traitants absents du catalogue de l'académie, non reliés (le nom du "
            "destinataire est conservé) : " + ", ".join(sorted(str(u) for u in unknown)) + ".")


def _link(data: dict, id_key: str, name_key: str, by_id: set, by_name: dict,
          unknown: set) -> None:
    name = data.pop(name_key, None)
    wanted = data.get(id_key)
    if wanted and wanted in by_id:
        return
    if name and name in by_name:
        data[id_key] = by_name[name]
        return
    if wanted or name:
        unknown.add(name or f"n° {wanted}")
    if id_key in data:
        data[id_key] = None


def reference_problems(parsed: ParsedImport, organisation: Organisation,
                       in_file_only: bool = False) -> list[Problem]:
    """References used twice in the file, or (unless the form checked it) already used."""
    existing = set() if in_file_only else set(db.session.scalars(
        sa.select(Activity.reference).where(Activity.organisation_id == organisation.id)))
    seen: set[str] = set()
    problems = []
    for data, origin in zip(parsed.activities, parsed.origins):
        reference = (data.get("reference") or "").strip()
        if not reference:
            continue
        if reference in existing:
            problems.append(Problem(
                f"la référence « {reference} » est déjà utilisée dans ce registre : changez-la "
                "dans le fichier, ou videz-la pour qu'une référence soit attribuée.", where=origin))
        elif reference in seen:
            problems.append(Problem(f"la référence « {reference} » figure deux fois dans le "
                                    "fichier : rendez-la unique.", where=origin))
        seen.add(reference)
    return problems


def check_importable(organisation: Organisation, parsed: ParsedImport,
                     references: str | None = None, author: User | None = None) -> None:
    """Refuse (:class:`ImportRefused`) an import that still has a problem; ``references``
    (renumber or replace, :mod:`registre.imports.references`) settles the taken ones."""
    if parsed.problems:
        problems = parsed.problems
    elif references == REPLACE:
        problems = replacement_problems(parsed, organisation, author)
    elif references == RENUMBER:
        problems = []
    else:
        problems = reference_problems(parsed, organisation)
    if problems:
        raise ImportRefused("L'import comporte des problèmes : corrigez le fichier et "
                            "recommencez. " + " ".join(str(p) for p in problems[:3]))


@dataclass
class ImportDone:
    """What an import wrote: drafts created, fiches replaced, new versions proposed."""

    created: list[Activity] = field(default_factory=list)
    replaced: list[Activity] = field(default_factory=list)
    proposed: list[Activity] = field(default_factory=list)  # in service, awaiting validation
    unchanged: list[Activity] = field(default_factory=list)  # the file says what they say


def _keeping_controller(target: Activity, data: dict) -> dict:
    """The file's content for a fiche it replaces. A file's controller is never read (the
    organisation's applies to new fiches): the fiche keeps its own, e.g. the minister of a
    national processing, instead of taking the school's head from the form's default."""
    return {**data, "controller": activity_to_dict(target)["controller"]}


def import_activities(organisation: Organisation, parsed: ParsedImport, author: User | None,
                      progress: Callable[[int, int], None] | None = None,
                      references: str | None = None) -> ImportDone:
    """Create every activity as a draft (with its revision), or replace the fiche of the same
    reference when ``references`` says so; refuse if any problem remains.

    ``progress`` receives (done, total) as the fiches are written (a job's progress bar).
    """
    if references == RENUMBER:
        renumber(parsed, organisation)
    check_importable(organisation, parsed, references, author)
    targets = register_references(organisation) if references == REPLACE else {}
    done = ImportDone()
    for number, data in enumerate(parsed.activities, start=1):
        target = targets.get((data.get("reference") or "").strip())
        if target is None:
            done.created.append(create_activity(organisation, data, author, Status.BROUILLON))
        elif replacement(author, target) == DIRECT:
            update_activity(target, _keeping_controller(target, data), author, target.version,
                            action="import")
            done.replaced.append(target)
        else:  # NEW_VERSION: check_importable refused the fiches that cannot be replaced
            try:
                propose_version(target, _keeping_controller(target, data), author)
                done.proposed.append(target)
            except WorkflowError:  # identical to the version in service
                done.unchanged.append(target)
        if progress is not None:
            progress(number, len(parsed.activities))
    record_event(AuditAction.IMPORT, f"organisation:{organisation.uai}", user=author,
                 academie_id=organisation.academie_id,
                 details=f"source={parsed.source}; traitements={len(done.created)}"
                         + (f"; références={references}" if references else "")
                         + (f"; remplacés={len(done.replaced)}" if done.replaced else "")
                         + (f"; versions proposées={len(done.proposed)}" if done.proposed
                            else ""))
    return done


def commit_import(organisation: Organisation, parsed: ParsedImport, author: User | None,
                  progress: Callable[[int, int], None] | None = None) -> list[Activity]:
    """:func:`import_activities` without a reference choice: the drafts created."""
    return import_activities(organisation, parsed, author, progress).created


def _pending_dir() -> Path:
    directory = Path(current_app.config.get("IMPORTS_PENDING_DIR")
                     or Path(current_app.instance_path) / "imports")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def save_pending(parsed: ParsedImport, user: User, organisation: Organisation) -> str:
    """Keep a parsed import server-side until confirmed; return its random token."""
    directory = _pending_dir()
    now = time.time()
    for old in directory.glob("*.json"):
        if old.stat().st_mtime < now - PENDING_LIFETIME_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    record = {"user_id": user.id, "organisation_id": organisation.id, "created": now,
              "payload": parsed.to_json()}
    (directory / f"{token}.json").write_text(json.dumps(record), encoding="utf-8")
    return token


def load_pending(token: str | None, user: User, organisation: Organisation) -> ParsedImport | None:
    """Return the pending import if it belongs to this user and organisation and is fresh."""
    if not token or not _TOKEN.match(token):
        return None
    path = _pending_dir() / f"{token}.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("user_id") != user.id or record.get("organisation_id") != organisation.id \
            or record.get("created", 0) < time.time() - PENDING_LIFETIME_SECONDS:
        return None
    return ParsedImport.from_json(record["payload"])


def discard_pending(token: str | None) -> None:
    """Delete a pending import file."""
    if token and _TOKEN.match(token):
        (_pending_dir() / f"{token}.json").unlink(missing_ok=True)
