"""What to export: the scope, the filters, and the activities as dicts, read in batches.

Live and past registers follow one code path: every format receives an iterator of
activity dicts in the :func:`activity_to_dict` form (live rows are converted batch by batch;
``as_of`` reads the revision snapshots).
"""
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased, defaultload, lazyload

from registre.audit.services import record_event
from registre.dates import end_of_day, format_date, today, utcnow
from registre.exports.processors import processor_facts
from registre.extensions import db
from registre.fiche.fields import label
from registre.fiche.serialization import DICT_KEYS, activity_to_dict
from registre.history.services import register_as_of
from registre.models import (
    Academie,
    Activity,
    ActivityRecipient,
    AuditAction,
    Organisation,
    Processor,
    Revision,
    Status,
    User,
)

BATCH = 200
STATUS_ALL = "tous"
FORMATS = ("xlsx", "ods", "csv", "json", "pdf")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ExportError(ValueError):
    """A bad export request; the message is French and shown to the user."""


def parse_status(value: str | None) -> str | None:
    """Return the status to keep (None for all); default: en service."""
    value = (value or Status.EN_SERVICE.value).strip()
    if value == STATUS_ALL:
        return None
    if value not in {status.value for status in Status}:
        choices = ", ".join([status.value for status in Status] + [STATUS_ALL])
        raise ExportError(f"Statut inconnu « {value} » : indiquez l'un de {choices}.")
    return value


def parse_as_of(value: str | None) -> date | None:
    """Return the day of a past register (YYYY-MM-DD), or None for the current register."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise ExportError(f"Date « {value[:40]} » invalide : indiquez as_of au format "
                          "AAAA-MM-JJ, par exemple 2026-09-01.") from None
    if day > today():
        raise ExportError(f"La date {format_date(day)} est dans le futur : le registre à une date "
                          "ne peut être reconstitué que pour aujourd'hui ou avant.")
    return day


def parse_format(value: str) -> str:
    """Return a supported format, else raise."""
    if value not in FORMATS:
        raise ExportError(f"Format « {value[:20]} » inconnu : choisissez parmi "
                          f"{', '.join(FORMATS)}.")
    return value


def _organisation_dict(organisation: Organisation) -> dict:
    return {
        "uai": organisation.uai, "name": organisation.name, "kind": organisation.kind.value,
        "sector": organisation.sector.value, "address": organisation.address,
        "postal_code": organisation.postal_code, "commune": organisation.commune,
        "controller": {"title": organisation.controller_title,
                       "name": organisation.controller_name,
                       "email": organisation.controller_email,
                       "phone": organisation.controller_phone},
    }


@dataclass
class ExportContext:
    """Everything an export writes besides the activities (plain data, no ORM objects)."""

    scope: str  # "organisation" or "academie"
    code: str  # the UAI or the académie code, used in file names
    academie: dict
    organisations: dict[str, dict]  # by UAI, in register order
    organisation_ids: list[int]
    processors: dict[int, str]
    status: str | None
    as_of: date | None
    generated_at: datetime = field(default_factory=utcnow)
    academie_id: int | None = None  # whose DPD reads the export's line in the audit log
    # What the catalogue says of each processor: countries, contract, DPF (see processor_facts).
    processor_facts: dict[int, dict] = field(default_factory=dict)

    @property
    def with_fiches(self) -> bool:
        """One fiche sheet per activity only for one organisation (design §6)."""
        return self.scope == "organisation"

    @property
    def title(self) -> str:
        """The organisation (or académie) the register belongs to."""
        if self.scope == "organisation":
            organisation = next(iter(self.organisations.values()))
            return f"{organisation['name']}, {organisation['commune']}".strip(", ")
        return f"Académie de {self.academie['name']} ({len(self.organisations)} établissements)"

    @property
    def uai_text(self) -> str:
        """The UAI, or a note that each row gives its own."""
        return self.code if self.scope == "organisation" else "voir la colonne UAI"

    @property
    def controller(self) -> dict:
        """The responsable block of the Registre sheet."""
        if self.scope != "organisation":
            return {"name": "Chaque établissement : voir ses fiches", "address": "",
                    "postal_code": "", "city": "", "email": "", "phone": ""}
        organisation = next(iter(self.organisations.values()))
        controller = organisation["controller"]
        name = " — ".join(part for part in (controller["title"], controller["name"]) if part)
        return {"name": name, "address": organisation["address"],
                "postal_code": organisation["postal_code"], "city": organisation["commune"],
                "email": controller["email"], "phone": controller["phone"]}

    @property
    def representative(self) -> dict:
        """Schools in the EU have no representative (art. 27)."""
        return {}

    @property
    def dpd(self) -> dict:
        """The académie's DPD."""
        return {key: self.academie[f"dpd_{key}"] for key in ("name", "address", "email", "phone")}

    @property
    def dpd_contact(self) -> dict:
        """The DPD as a contact (title, name, address, email, phone)."""
        return {"title": label("dpd"), **self.dpd}

    def organisation_name(self, uai: str) -> str:
        """The name of an organisation of the export."""
        organisation = self.organisations.get(uai)
        return organisation["name"] if organisation else ""

    def processor_name(self, processor_id) -> str:
        """The name of a processor of the académie catalogue."""
        return self.processors.get(processor_id, "") if processor_id is not None else ""

    def processor_countries(self, processor_id) -> list[str]:
        """Where a catalogue processor keeps data: data centres then backups."""
        facts = self.processor_facts.get(processor_id) if processor_id is not None else None
        return facts["countries"] if facts else []

    def processors_status(self, activity: dict) -> str:
        """Each processor of the fiche (host, then recipients) with its country, art. 28
        contract and DPF status, as the processor catalogue records them."""
        ids = [activity.get("hosting_processor_id"),
               *(row.get("processor_id") for row in activity.get("recipients") or [])]
        seen = [pid for pid in dict.fromkeys(ids) if pid in self.processor_facts]
        return " | ".join(self.processor_facts[pid]["text"] for pid in seen)


