"""Fiches of a file whose N° / RÉF is already used in the register: renumber or replace.

Re-importing one's own export into the same school meets every reference again. The preview
lists those fiches and the user chooses: give the imported fiches new references (T-0nn), or
replace the register's fiches of the same reference (same fiche, same history, a revision
"Import"). Without a choice, a reference already used stays a problem.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from registre.extensions import db
from registre.imports.payload import ParsedImport, Problem
from registre.models import Activity, Organisation, Status

RENUMBER, REPLACE = "renumeroter", "remplacer"
CHOICES = (
    (RENUMBER, "Renuméroter : importer ces fiches comme nouvelles fiches, avec de nouvelles "
               "références (T-0…) ; les fiches du registre restent telles quelles."),
    (REPLACE, "Remplacer les fiches de même référence : le contenu du fichier remplace celui "
              "des fiches du registre, qui gardent leur statut et leur historique."),
)
_REFERENCE_PREFIX = "T-"


@dataclass
class Clash:
    """A fiche of the file and the register's fiche that already has its reference."""

    reference: str
    name: str
    origin: str
    existing: Activity


def _reference(data: dict) -> str:
    return (data.get("reference") or "").strip()


def register_references(organisation: Organisation) -> dict[str, Activity]:
    """The organisation's fiches by reference."""
    return {activity.reference: activity for activity in db.session.scalars(
        sa.select(Activity).where(Activity.organisation_id == organisation.id))}


def clashes(parsed: ParsedImport, organisation: Organisation) -> list[Clash]:
    """The fiches of the file whose reference names a fiche of the register."""
    existing = register_references(organisation)
    return [Clash(_reference(data), data.get("name") or "", origin, existing[_reference(data)])
            for data, origin in zip(parsed.activities, parsed.origins)
            if _reference(data) in existing]


def renumber(parsed: ParsedImport, organisation: Organisation) -> None:
    """Give each fiche of the file whose reference is taken the next free ``T-0nn``."""
    existing = set(register_references(organisation))
    used = existing | {_reference(data) for data in parsed.activities}
    numbers = [int(ref[2:]) for ref in used
               if ref.startswith(_REFERENCE_PREFIX) and ref[2:].isdigit()]
    number = max(numbers, default=0)
    for data in parsed.activities:
        if _reference(data) in existing:
            number += 1
            data["reference"] = f"{_REFERENCE_PREFIX}{number:03d}"


def replacement_problems(parsed: ParsedImport, organisation: Organisation) -> list[Problem]:
    """Fiches that cannot be replaced: an ended fiche keeps its last content (history)."""
    return [Problem(f"la fiche « {clash.existing.name} » ({clash.reference}) est terminée : "
                    "elle ne peut pas être remplacée. Choisissez « Renuméroter ».",
                    where=clash.origin)
            for clash in clashes(parsed, organisation)
            if clash.existing.status == Status.TERMINE]
