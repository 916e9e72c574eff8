"""The CNIL 2019 layout of the exports: sheet names, labels and columns (one definition).

XLSX, ODS, CSV and PDF all read their labels and columns from this module; the import reads
the same constants back. Layout of a workbook (XLSX and ODS are identical):

* ``Registre`` — rows 1–6 the organisation block of the CNIL sheet 2 (labels in B/D/F/H,
  each value in the cell to the right of its label): responsable (rows 1–2), représentant
  (rows 3–4), DPD (rows 5–6); J1/K1 "Organisme :" and its name, J2/K2 "UAI :".
  Row 7 the groups (:data:`REGISTRE_GROUPS`), row 8 the columns (:data:`REGISTRE_COLUMNS`),
  row 9 on one activity per row (E holds the purpose; F and G stay empty as in the CNIL
  model where E–G are merged; I Statut, J UAI, K Établissement).
* one fiche sheet per activity (organisation scope only), named by :func:`fiche_sheet_name`;
  labels in column A, values from B, sections in :data:`FICHE_SECTIONS` order.
* ``Vue complète`` — row 1 the headers of :data:`FULL_COLUMNS`, one activity per row.
  Lists of values are joined with :data:`JOIN` (" | "); every row list also has its long sheet.
* long sheets (:data:`LONG_SHEETS`): ``Sous-finalités``, ``Bases légales``,
  ``Personnes concernées``, ``Données``, ``Destinataires``, ``Transferts``,
  ``Mesures de sécurité``, ``Responsables conjoints``; row 1 headers: the key columns
  UAI · Établissement · N° / RÉF · Nom du traitement, then the row's columns; one row per item.
* ``Textes longs`` — only when a text exceeded a cell (see :mod:`registre.exports.cells`).

Values: vocabulary values are written as their French labels (``registre.models.vocabularies``,
mapped back with ``label_of``-style lookups); booleans as "Oui"/"Non" (empty when unknown);
**dates as text dd/mm/yyyy** (the date of a timestamp is taken in Paris time); integers as
numbers. CSV is the ``Vue complète`` sheet. JSON carries :func:`activity_to_dict` unchanged.
"""
import re
from collections.abc import Callable, Iterator

from registre.exports.values import (  # noqa: F401  (re-exported: one place for the layout)
    JOIN,
    contact_text,
    date_text,
    document_text,
    duration_text,
    has_sensitive,
    joined,
    labels,
    retention_text,
    yes_no,
)
from registre.models import (
    Art9Condition,
    ConsentSignatories,
    DataCategory,
    DpiaCriterion,
    DpiaStatus,
    DurationUnit,
    FinalFate,
    Guarantee,
    Hosting,
    Informed,
    LegalBasis,
    RecipientKind,
    SecurityMeasureKind,
    SensitiveKind,
    Status,
    SubjectCategory,
)
from registre.models.activity import RIGHTS
from registre.models.vocabularies import ActivityScope

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
REGISTRE_COLUMNS = ("Nom du traitement", "N° / RÉF", "Date de création de la fiche",
                    "Dernière mise à jour de la fiche", "Finalité du traitement", "", "",
                    "Oui/non", "Statut", "UAI", "Établissement")

# CNIL sheet 3 section titles, then the school sections.
FICHE_SECTIONS = (
    "Description du traitement", "Acteurs", "Finalité(s) du traitement effectué",
    "Catégories de données personnelles concernées", "Données sensibles",
    "Catégories de personnes concernées", "Destinataires", "Mesures de sécurité",
    "Transferts hors UE", "Base légale", "Mineurs et consentement",
    "Information des personnes", "Hébergement", "AIPD", "Suivi interne",
)
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
    return [activity["name"], activity["reference"], date_text(activity["created_at"]),
            date_text(activity["updated_at"]), activity["purpose"], "", "",
            yes_no(has_sensitive(activity)), Status.label_of(activity["status"]),
            activity["uai"], context.organisation_name(activity["uai"])]


# --- Vue complète -----------------------------------------------------------------------

Getter = Callable[[dict, object], object]


def _field(name: str) -> Getter:
    return lambda activity, context: activity.get(name)


def _label(name: str, enum_cls) -> Getter:
    return lambda activity, context: enum_cls.label_of(activity.get(name))


def _date(name: str) -> Getter:
    return lambda activity, context: date_text(activity.get(name))


def _bool(name: str) -> Getter:
    return lambda activity, context: yes_no(activity.get(name))


def _part(name: str, key: str) -> Getter:
    return lambda activity, context: (activity.get(name) or {}).get(key) or ""


def _rows(name: str, render: Callable[[dict], str]) -> Getter:
    return lambda activity, context: joined([render(row) for row in activity.get(name) or []])


