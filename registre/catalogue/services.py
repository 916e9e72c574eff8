"""Académie catalogues: processors, templates, and activities copied from them.

Services never commit: the view commits once, so a refusal leaves nothing half-written.
"""
import copy
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from registre.activities.services import create_activity
from registre.extensions import db
from registre.fiche.serialization import SYSTEM_FIELDS, activity_to_dict
from registre.models import (
    Academie,
    Activity,
    ActivityRecipient,
    ActivityTemplate,
    Organisation,
    Processor,
    User,
)

# What a copy never takes from its source: system fields, the source's own reference and
# its review dates (a new draft has not been reviewed).
_NOT_COPIED = SYSTEM_FIELDS | {"reference", "last_reviewed_on", "next_review_on"}
MAX_NAME = 300


class CatalogueError(ValueError):
    """Raised with a French message when a catalogue change is refused."""


# --- Processors -------------------------------------------------------------------------

def list_processors(academie: Academie) -> list[Processor]:
    """Return the académie's processors by name."""
    return list(db.session.scalars(
        sa.select(Processor).where(Processor.academie_id == academie.id)
        .order_by(Processor.name, Processor.id)))


def _name_taken(model, academie: Academie, name: str, own_id: int | None) -> bool:
    query = sa.select(model.id).where(model.academie_id == academie.id,
                                      sa.func.lower(model.name) == name.lower())
    if own_id is not None:
        query = query.where(model.id != own_id)
    return db.session.scalars(query).first() is not None


def save_processor(academie: Academie, values: dict,
                   processor: Processor | None = None) -> Processor:
    """Create or update a processor of the académie from validated values."""
    if _name_taken(Processor, academie, values["name"], processor.id if processor else None):
        raise CatalogueError(f"Un sous-traitant « {values['name']} » existe déjà dans le "
                             "catalogue de l'académie.")
    if processor is None:
        processor = Processor(academie_id=academie.id)
        db.session.add(processor)
    for key, value in values.items():
        setattr(processor, key, value)
    db.session.flush()
    return processor


def processor_usage(academie: Academie) -> dict[int, int]:
    """Count, per processor of the académie, the activities that name it (two queries)."""
    users: dict[int, set[int]] = {}
    hosted = sa.select(Activity.hosting_processor_id, Activity.id).join(
        Processor, Processor.id == Activity.hosting_processor_id
    ).where(Processor.academie_id == academie.id)
    received = sa.select(ActivityRecipient.processor_id, ActivityRecipient.activity_id).join(
        Processor, Processor.id == ActivityRecipient.processor_id
    ).where(Processor.academie_id == academie.id)
    for query in (hosted, received):
        for processor_id, activity_id in db.session.execute(query):
            users.setdefault(processor_id, set()).add(activity_id)
    return {processor_id: len(ids) for processor_id, ids in users.items()}


def processor_activities(processor: Processor) -> list[Activity]:
    """The fiches that name the processor (as host or recipient), by school then reference."""
    named = sa.or_(Activity.hosting_processor_id == processor.id, Activity.id.in_(
        sa.select(ActivityRecipient.activity_id)
        .where(ActivityRecipient.processor_id == processor.id)))
    return list(db.session.scalars(
        sa.select(Activity).join(Activity.organisation).where(named)
        .options(contains_eager(Activity.organisation))
        .order_by(Organisation.name, Activity.reference)))


def templates_naming(processor: Processor) -> list[ActivityTemplate]:
    """The académie's model fiches that name the processor."""
    templates = db.session.scalars(
        sa.select(ActivityTemplate).where(ActivityTemplate.academie_id == processor.academie_id))
    return [template for template in templates
            if processor.id in _processor_ids(template.payload or {})]


def delete_processor(processor: Processor) -> None:
    """Delete a processor nobody uses; otherwise say how many activities or templates use it."""
    used = processor_usage(processor.academie).get(processor.id, 0)
    if used:
        raise CatalogueError(
            f"Impossible de supprimer « {processor.name} » : {used} traitement"
            f"{'s' if used > 1 else ''} l'utilise{'nt' if used > 1 else ''}. "
            "Retirez-le d'abord de ces fiches.")
    templates = templates_naming(processor)
    if templates:
        names = ", ".join(f"« {template.name} »" for template in templates)
        raise CatalogueError(f"Impossible de supprimer « {processor.name} » : les modèles "
                             f"{names} l'utilisent.")
    db.session.delete(processor)


# --- Templates --------------------------------------------------------------------------

def _processor_ids(payload: dict) -> set[int]:
    ids = {payload.get("hosting_processor_id")}
    ids.update(row.get("processor_id") for row in payload.get("recipients") or []
               if isinstance(row, dict))
    return {value for value in ids if isinstance(value, int)}


def keep_processors_of(payload: dict, academie: Academie) -> tuple[dict, int]:
    """Drop processor references that are not in the académie's catalogue; count the drops."""
    wanted = _processor_ids(payload)
    allowed = set(db.session.scalars(
        sa.select(Processor.id).where(Processor.academie_id == academie.id,
                                      Processor.id.in_(wanted)))) if wanted else set()
    dropped = 0
    if payload.get("hosting_processor_id") is not None \
            and payload["hosting_processor_id"] not in allowed:
        payload["hosting_processor_id"] = None
        dropped += 1
    for row in payload.get("recipients") or []:
        if isinstance(row, dict) and row.get("processor_id") is not None \
                and row["processor_id"] not in allowed:
            row["processor_id"] = None
            dropped += 1
    return payload, dropped


