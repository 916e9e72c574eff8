"""The CNIL 2019 layout of the exports: sheet names, CNIL labels and columns (one definition).

XLSX, ODS, CSV and PDF all read their labels and columns from this module, and every field
header from the fiche catalogue (:mod:`registre.fiche`), from which the import also derives
its header map. Layout of a workbook (XLSX and ODS are identical):

* ``Registre`` — rows 1–6 the organisation block of the CNIL sheet 2 (labels in B/D/F/H,
  each value in the cell to the right of its label): responsable (rows 1–2), représentant
  (rows 3–4), DPD (rows 5–6); J1/K1 "Organisme :" and its name, J2/K2 "UAI :".
  Row 7 the groups (:data:`REGISTRE_GROUPS`), row 8 the columns (:data:`REGISTRE_COLUMNS`),
  row 9 on one activity per row (E holds the purpose; F and G stay empty as in the CNIL
  model where E–G are merged; I Statut, J UAI, K Établissement).
* one fiche sheet per activity (organisation scope only), named by :func:`fiche_sheet_name`;
  labels in column A, values from B, sections in :data:`CNIL_FICHE_SECTIONS` order.
* ``Vue complète`` — row 1 the headers of :data:`FULL_COLUMNS`, one activity per row: every
  exported field of the catalogue in its order, headed by its label; an edited object
  (controller, representative, notice…) has one column per part (« Notice d'information —
  titre »). Lists are joined with :data:`JOIN` (" | "); every row list also has its long sheet.
* long sheets (:data:`LONG_SHEETS`), one per row table (its ``sheet`` name) and
  ``Sous-finalités``; row 1 headers: the key columns UAI · Établissement · N° / RÉF · Nom du
  traitement, then the row's columns headed by their labels; one row per item.
* ``Textes longs`` — only when a text exceeded a cell (see :mod:`registre.cells`).

Values: see :mod:`registre.exports.fields` (dates as date cells shown dd/mm/yyyy, the date
of a timestamp taken in Paris time; integers as numbers). CSV is the ``Vue complète`` sheet.
JSON carries :func:`activity_to_dict` unchanged.
"""
import re
from collections.abc import Callable, Iterator

from registre.exports.fields import ROW_DISPLAYED, cell, part_header, value_of
from registre.exports.values import (  # noqa: F401  (re-exported: one place for the layout)
    JOIN,
    contact_text,
    date_cell,
    date_text,
    document_text,
    duration_text,
    has_sensitive,
    joined,
    labels,
    retention_text,
    yes_no,
)
from registre.fiche.fields import FIELDS, field, label
from registre.fiche.kinds import Kind, Source
from registre.fiche.rows import DATA_CATEGORIES
from registre.models import Status

FORMAT_VERSION = "registre-export/1"
REGISTRE_SHEET = "Registre"
FULL_SHEET = "Vue complète"

# CNIL sheet 2, rows 1-6 (labels exactly as in the model).
RESPONSABLE_BLOCK = ("Coordonnées du responsable de l’organisme\n(responsable de traitement ou "
                     "son représentant si le responsable est situé en dehors de l’UE)")
REPRESENTANT_BLOCK = ("Coordonnées du représentant\n(responsable de traitement ou son "
                      "représentant si le responsable est situé en dehors de l’UE)")
DPO_BLOCK = "Coordonnées du délégué à la protection des données (DPO)"
REGISTRE_GROUPS = {"A": "Identification du traitement", "E": "Finalité du traitement",
                   "H": "Données sensibles ?"}
ORGANISATION_HEADER = "Établissement"
REGISTRE_COLUMNS = (field("name").cnil, field("reference").cnil, field("created_at").cnil,
                    field("updated_at").cnil, REGISTRE_GROUPS["E"], "", "", "Oui/non",
                    label("status"), label("uai"), ORGANISATION_HEADER)

