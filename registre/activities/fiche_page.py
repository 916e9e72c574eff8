"""What the fiche page shows: its sections, in the catalogue's order, as blocks to display.

Every label comes from the fiche catalogue (:mod:`registre.fiche`); the template only lays
out the blocks: :class:`Lines` (a label and its value), :class:`Grid` (a table of rows) and
:class:`Note`. A value of ``None`` or ``""`` is shown as "Non renseigné".
"""
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from registre.dates import format_date
from registre.exports.values import retention_text
from registre.fiche.fields import field
from registre.fiche.kinds import Field, Kind, Source
from registre.fiche.rows import CONTACT, DATA_CATEGORIES, RECIPIENTS
from registre.fiche.sections import SECTIONS
from registre.fiche.serialization import row_to_dict
from registre.models import RIGHTS, Activity, DataCategory, Informed, Organisation, YesNoUnknown
from registre.models.organisation import ControllerRole
from registre.templating import yes_no


@dataclass
class Line:
    """One label and its value: ``text`` (also ``pre``), ``list``, ``link`` or ``document``."""

    label: str
    value: object
    shape: str = "text"


@dataclass
class Lines:
    """Consecutive lines, shown as one table."""

    lines: list[Line] = dataclass_field(default_factory=list)
    shape = "lines"


@dataclass
class Grid:
    """Rows of a table; the first cell of each row heads it; ``empty`` when there is none."""

    headers: list[str]
    rows: list[list]
    caption: str = ""
    empty: str | None = None
    shape = "grid"


@dataclass
class Note:
    """A remark under a section."""

    text: str
    shape = "note"


@dataclass
class SectionView:
    """One section of the fiche page: anchor, title and blocks."""

    anchor: str
    title: str
    blocks: list


# Bookkeeping shown elsewhere on the page (status and end date in its lead) or not at all.
_NOT_SHOWN = {"id", "uai", "status", "ended_on", "validated_at", "version", "has_sensitive_data"}
# Who the controller is, said where users most often get it wrong (DESIGN §2).
CONTROLLER_NOTES = {
    ControllerRole.IA_DASEN: ("Pour une école publique, le responsable de traitement est "
                              "l'IA-DASEN par délégation du recteur, et non le directeur "
                              "d'école."),
    ControllerRole.CHEF_ETABLISSEMENT_PRIVE: (
        "Pour un établissement privé sous contrat, le responsable de traitement est son chef "
        "d'établissement, pour l'organisme de gestion, et non l'IA-DASEN."),
}
NO_TRANSFER = "Aucun transfert hors de l'Union européenne déclaré."


def _plain(entry: Field, value):
    """The page value of a field by its kind (None: not provided)."""
    kind = entry.kind
    if kind is Kind.ENUM:
        return value.label if value else None
    if kind is Kind.ENUM_LIST:
        return [entry.vocabulary.label_of(item) for item in value or []] or None
    if kind in (Kind.DATE, Kind.TIMESTAMP):
        return format_date(value)
    if kind is Kind.BOOL:
        return "Oui" if value else "Non"
    if kind is Kind.YES_NO_UNKNOWN:
        return yes_no(value, "")
    if kind is Kind.COUNTRY_LIST:
        return ", ".join(value or [])
    return value


def _line(entry: Field, activity: Activity) -> Line:
    if entry.kind is Kind.OBJECT:
        parts = {part: getattr(activity, f"{entry.key}_{part}") for part in entry.table.keys}
        return Line(entry.label, parts if parts["title"] or parts["url"] else None, "document")
    value = getattr(activity, entry.key)
    if entry.kind is Kind.URL:
        return Line(entry.label, value, "link")
    shape = "list" if entry.kind in (Kind.ENUM_LIST, Kind.RIGHTS) else "text"
    return Line(entry.label, _plain(entry, value), shape)


def _grid(entry: Field, rows, empty: str | None = None) -> Grid:
    columns = entry.table.fields
    return Grid([column.label for column in columns], [
        [_plain(column, getattr(row, column.key)) for column in columns] for row in rows],
        caption=entry.label, empty=empty)


def _retention(row) -> str | None:
    """How long one category of data is kept, worded as in the exports (None: not said)."""
    return retention_text(row_to_dict(DATA_CATEGORIES, row)) if row.has_retention else None


def _data_grid(entry: Field, activity: Activity) -> Grid:
    table = entry.table
    return Grid([table.field(key).label for key in ("category", "description", "retention")], [
        [row.category.label + (f" : {row.sensitive_kind.label}" if row.sensitive_kind else "")
         + (f" — {row.art9_condition.label}" if row.art9_condition else ""),
         row.description, _retention(row)] for row in activity.data_categories],
        caption=entry.label)


def _recipients_grid(entry: Field, activity: Activity) -> Grid:
    kind, name, _, data = RECIPIENTS.fields
    rows = []
    for row in activity.recipients:
        processor = row.processor
        title = row.name or (processor.name if processor else "")
        if processor and row.name and processor.name != row.name:
            title += f" — {processor.name}"  # the catalogue entry chosen, beside the name typed
        if processor and processor.legal_entity:
            title += f" ({processor.legal_entity})"
        contract = "—"
        if processor:
            contract = yes_no(processor.contract_signed) + (
                f" (signé le {format_date(processor.contract_date)})"
                if processor.contract_date else "")
        rows.append([title, row.kind.label, [DataCategory.label_of(item)
                                             for item in row.data_categories] or None, contract])
    return Grid([name.label, kind.label, data.label, "Contrat (art. 28)"], rows,
                caption=entry.label)