def activity_payload(activity: Activity, keep_controller: bool = False) -> dict:
    """Return the copiable fields of an activity (design §3 dict without system fields)."""
    data = activity_to_dict(activity)
    kept = {key: value for key, value in data.items()
            if key not in _NOT_COPIED or (keep_controller and key == "controller")}
    return kept


def list_templates(academie: Academie) -> list[ActivityTemplate]:
    """Return the académie's templates by name."""
    return list(db.session.scalars(
        sa.select(ActivityTemplate).where(ActivityTemplate.academie_id == academie.id)
        .order_by(ActivityTemplate.name, ActivityTemplate.id)))


def save_activity_as_template(activity: Activity, academie: Academie, name: str,
                              description: str = "") -> tuple[ActivityTemplate, int]:
    """Store an activity of the académie as a template; return it and the dropped references."""
    if activity.organisation.academie_id != academie.id:
        raise CatalogueError("Ce traitement n'appartient pas à cette académie.")
    if _name_taken(ActivityTemplate, academie, name, None):
        raise CatalogueError(f"Un modèle « {name} » existe déjà dans l'académie.")
    payload, dropped = keep_processors_of(activity_payload(activity), academie)
    template = ActivityTemplate(academie_id=academie.id, name=name, description=description,
                                payload=payload)
    db.session.add(template)
    db.session.flush()
    return template, dropped


def update_template(template: ActivityTemplate, name: str, description: str) -> None:
    """Rename or describe a template."""
    if _name_taken(ActivityTemplate, template.academie, name, template.id):
        raise CatalogueError(f"Un modèle « {name} » existe déjà dans l'académie.")
    template.name = name
    template.description = description


def delete_template(template: ActivityTemplate) -> None:
    """Delete a template; activities created from it keep their content."""
    db.session.execute(sa.update(Activity).where(Activity.template_id == template.id)
                       .values(template_id=None))
    db.session.delete(template)


def get_template_or_none(academie: Academie, template_id: int) -> ActivityTemplate | None:
    """Return a template of that académie (never another's), or None."""
    return db.session.scalars(
        sa.select(ActivityTemplate).where(ActivityTemplate.id == template_id,
                                          ActivityTemplate.academie_id == academie.id)).first()


def create_from_template(template: ActivityTemplate, organisation: Organisation,
                         author: User | None, name: str = "") -> Activity:
    """Create a draft in the organisation's register from a template of its académie."""
    if template.academie_id != organisation.academie_id:
        raise CatalogueError(f"Le modèle « {template.name} » n'appartient pas à l'académie de "
                             f"{organisation.name}.")
    # A deep copy: the draft must never share (and later mutate) the template's lists.
    payload = {key: copy.deepcopy(value) for key, value in (template.payload or {}).items()
               if key not in _NOT_COPIED}
    payload, _ = keep_processors_of(payload, organisation.academie)
    payload["name"] = (name or payload.get("name") or template.name)[:MAX_NAME]
    try:
        return create_activity(organisation, payload, author, template_id=template.id)
    except (ValueError, TypeError, AttributeError) as error:
        raise CatalogueError(f"Le modèle « {template.name} » contient une valeur invalide ; "
                             "corrigez-le ou recréez-le.") from error


def duplicate_activity(activity: Activity, author: User | None) -> Activity:
    """Copy an activity into a new draft « Copie de … » of the same register."""
    payload = activity_payload(activity, keep_controller=True)
    payload["name"] = f"Copie de {activity.name}"[:MAX_NAME]
    return create_activity(activity.organisation, payload, author,
                           template_id=activity.template_id)


def template_organisations(template: ActivityTemplate,
                           organisation_ids: list[int]) -> list[Organisation]:
    """The chosen organisations by name; refuse none, or any outside the template's académie."""
    wanted = set(organisation_ids)
    if not wanted:
        raise CatalogueError("Cochez au moins un établissement.")
    organisations = list(db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(wanted),
                                      Organisation.academie_id == template.academie_id)
        .order_by(Organisation.name)))
    outside = len(wanted) - len(organisations)
    if outside:
        raise CatalogueError(
            f"{outside} établissement{'s' if outside > 1 else ''} coché"
            f"{'s' if outside > 1 else ''} n'appartien{'nen' if outside > 1 else ''}t pas à "
            "l'académie du modèle : aucun brouillon n'a été créé.")
    return organisations


def organisations_with_copies(template: ActivityTemplate) -> dict[int, list[str]]:
    """The organisations that already have a fiche from this template, with its references."""
    copies: dict[int, list[str]] = {}
    for organisation_id, reference in db.session.execute(
            sa.select(Activity.organisation_id, Activity.reference)
            .where(Activity.template_id == template.id).order_by(Activity.reference)):
        copies.setdefault(organisation_id, []).append(reference)
    return copies


def apply_template(template: ActivityTemplate, organisation_ids: list[int],
                   author: User | None,
                   progress: Callable[[int, int], None] | None = None) -> list[Activity]:
    """Create one draft per chosen organisation, all or none (all must be in the académie).

    ``progress`` receives (created, total) as the drafts are created (a job's progress bar).
    """
    organisations = template_organisations(template, organisation_ids)
    created = []
    for organisation in organisations:
        created.append(create_from_template(template, organisation, author))
        if progress is not None:
            progress(len(created), len(organisations))
    return created