# The fiche sheet: the CNIL sheet 3 sections (each with its own layout, see exports/fiche.py),
# then the school sections, made of the lines of their catalogue fields.
_FICHE_SKELETON: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Description du traitement", (
        "name", "reference", "started_on", "created_at", "updated_at", "status", "ended_on",
        "uai", "scope",
        "legal_text", "software", "software_vendor", "last_reviewed_on", "next_review_on",
        "validated_by", "validated_at", "published")),
    ("Acteurs", ("controller", "dpd", "representative", "joint_controllers")),
    ("Finalité(s) du traitement effectué", ("purpose", "sub_purposes")),
    ("Catégories de données personnelles concernées", ("data_categories",)),
    ("Données sensibles", ("data_categories", "has_sensitive_data")),
    ("Catégories de personnes concernées", ("subject_categories",)),
    ("Destinataires", ("recipients",)),
    ("Mesures de sécurité", ("security_measures",)),
    ("Transferts hors UE", ("transfers",)),
    ("Base légale", ("legal_bases", "art9_condition", "automated_decision",
                     "automated_decision_details", "data_source", "collection_mandatory")),
    ("Mineurs et consentement", (
        "concerns_minors", "min_age", "max_age", "concerns_under_15", "consent_required",
        "consent_reason", "consent_signatories", "consent_text", "consent_collection",
        "consent_withdrawal")),
    ("Information des personnes", (
        "informed", "information_channel", "information_date", "information_notice",
        "information_text", "governance_opinion_date", "rights", "rights_contact")),
    ("Hébergement", ("hosting", "hosting_processor_id", "storage_countries",
                     "storage_countries_shown", "processors_status")),
    ("AIPD", ("dpia_criteria", "dpia_status", "dpia_date", "dpia_url")),
    ("Suivi interne", ("internal_notes", "version")),
)
# Sections 2 to 9 keep the CNIL model's tables; the others are lines, one per field.
CNIL_TABLE_SECTIONS = frozenset(title for title, _ in _FICHE_SKELETON[1:9])