def _academie_dict(academie: Academie) -> dict:
    return {"code": academie.code, "name": academie.name, "dpd_name": academie.dpd_name,
            "dpd_email": academie.dpd_email, "dpd_phone": academie.dpd_phone,
            "dpd_address": academie.dpd_address, "rights_contact": academie.rights_contact}


def _context(scope: str, code: str, academie: Academie, organisations: list[Organisation],
             status: str | None, as_of: date | None) -> ExportContext:
    catalogue = db.session.scalars(
        sa.select(Processor).where(Processor.academie_id == academie.id)).all()
    processors = {processor.id: processor.name for processor in catalogue}
    return ExportContext(
        scope=scope, code=code, academie=_academie_dict(academie),
        organisations={org.uai: _organisation_dict(org) for org in organisations},
        organisation_ids=[org.id for org in organisations], processors=processors,
        processor_facts={processor.id: processor_facts(processor) for processor in catalogue},
        status=status, as_of=as_of, academie_id=academie.id)


def organisation_context(organisation: Organisation, status: str | None,
                         as_of: date | None) -> ExportContext:
    """The export context of one organisation's register."""
    return _context("organisation", organisation.uai, organisation.academie, [organisation],
                    status, as_of)


def academie_context(academie: Academie, status: str | None,
                     as_of: date | None) -> ExportContext:
    """The export context of every register of an académie."""
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.academie_id == academie.id)
        .order_by(Organisation.name, Organisation.uai)).all()
    return _context("academie", academie.code, academie, list(organisations), status, as_of)


def iter_activities(context: ExportContext) -> Iterator[dict]:
    """Yield the activities of the export as dicts, by organisation then reference."""
    if context.as_of is not None:
        for data in register_as_of(context.organisation_ids, context.as_of):
            if context.status is None or data.get("status") == context.status:
                yield data
        return
    yield from _live_activities(context.organisation_ids, context.status)


def count_activities(context: ExportContext) -> int:
    """How many activities the export will hold (for a past register: at most this many)."""
    if context.as_of is not None:
        query = (sa.select(sa.func.count(sa.distinct(Revision.activity_id)))
                 .where(Revision.organisation_id.in_(context.organisation_ids),
                        Revision.created_at < end_of_day(context.as_of)))
    else:
        query = (sa.select(sa.func.count(Activity.id))
                 .where(Activity.organisation_id.in_(context.organisation_ids)))
        if context.status is not None:
            query = query.where(Activity.status == context.status)
    return db.session.scalar(query) or 0


