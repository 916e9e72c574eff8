"""The sections of the fiche: its page, its table of contents, the form's fieldsets, findings.

A field belongs to the section its catalogue entry names; within a section, fields come in
the catalogue's order.
"""
import re
from dataclasses import dataclass

from registre.fiche.fields import FIELDS, FIELDS_BY_KEY
from registre.fiche.kinds import Field


@dataclass(frozen=True)
class Section:
    """One section of the fiche: its anchor on the page, its title, its fields."""

    anchor: str
    title: str
    fields: tuple[Field, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of the section's fields, in order."""
        return tuple(field.key for field in self.fields)


_TITLES = (
    ("description", "Description du traitement"),
    ("acteurs", "Acteurs"),
    ("finalites", "Finalités et base légale"),
    ("personnes", "Personnes concernées et mineurs"),
    ("donnees", "Données et durées de conservation"),
    ("destinataires", "Destinataires et sous-traitants"),
    ("hebergement", "Hébergement et transferts hors UE"),
    ("securite", "Mesures de sécurité"),
    ("information", "Information et consentement"),
    ("droits", "Droits et AIPD"),
    ("notes", "Notes internes"),
)

SECTIONS: tuple[Section, ...] = tuple(
    Section(anchor, title, tuple(field for field in FIELDS if field.section == anchor))
    for anchor, title in _TITLES)
SECTIONS_BY_ANCHOR = {section.anchor: section for section in SECTIONS}


def section_of(name: str) -> str:
    """The anchor of the section showing a field named by a path such as ``recipients[0].kind``.

    A finding may name a model relationship (``hosting_processor``) rather than its id column
    (``hosting_processor_id``); unknown names fall in the first section.
    """
    root = re.split(r"[\[.]", name, maxsplit=1)[0]
    found = FIELDS_BY_KEY.get(root) or FIELDS_BY_KEY.get(f"{root}_id")
    return found.section if found is not None else SECTIONS[0].anchor