def _data_row_text(row: dict) -> str:
    label = DataCategory.label_of(row.get("category"))
    if row.get("sensitive_kind"):
        label += f" ({SensitiveKind.label_of(row['sensitive_kind'])})"
    details = [part for part in (row.get("description"), retention_text(row)) if part]
    return f"{label} : {' — '.join(details)}" if details else label


def _recipient_text(context) -> Callable[[dict], str]:
    def render(row: dict) -> str:
        text = f"{RecipientKind.label_of(row.get('kind'))} : {row.get('name') or ''}".rstrip(" :")
        processor = context.processor_name(row.get("processor_id"))
        if processor:
            text += f" (sous-traitant : {processor})"
        if row.get("data_categories"):
            text += f" — données : {', '.join(DataCategory.label_of(c) for c in row['data_categories'])}"
        return text
    return render


KEY_COLUMNS: tuple[tuple[str, Getter], ...] = (
    ("UAI", _field("uai")),
    ("Établissement", lambda activity, context: context.organisation_name(activity["uai"])),
    ("N° / RÉF", _field("reference")),
    ("Nom du traitement", _field("name")),
)

FULL_COLUMNS: tuple[tuple[str, Getter], ...] = KEY_COLUMNS + (
    ("Statut", _label("status", Status)),
    ("Date de fin", _date("ended_on")),
    ("Validé par", _field("validated_by")),
    ("Date de validation", _date("validated_at")),
    ("Portée", _label("scope", ActivityScope)),
    ("Texte réglementaire", _field("legal_text")),
    ("Logiciel", _field("software")),
    ("Éditeur du logiciel", _field("software_vendor")),
    ("Date de création de la fiche", _date("created_at")),
    ("Dernière mise à jour de la fiche", _date("updated_at")),
    ("Dernière revue", _date("last_reviewed_on")),
    ("Prochaine revue", _date("next_review_on")),
    ("Publié", _bool("published")),
    ("Version", _field("version")),
    ("Responsable du traitement — fonction", _part("controller", "title")),
    ("Responsable du traitement — nom", _part("controller", "name")),
    ("Responsable du traitement — adresse", _part("controller", "address")),
    ("Responsable du traitement — adresse mél", _part("controller", "email")),
    ("Responsable du traitement — téléphone", _part("controller", "phone")),
    ("Responsable(s) conjoint(s)", _rows("joint_controllers", contact_text)),
    ("Représentant", lambda activity, context: contact_text(activity.get("representative"))),
    ("Délégué à la protection des données",
     lambda activity, context: contact_text(context.dpd_contact)),
    ("Finalité principale", _field("purpose")),
    ("Sous-finalités", lambda activity, context: joined(activity.get("sub_purposes") or [])),
    ("Bases légales", _rows("legal_bases", lambda row: " — ".join(
        part for part in (LegalBasis.label_of(row.get("basis")), row.get("justification"))
        if part))),
    ("Condition de l'article 9", _label("art9_condition", Art9Condition)),
    ("Décision automatisée", _bool("automated_decision")),
    ("Précisions sur la décision automatisée", _field("automated_decision_details")),
    ("Source des données", _field("data_source")),
    ("Collecte obligatoire", _bool("collection_mandatory")),
    ("Catégories de personnes concernées", _rows("subject_categories", lambda row: " — ".join(
        part for part in (SubjectCategory.label_of(row.get("category")), row.get("details"))
        if part))),
    ("Concerne des mineurs", _bool("concerns_minors")),
    ("Âge minimum", _field("min_age")),
    ("Âge maximum", _field("max_age")),
    ("Concerne des moins de 15 ans", _bool("concerns_under_15")),
    ("Catégories de données et durée de conservation", _rows("data_categories", _data_row_text)),
    ("Données sensibles ?", lambda activity, context: yes_no(has_sensitive(activity))),
    ("Destinataires", lambda activity, context: joined(
        _recipient_text(context)(row) for row in activity.get("recipients") or [])),
    ("Transferts hors UE", _rows("transfers", lambda row: " — ".join(
        part for part in (row.get("recipient"), row.get("country"),
                          Guarantee.label_of(row.get("guarantee")), row.get("documentation"))
        if part))),
    ("Mesures de sécurité", _rows("security_measures", lambda row: " — ".join(
        part for part in (SecurityMeasureKind.label_of(row.get("kind")), row.get("details"))
        if part))),
    ("Hébergement", _label("hosting", Hosting)),
    ("Hébergeur", lambda activity, context: context.processor_name(
        activity.get("hosting_processor_id"))),
    ("Pays de stockage", lambda activity, context: joined(activity.get("storage_countries") or [])),
    ("Personnes informées", _label("informed", Informed)),
    ("Moyen d'information", _field("information_channel")),
    ("Date de l'information", _date("information_date")),
    ("Notice d'information — titre", _part("information_notice", "title")),
    ("Notice d'information — version", _part("information_notice", "version")),
    ("Notice d'information — lien", _part("information_notice", "url")),
    ("Texte de l'information", _field("information_text")),
    ("Consentement requis", _bool("consent_required")),
    ("Motif (consentement)", _field("consent_reason")),
    ("Signataires du consentement", _label("consent_signatories", ConsentSignatories)),
    ("Texte du consentement — titre", _part("consent_text", "title")),
    ("Texte du consentement — version", _part("consent_text", "version")),
    ("Texte du consentement — lien", _part("consent_text", "url")),
    ("Recueil du consentement", _field("consent_collection")),
    ("Retrait du consentement", _field("consent_withdrawal")),
    ("Avis ou information de l'instance", _date("governance_opinion_date")),
    ("Droits des personnes", lambda activity, context: joined(
        RIGHTS[key][0] for key in activity.get("rights") or [] if key in RIGHTS)),
    ("Contact pour l'exercice des droits", _field("rights_contact")),
    ("Critères AIPD", lambda activity, context: labels(DpiaCriterion,
                                                         activity.get("dpia_criteria"))),
    ("Statut de l'AIPD", _label("dpia_status", DpiaStatus)),
    ("Date de l'AIPD", _date("dpia_date")),
    ("Lien vers l'AIPD", _field("dpia_url")),
    ("Notes internes", _field("internal_notes")),
)
FULL_HEADERS = tuple(header for header, _ in FULL_COLUMNS)