def _live_activities(organisation_ids: list[int], status: str | None) -> Iterator[dict]:
    """Read live activities by windows of :data:`BATCH` ids (bounded memory and queries).

    Every save writes a revision whose snapshot is :func:`activity_to_dict` of the activity
    just saved (design §4), so the latest snapshot *is* the live fiche when it was taken at
    the activity's last change (same instant) with today's keys: it is read as it is, which
    costs a fraction of loading the activity and its rows. Anything else (a row changed
    without a revision, a snapshot from an older version of the code) is loaded from the
    tables. The UAI and the validator's e-mail are always the current ones.
    """
    query = (sa.select(Activity.id).join(Activity.organisation)
             .where(Activity.organisation_id.in_(organisation_ids))
             .order_by(Organisation.name, Organisation.uai, Activity.reference, Activity.id))
    if status is not None:
        query = query.where(Activity.status == status)
    ids = db.session.scalars(query).all()
    for start in range(0, len(ids), BATCH):
        window = ids[start:start + BATCH]
        by_id = _current_snapshots(window)
        stale = [activity_id for activity_id in window if activity_id not in by_id]
        if stale:
            activities = db.session.scalars(
                sa.select(Activity).where(Activity.id.in_(stale))
                .options(lazyload(Activity.template), lazyload(Activity.hosting_processor),
                         defaultload(Activity.recipients).lazyload(ActivityRecipient.processor))
            ).all()
            by_id.update((activity.id, activity_to_dict(activity)) for activity in activities)
            del activities
        for activity_id in window:
            if activity_id in by_id:
                yield by_id[activity_id]
        del by_id


def _current_snapshots(window: list[int]) -> dict[int, dict]:
    """The latest snapshots of these activities that are still their current state."""
    older = aliased(Revision)
    latest = (sa.select(sa.func.max(older.number)).where(older.activity_id == Activity.id)
              .scalar_subquery())
    rows = db.session.execute(
        sa.select(Activity.id, Activity.updated_at, Organisation.uai, User.email,
                  Revision.created_at, Revision.snapshot)
        .join(Organisation, Organisation.id == Activity.organisation_id)
        .join(Revision, sa.and_(Revision.activity_id == Activity.id, Revision.number == latest))
        .outerjoin(User, User.id == Activity.validated_by_id)
        .where(Activity.id.in_(window)))
    current = {}
    for activity_id, updated_at, uai, validator, saved_at, snapshot in rows:
        if saved_at == updated_at and tuple(snapshot) == DICT_KEYS:
            snapshot["uai"], snapshot["validated_by"] = uai, validator
            current[activity_id] = snapshot
    return current


def export_filename(context: ExportContext, extension: str, day: date | None = None) -> str:
    """``<uai-or-code>-<YYYY-MM-DD>[-au-<as_of>][-<status>].<ext>`` (dated, no spaces)."""
    day = day or today()
    name = f"{context.code}-{day.isoformat()}"
    if context.as_of is not None:
        name += f"-au-{context.as_of.isoformat()}"
    if context.status != Status.EN_SERVICE.value:
        name += f"-{context.status or STATUS_ALL}"
    return f"{name}.{extension}"


def record_export(context: ExportContext, fmt: str, user: User | None) -> None:
    """Write the export in the audit log: who, which register, which format and filters."""
    _record(f"{context.scope}:{context.code}", context.academie_id, fmt, context.status,
            context.as_of.isoformat() if context.as_of else "", user)


def record_academie_export(academie: Academie, params: dict, user: User | None) -> None:
    """Write an académie export started as a job (its form's ``params``) in the audit log."""
    _record(f"academie:{academie.code}", academie.id, params["format"], params.get("status"),
            params.get("as_of") or "", user)


def _record(target: str, academie_id: int | None, fmt: str, status: str | None, as_of: str,
            user: User | None) -> None:
    record_event(AuditAction.EXPORT, target, user=user, academie_id=academie_id,
                 details=f"format={fmt}; status={status or STATUS_ALL}; as_of={as_of}")