def place_fields(skeleton, fields) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The fiche sheet's sections with every exported field the skeleton does not name.

    Such a field (a new one) goes right after the nearest field before it in the catalogue
    that a section of lines shows, so that a catalogue entry is enough to see it here.
    """
    sections = [(title, list(keys)) for title, keys in skeleton]
    named = {key for _, keys in sections for key in keys}
    for index, entry in enumerate(fields):
        if entry.key in named or not entry.exported:
            continue
        for previous in reversed(fields[:index]):
            found = [keys for title, keys in sections
                     if title not in CNIL_TABLE_SECTIONS and previous.key in keys]
            if found:
                found[0].insert(found[0].index(previous.key) + 1, entry.key)
                named.add(entry.key)
                break
    return tuple((title, tuple(keys)) for title, keys in sections)


CNIL_FICHE_SECTIONS = place_fields(_FICHE_SKELETON, FIELDS)
ACTOR_COLUMNS = ("Nom", "Adresse", "Code Postal", "Ville", "Pays", "Téléphone", "Adresse mél")
# The CNIL's own wording of the data categories it lists (others use our vocabulary labels).
CNIL_DATA_LABELS = {
    "etat_civil": "État civil, identité, données d'identification, images…",
    "vie_personnelle": "Vie personnelle (habitudes de vie, situation familiale, etc.)",
    "economique_financier": ("Informations d'ordre économique et financier (revenus, "
                             "situation financière, situation fiscale, etc.)"),
    "connexion": "Données de connexion (adress IP, logs, etc.)",
    "localisation": "Données de localisation (déplacements, données GPS, GSM, etc.)",
    "nir": "Numéro de Sécurité Sociale (ou NIR)",
}
CNIL_SENSITIVE_LABELS = {
    "origine_raciale_ethnique": "Données révélant l'origine raciale ou ethnique",
    "opinions_politiques": "Données révélant les opinions politiques",
    "convictions_religieuses_philosophiques":
        "Données révélant les convictions religieuses ou philosophiques",
    "appartenance_syndicale": "Données révélant l'appartenance syndicale",
    "genetiques": "Données génétiques",
    "biometriques": ("Données biométriques aux fins d'identifier une personne physique de "
                     "manière unique"),
    "sante": "Données concernant la santé",
    "vie_sexuelle_orientation": "Données concernant la vie sexuelle ou l'orientation sexuelle",
    "infractions_condamnations": "Données relatives à des condamnations pénales ou infractions",
}


# --- Registre sheet ---------------------------------------------------------------------

def registre_block(context) -> list[list]:
    """The six rows of the organisation block (CNIL sheet 2, rows 1-6)."""
    controller, representative, dpd = context.controller, context.representative, context.dpd
    return [
        [RESPONSABLE_BLOCK, "Nom :", controller["name"], "Prénom :", "", "Adresse :",
         controller["address"], "Adresse mél :", controller["email"], "Organisme :",
         context.title],
        ["", "Code postal :", controller["postal_code"], "Ville :", controller["city"],
         "Téléphone :", controller["phone"], "", "", "UAI :", context.uai_text],
        [REPRESENTANT_BLOCK, "Nom :", representative.get("name", ""), "Prénom :", "",
         "Adresse :", representative.get("address", ""), "Adresse mél :",
         representative.get("email", "")],
        ["", "Code postal :", "", "Ville :", "", "Téléphone :", representative.get("phone", "")],
        [DPO_BLOCK, "Nom :", dpd["name"], "Prénom :", "", "Société (si DPO externe) :", "",
         "Adresse :", dpd["address"]],
        ["", "Code postal :", "", "Ville :", "", "Téléphone :", dpd["phone"], "Adresse mél :",
         dpd["email"]],
        [REGISTRE_GROUPS["A"], "", "", "", REGISTRE_GROUPS["E"], "", "", REGISTRE_GROUPS["H"]],
        list(REGISTRE_COLUMNS),
    ]


def registre_row(activity: dict, context) -> list:
    """One activity in the Registre sheet."""
    return [activity["name"], activity["reference"], date_cell(activity["created_at"]),
            date_cell(activity["updated_at"]), activity["purpose"], "", "",
            yes_no(has_sensitive(activity)), Status.label_of(activity["status"]),
            activity["uai"], context.organisation_name(activity["uai"])]


# --- Vue complète -----------------------------------------------------------------------

Getter = Callable[[dict, object], object]


def _field_getter(key: str) -> Getter:
    entry = field(key)
    return lambda activity, context: cell(entry, value_of(entry, activity, context), context)


def _part_getter(key: str, part: str) -> Getter:
    return lambda activity, context: (activity.get(key) or {}).get(part) or ""


KEY_COLUMNS: tuple[tuple[str, Getter], ...] = (
    (label("uai"), _field_getter("uai")),
    (ORGANISATION_HEADER, lambda activity, context: context.organisation_name(activity["uai"])),
    (label("reference"), _field_getter("reference")),
    (label("name"), _field_getter("name")),
)
_KEYS = ("uai", "reference", "name")


def _columns(entry) -> tuple[tuple[str, Getter], ...]:
    """The columns of one field: one per part of an edited object, else one."""
    if entry.kind is Kind.OBJECT and entry.source is Source.EDITED:
        return tuple((part_header(entry, part), _part_getter(entry.key, part.key))
                     for part in entry.table.fields)
    return ((entry.label, _field_getter(entry.key)),)


FULL_COLUMNS: tuple[tuple[str, Getter], ...] = KEY_COLUMNS + tuple(
    column for entry in FIELDS if entry.exported and entry.key not in _KEYS
    for column in _columns(entry))
FULL_HEADERS = tuple(header for header, _ in FULL_COLUMNS)


def full_row(activity: dict, context) -> list:
    """One activity as the row of "Vue complète" (and of the CSV)."""
    return [getter(activity, context) for _, getter in FULL_COLUMNS]


# --- long sheets --------------------------------------------------------------------------

RETENTION_HEADER = DATA_CATEGORIES.field("retention").cnil  # CNIL sheet 3, column E


def _row_getter(column) -> Callable[[dict, object], object]:
    return lambda row, context: cell(column, row.get(column.key), context)


def _long_sheet(entry) -> tuple[str, tuple[str, tuple]]:
    if entry.kind is Kind.TEXT_LIST:
        return entry.label, (entry.key, ((entry.item_label, lambda row, context: row["text"]),))
    columns = tuple((column.label, _row_getter(column)) for column in entry.table.fields)
    columns += tuple((column.label, ROW_DISPLAYED[column.key])
                     for column in entry.table.displayed)
    return entry.table.sheet, (entry.key, columns)


# sheet name -> (activity key, ((header, getter(row, context)), ...)); rows of plain texts
# (sub_purposes) are given as {"text": value}.
LONG_SHEETS: dict[str, tuple[str, tuple]] = dict(
    _long_sheet(entry) for entry in FIELDS
    if entry.exported and entry.kind in (Kind.ROWS, Kind.TEXT_LIST))


def long_headers(sheet: str) -> list[str]:
    """Row 1 of a long sheet."""
    return [header for header, _ in KEY_COLUMNS] + [header for header, _ in LONG_SHEETS[sheet][1]]


def long_rows(sheet: str, activity: dict, context) -> Iterator[list]:
    """The rows of one activity in a long sheet."""
    key, columns = LONG_SHEETS[sheet]
    keys = [getter(activity, context) for _, getter in KEY_COLUMNS]
    for item in activity.get(key) or []:
        row = item if isinstance(item, dict) else {"text": item}
        yield keys + [getter(row, context) for _, getter in columns]


# --- fiche sheets -----------------------------------------------------------------------

_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def fiche_sheet_name(activity: dict, taken: set[str]) -> str:
    """A unique sheet name (≤ 31 characters, none of []:*?/\\) for an activity's fiche."""
    base = _FORBIDDEN_IN_SHEET_NAME.sub(" ", f"{activity['reference']} {activity['name']}")
    base = " ".join(base.split()).strip("'") or "Fiche"
    name, number = base[:31].strip(), 1
    while name.casefold() in taken or not name:
        number += 1
        suffix = f" ({number})"
        name = base[:31 - len(suffix)].strip() + suffix
    taken.add(name.casefold())
    return name