def full_row(activity: dict, context) -> list:
    """One activity as the row of "Vue complète" (and of the CSV)."""
    return [getter(activity, context) for _, getter in FULL_COLUMNS]


# --- long sheets --------------------------------------------------------------------------

def _cell(key: str, enum_cls=None, kind: str = "") -> Callable[[dict, object], object]:
    # One small function per kind of cell: exports call them millions of times.
    if enum_cls is not None:
        return lambda row, context: enum_cls.label_of(row.get(key))
    if kind == "processor":
        return lambda row, context: context.processor_name(row.get(key))
    if kind == "categories":
        return lambda row, context: labels(DataCategory, row.get(key))
    return lambda row, context: row.get(key)


# sheet name -> (activity key, ((header, getter(row, context)), ...)); rows of plain texts
# (sub_purposes) are given as {"text": value}.
LONG_SHEETS: dict[str, tuple[str, tuple]] = {
    "Sous-finalités": ("sub_purposes", (("Sous-finalité", _cell("text")),)),
    "Bases légales": ("legal_bases", (("Base légale", _cell("basis", LegalBasis)),
                                      ("Justification", _cell("justification")))),
    "Personnes concernées": ("subject_categories", (
        ("Catégorie de personnes", _cell("category", SubjectCategory)),
        ("Précisions", _cell("details")))),
    "Données": ("data_categories", (
        ("Catégorie de données", _cell("category", DataCategory)),
        ("Type de donnée sensible", _cell("sensitive_kind", SensitiveKind)),
        ("Description", _cell("description")),
        ("Durée en base active", _cell("active_duration")),
        ("Unité (base active)", _cell("active_unit", DurationUnit)),
        ("Critère de conservation", _cell("retention_criteria")),
        ("Durée d'archivage intermédiaire", _cell("archive_duration")),
        ("Unité (archivage)", _cell("archive_unit", DurationUnit)),
        ("Sort final", _cell("final_fate", FinalFate)),
        ("Durée de conservation", lambda row, context: retention_text(row)))),
    "Destinataires": ("recipients", (
        ("Type de destinataire", _cell("kind", RecipientKind)),
        ("Précisions", _cell("name")),
        ("Sous-traitant", _cell("processor_id", kind="processor")),
        ("Données transmises", _cell("data_categories", kind="categories")))),
    "Transferts": ("transfers", (
        ("Destinataire", _cell("recipient")), ("Pays", _cell("country")),
        ("Type de Garanties", _cell("guarantee", Guarantee)),
        ("Liens vers la documentation", _cell("documentation")))),
    "Mesures de sécurité": ("security_measures", (
        ("Type de mesure de sécurité", _cell("kind", SecurityMeasureKind)),
        ("Précisions", _cell("details")))),
    "Responsables conjoints": ("joint_controllers", (
        ("Fonction", _cell("title")), ("Nom", _cell("name")), ("Adresse", _cell("address")),
        ("Adresse mél", _cell("email")), ("Téléphone", _cell("phone")),
        ("Répartition des rôles", _cell("role_split")))),
}


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