def _actors(activity: Activity, organisation: Organisation) -> list:
    """The actors as one table: controller, DPD, representative, joint controllers."""
    academie = organisation.academie
    rows = [[field("controller").label,
             " — ".join(part for part in (activity.controller_title, activity.controller_name)
                        if part), activity.controller_address, activity.controller_email,
             activity.controller_phone],
            [field("dpd").label, academie.dpd_name, academie.dpd_address, academie.dpd_email,
             academie.dpd_phone]]
    if activity.representative:
        contact = activity.representative
        rows.append([field("representative").label,
                     " — ".join(part for part in (contact.get("title"), contact.get("name"))
                                if part),
                     contact.get("address"), contact.get("email"), contact.get("phone")])
    for row in activity.joint_controllers:
        role = f" ({row.role_split})" if row.role_split else ""
        rows.append([f"{field('joint_controllers').label}{role}",
                     " ".join(part for part in (row.title, row.name) if part), row.address,
                     row.email, row.phone])
    headers = ["Rôle", *(CONTACT.field(key).label for key in ("name", "address", "email",
                                                               "phone"))]
    blocks: list = [Grid(headers, rows)]
    note = CONTROLLER_NOTES.get(organisation.controller_role)
    if note and (organisation.is_ecole or organisation.controller_role
                 is ControllerRole.CHEF_ETABLISSEMENT_PRIVE):
        blocks.append(Note(note))
    return blocks


Shown = Callable[[Field, Activity, Organisation], object]

# Fields shown differently from their kind's default: a Line, a block, or None (not shown);
# each is called with (e: the field's entry, a: the activity, o: its organisation).
_SPECIAL: dict[str, Shown] = {
    "legal_text": lambda e, a, o: _line(e, a) if a.scope.value == "national" else None,
    "validated_by": lambda e, a, o: Line(e.label, (
        f"{a.validated_by.name or a.validated_by.email} le {format_date(a.validated_at)}"
        if a.validated_by else "")),
    "template_id": lambda e, a, o: Line(e.label, a.template.name) if a.template else None,
    "art9_condition": lambda e, a, o: Line(e.label, a.art9_condition.label if a.art9_condition
                                           else ("" if a.has_sensitive_data else "Sans objet")),
    "automated_decision_details": lambda e, a, o: (_line(e, a) if a.automated_decision
                                                   == YesNoUnknown.OUI else None),
    "min_age": lambda e, a, o: _line(e, a) if a.concerns_minors else None,
    "max_age": lambda e, a, o: _line(e, a) if a.concerns_minors else None,
    "concerns_under_15": lambda e, a, o: _line(e, a) if a.concerns_minors else None,
    "data_categories": lambda e, a, o: _data_grid(e, a),
    "recipients": lambda e, a, o: _recipients_grid(e, a),
    "hosting_processor_id": lambda e, a, o: _host_lines(e, a),
    "transfers": lambda e, a, o: _grid(e, a.transfers, empty=NO_TRANSFER),
    "informed": lambda e, a, o: Line(e.label, None if a.informed == Informed.INCONNU
                                     else a.informed.label),
    "rights": lambda e, a, o: Line(e.label, [RIGHTS[key][0] for key in a.rights]
                                   if a.legal_bases else None, "list"),
    "rights_contact": lambda e, a, o: Line(e.label, a.rights_contact
                                           or o.academie.rights_contact),
    "dpia_criteria": lambda e, a, o: Line(e.label, _plain(e, a.dpia_criteria) or "Aucun",
                                          "list" if a.dpia_criteria else "text"),
    "dpia_url": lambda e, a, o: _line(e, a) if a.dpia_url else None,
    "internal_notes": lambda e, a, o: Line(e.label, a.internal_notes or "Aucune note.", "pre"),
}
# What is shown only when consent is asked for.
for _key in ("consent_signatories", "consent_text", "consent_collection", "consent_withdrawal"):
    _SPECIAL[_key] = lambda e, a, o: _line(e, a) if a.consent_required else None


def _host_lines(entry: Field, activity: Activity) -> list[Line] | None:
    host = activity.hosting_processor
    if host is None:
        return None
    name = host.name + (f" — {host.hosting_provider}" if host.hosting_provider else "")
    return [Line(entry.label, name), Line("Juridiction de la société mère", host.jurisdiction)]


def _blocks(entry: Field, activity: Activity, organisation: Organisation) -> list:
    if entry.key in _SPECIAL:
        shown = _SPECIAL[entry.key](entry, activity, organisation)
    elif entry.kind is Kind.TEXT_LIST:
        shown = [Line(f"{entry.item_label} {number}", item)
                 for number, item in enumerate(getattr(activity, entry.key), start=1)]
    elif entry.kind is Kind.ROWS:
        shown = _grid(entry, getattr(activity, entry.key))
    else:
        shown = _line(entry, activity)
    if shown is None:
        return []
    return shown if isinstance(shown, list) else [shown]


def fiche_sections(activity: Activity, organisation: Organisation) -> list[SectionView]:
    """Every section of the fiche with the blocks it shows, in the catalogue's order."""
    views = []
    for section in SECTIONS:
        blocks: list = []
        if section.anchor == "acteurs":
            blocks = _actors(activity, organisation)
        else:
            for entry in section.fields:
                if entry.key in _NOT_SHOWN or entry.source is Source.DISPLAY:
                    continue
                for block in _blocks(entry, activity, organisation):
                    if isinstance(block, Line):
                        if not blocks or not isinstance(blocks[-1], Lines):
                            blocks.append(Lines())
                        blocks[-1].lines.append(block)
                    else:
                        if getattr(block, "caption", "") == section.title:
                            block.caption = ""  # the section's heading already says it
                        blocks.append(block)
        views.append(SectionView(section.anchor, section.title, blocks))
    return views
