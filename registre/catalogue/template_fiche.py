"""A model fiche read and edited like a fiche: its payload as a detached activity, and back.

The template keeps only what a copy takes (no reference, controller, dates or status); a
detached :class:`Activity` lets the fiche page and the activity form show it unchanged.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from registre.activities.fiche_page import Lines, SectionView, fiche_sections
from registre.catalogue.services import CatalogueError, activity_payload, keep_processors_of
from registre.extensions import db
from registre.fiche.fields import label
from registre.fiche.serialization import apply_activity_data
from registre.models import Academie, Activity, ActivityTemplate, Processor


@dataclass(frozen=True)
class TemplateOwner:
    """What the fiche page and form read of an organisation, for a fiche of the académie."""

    academie: Academie
    id: None = None
    uai: str = ""
    name: str = ""
    controller_role: None = None
    is_ecole: bool = False

    @property
    def academie_id(self) -> int:
        """The académie whose processor catalogue the form offers."""
        return self.academie.id


def _blank_activity() -> Activity:
    """A detached activity with the column defaults a saved one would get."""
    activity = Activity()
    for column in Activity.__table__.columns:
        default = column.default
        if default is not None and default.is_scalar:
            setattr(activity, column.key, default.arg)
        elif isinstance(column.type, sa.JSON):
            setattr(activity, column.key, [])
        elif isinstance(column.type, (sa.String, sa.Text)) and not column.nullable:
            setattr(activity, column.key, "")
    return activity


def template_activity(template: ActivityTemplate, data: dict | None = None) -> Activity:
    """The template (or ``data`` proposed for it) as a detached activity, never saved."""
    activity = _blank_activity()
    with db.session.no_autoflush:
        apply_activity_data(activity, template.payload if data is None else data)
        wanted = {row.processor_id for row in activity.recipients if row.processor_id}
        wanted.add(activity.hosting_processor_id)
        wanted.discard(None)
        processors = {processor.id: processor for processor in db.session.scalars(
            sa.select(Processor).where(Processor.id.in_(wanted),
                                       Processor.academie_id == template.academie_id))
                      } if wanted else {}
        for row in activity.recipients:
            row.processor = processors.get(row.processor_id)
        activity.hosting_processor = processors.get(activity.hosting_processor_id)
    return activity


def update_template_fiche(template: ActivityTemplate, data: dict) -> None:
    """Replace the template's fields by the form's (what a copy takes, in the JSON form)."""
    payload, _ = keep_processors_of(activity_payload(template_activity(template, data)),
                                    template.academie)
    if not (payload.get("name") or "").strip():
        raise CatalogueError("Indiquez le nom du traitement.")
    template.payload = payload


# Each school's own: a model fiche has none, so its page does not call them "non renseigné".
_SCHOOL_OWN = frozenset(label(key) for key in (
    "reference", "validated_by", "created_at", "updated_at", "last_reviewed_on",
    "next_review_on"))


def template_sections(template: ActivityTemplate) -> list[SectionView]:
    """The sections of the model fiche, without the lines each school fills in for itself."""
    sections = fiche_sections(template_activity(template), TemplateOwner(template.academie))
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Lines):
                block.lines = [line for line in block.lines if line.label not in _SCHOOL_OWN]
    return sections
