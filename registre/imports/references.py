"""Fiches of a file whose N° / RÉF is already used in the register: renumber or replace.

Re-importing one's own export into the same school meets every reference again. The preview
lists those fiches and the user chooses: give the imported fiches new references (T-0nn), or
replace the register's fiches of the same reference (same fiche, same history, a revision
"Import"). Replacing follows the fiche's workflow as the web form does: a fiche the user may
edit takes the file's content; an in-service fiche the user may not edit (a rédacteur's
case) receives it as a new version awaiting validation, the in-service one staying published
until then; an ended fiche, or one the user may neither edit nor propose for, cannot be
replaced. Without a choice, a reference already used stays a problem.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from registre.extensions import db
from registre.imports.payload import ParsedImport, Problem
from registre.models import Activity, Organisation, Status, User
from registre.scopes import Action, can

RENUMBER, REPLACE = "renumeroter", "remplacer"
CHOICES = (
    (RENUMBER, "Renuméroter : importer ces fiches comme nouvelles fiches, avec de nouvelles "
               "références (T-0…) ; les fiches du registre restent telles quelles."),
    (REPLACE, "Remplacer les fiches de même référence : le contenu du fichier remplace celui "
              "des fiches du registre, qui gardent leur statut et leur historique (une fiche en "
              "service que votre rôle ne modifie pas reçoit une nouvelle version à valider)."),
)
# How « Remplacer » applies to one fiche of the register.
DIRECT, NEW_VERSION = "direct", "nouvelle_version"
REPLACEMENT_LABELS = {
    DIRECT: "Contenu remplacé",
    NEW_VERSION: "Nouvelle version à valider (la version en service reste publiée d'ici là)",
    None: "Impossible : choisissez « Renuméroter »",
}
_REFERENCE_PREFIX = "T-"


@dataclass
class Clash:
    """A fiche of the file and the register's fiche that already has its reference."""

    reference: str
    name: str
    origin: str
    existing: Activity
    replacement: str | None  # DIRECT, NEW_VERSION or None (cannot be replaced)

    @property
    def replacement_label(self) -> str:
        """What « Remplacer » would do to the register's fiche, in French."""
        return REPLACEMENT_LABELS[self.replacement]


def _reference(data: dict) -> str:
    return (data.get("reference") or "").strip()


def register_references(organisation: Organisation) -> dict[str, Activity]:
    """The organisation's fiches by reference."""
    return {activity.reference: activity for activity in db.session.scalars(
        sa.select(Activity).where(Activity.organisation_id == organisation.id))}


def replacement(author: User | None, activity: Activity) -> str | None:
    """How « Remplacer » applies to ``activity`` for ``author`` (None: the command line)."""
    if activity.status == Status.TERMINE:
        return None  # an ended fiche keeps its last content (history)
    if author is None or can(author, Action.EDIT, activity.organisation, activity):
        return DIRECT
    if can(author, Action.PROPOSE, activity.organisation, activity):
        return NEW_VERSION
    return None


def clashes(parsed: ParsedImport, organisation: Organisation,
            author: User | None = None) -> list[Clash]:
    """The fiches of the file whose reference names a fiche of the register."""
    existing = register_references(organisation)
    return [Clash(_reference(data), data.get("name") or "", origin, existing[_reference(data)],
                  replacement(author, existing[_reference(data)]))
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


def replacement_problems(parsed: ParsedImport, organisation: Organisation,
                         author: User | None) -> list[Problem]:
    """Fiches that cannot be replaced: ended ones (their history keeps their last content),
    and those the author may neither edit nor propose a new version for."""
    problems = []
    for clash in clashes(parsed, organisation, author):
        if clash.replacement is not None:
            continue
        fiche = f"la fiche « {clash.existing.name} » ({clash.reference})"
        if clash.existing.status == Status.TERMINE:
            text = f"{fiche} est terminée : elle ne peut pas être remplacée."
        else:
            text = (f"{fiche} est au statut « {clash.existing.status.label} » : votre rôle ne "
                    "permet pas de la remplacer.")
        problems.append(Problem(f"{text} Choisissez « Renuméroter ».", where=clash.origin))
    return problems
