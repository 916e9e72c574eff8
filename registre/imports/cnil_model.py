"""A filled CNIL 2019 register model (.ods or .xlsx): fiches found by their labels, not rows.

A fiche sheet is any sheet with a "Nom du traitement" line and a "Finalité(s)" section;
sections start at the line whose column A ends with the section title, and their columns
are found from that line's headers. Rows of the "Liste des traitements" sheet without a
fiche become activities with their name, reference and purpose. Cells are trimmed.
"""
import re

from registre.countries import country_code
from registre.imports.payload import ParsedImport
from registre.imports.spreadsheet import Sheet
from registre.imports.vocabulary import (
    GUARANTEE_WORDS,
    OBSOLETE_GUARANTEES,
    RECIPIENT_WORDS,
    SECURITY_WORDS,
    SUBJECT_KEEP_WORD,
    SUBJECT_WORDS,
    data_category_of,
    is_blank,
    lookup,
    normalise,
    sensitive_kind_of,
)
from registre.models.vocabularies import (
    Guarantee,
    RecipientKind,
    SecurityMeasureKind,
    SubjectCategory,
)

SECTIONS = {
    "description du traitement": "description", "acteurs": "actors",
    "finalite s du traitement effectue": "purposes", "finalites du traitement": "purposes",
    "categories de donnees personnelles concernees": "data", "donnees sensibles": "sensitive",
    "categories de personnes concernees": "subjects", "destinataires": "recipients",
    "mesures de securite": "security", "transferts hors ue": "transfers",
}
_RETENTION = re.compile(r"^\s*(\d{1,4})\s*(jours?|mois|ans?|années?|annees?)\b(.*)$",
                        re.IGNORECASE | re.DOTALL)
_UNITS = {"jour": "jours", "jours": "jours", "mois": "mois", "an": "ans", "ans": "ans",
          "annee": "ans", "annees": "ans"}


def parse_retention(text: str) -> dict:
    """"5 ans" → 5 ans; "5 ans à compter de …" → 5 ans and the whole text as criterion."""
    match = _RETENTION.match(text or "")
    if not match:
        return {"retention_criteria": text}
    unit = _UNITS[normalise(match.group(2))]
    rest = match.group(3).strip()
    return {"active_duration": int(match.group(1)), "active_unit": unit,
            "retention_criteria": text if rest else ""}


def label_of(cell: str) -> str:
    """The normalised last line of a label cell (section cells start with help text)."""
    lines = [line for line in (cell or "").splitlines() if line.strip()]
    return normalise(lines[-1]) if lines else ""


def _columns(row: list[str]) -> dict[str, int]:
    return {label_of(text): index for index, text in enumerate(row) if index and text}


def _value(row: list[str], index: int) -> str:
    text = row[index].strip() if index < len(row) else ""
    return "" if is_blank(text) else text


def is_fiche(sheet: Sheet) -> bool:
    """True when the sheet has a "Nom du traitement" line and a purposes section."""
    labels = {label_of(row[0]) for row in sheet.rows if row}
    return "nom du traitement" in labels and bool(
        labels & {"finalite s du traitement effectue", "finalites du traitement"})


def parse_cnil_model(sheets: list[Sheet], source: str) -> ParsedImport:
    """Read every filled fiche, then list rows without a fiche."""
    parsed = ParsedImport(source=source)
    references = set()
    for sheet in sheets:
        if is_fiche(sheet):
            data = _parse_fiche(sheet, parsed)
            if data is not None:
                parsed.add(data, f"Feuille « {sheet.name} »")
                references.add(normalise(data.get("reference", "")))
    for sheet in sheets:
        if not is_fiche(sheet):
            _parse_list(sheet, parsed, references)
    if not parsed.activities and not parsed.problems:
        parsed.problem("aucune fiche de traitement remplie n'a été trouvée : remplissez au "
                       "moins le nom et la finalité d'un traitement (modèle CNIL, onglets 2 à 4).")
    return parsed


def _parse_fiche(sheet: Sheet, parsed: ParsedImport) -> dict | None:
    data: dict = {"name": "", "reference": "", "purpose": "", "sub_purposes": [],
                  "data_categories": [], "subject_categories": [], "recipients": [],
                  "security_measures": [], "transfers": [], "joint_controllers": []}
    section, columns, filled, name_row = None, {}, False, None
    for index, row in enumerate(sheet.rows):
        if not row:
            continue
        label = label_of(row[0])
        if label in SECTIONS:
            section, columns = SECTIONS[label], _columns(row)
            continue
        if section == "description" and label == "nom du traitement":
            name_row = index + 1
        # Columns B to H hold the fiche; J holds the model's help links.
        values = [_value(row, i) for i in range(1, 8)]
        if section is None or not any(values):
            continue
        place = {"sheet": sheet.name, "row": index + 1}
        if section == "description":
            _description(label, row, data)
            continue
        filled = True
        handler = _HANDLERS[section]
        handler(label, row, columns, data, parsed, place)
    if not data["name"]:
        if filled or data["purpose"]:
            parsed.problem("le nom du traitement est vide : remplissez la ligne « Nom du "
                           "traitement ».", sheet=sheet.name, row=name_row)
        else:
            parsed.notes.append(f"Feuille « {sheet.name} » : fiche vide, ignorée.")
        return None
    return data


def _description(label: str, row: list[str], data: dict) -> None:
    value = next((text for text in (_value(row, i) for i in range(1, 8)) if text), "")
    if label == "nom du traitement":
        data["name"] = value
    elif label in ("n ref", "ref", "reference"):
        data["reference"] = value
    elif label == "date de creation du traitement" and value:
        # When the processing began (started_on), not the fiche's own creation date.
        data["started_on"] = value


def _actors(label, row, columns, data, parsed, place):
    def get(*names):
        for name in names:
            if name in columns:
                return _value(row, columns[name])
        return ""
    address = ", ".join(part for part in (
        get("adresse"), " ".join(p for p in (get("code postal"), get("ville")) if p),
        get("pays")) if part)
    contact = {"title": "", "name": get("nom"), "address": address,
               "email": get("adresse mel", "courriel", "email"), "phone": get("telephone")}
    if label == "representant":
        data["representative"] = contact
    elif label.startswith("responsable s conjoint") or label.startswith("responsables conjoint"):
        data["joint_controllers"].append({**contact, "role_split": ""})
    elif label in ("responsable du traitement", "delegue a la protection des donnees",
                   "societe du dpo si celui ci est externe"):
        note = ("Le responsable du traitement et le délégué à la protection des données du "
                "fichier ne sont pas repris : ceux de l'établissement et de l'académie "
                "s'appliquent.")
        if note not in parsed.notes:
            parsed.notes.append(note)
    else:
        parsed.problem(f"ligne d'acteur « {row[0].strip()} » inconnue.", **place)


def _purposes(label, row, columns, data, parsed, place):
    value = _value(row, 1) or next((v for v in (_value(row, i) for i in range(2, 8)) if v), "")
    if label == "finalite principale":
        data["purpose"] = value
    elif label.startswith("sous finalite"):
        data["sub_purposes"].append(value)
    else:
        parsed.problem(f"ligne « {row[0].strip()} » inconnue dans la section des finalités : "
                       "utilisez « Finalité principale » ou « Sous-finalité ».", **place)


def _data_row(label, row, columns, data, parsed, place, sensitive=False):
    text = row[0].strip().splitlines()[-1] if row[0].strip() else ""
    if sensitive:
        kind = sensitive_kind_of(label)
        category = "sensible" if kind else None
    else:
        category, kind = data_category_of(label), None
        if category is None and sensitive_kind_of(label):
            category, kind = "sensible", sensitive_kind_of(label)
    if category is None:
        parsed.problem(f"catégorie de données « {text} » inconnue : utilisez une ligne du "
                       "modèle CNIL (État civil…, Vie personnelle…, Données de connexion…).",
                       **place)
        return
    retention = _value(row, columns.get("duree de conservation", 4))
    entry = {"category": category, "sensitive_kind": kind,
             "description": _value(row, columns.get("description", 1)),
             "retention_criteria": ""}
    if retention:
        entry.update(parse_retention(retention))
    data["data_categories"].append(entry)


def _sensitive_row(label, row, columns, data, parsed, place):
    _data_row(label, row, columns, data, parsed, place, sensitive=True)


def _typed_row(key, words, enum_cls, noun):
    def handler(label, row, columns, data, parsed, place):
        word = _value(row, 1)
        details = _value(row, columns.get("precisions", 4))
        value = lookup(word, words) if word else None
        if value is None:
            accepted = " ; ".join(f"« {member.label} »" for member in enum_cls)
            what = f"« {word} » inconnu" if word else "manquant"
            parsed.problem(f"{noun} {what} : choisissez parmi {accepted}.", **place)
            return
        if key == "subject_categories":
            if normalise(word) in SUBJECT_KEEP_WORD:
                details = f"{word} — {details}" if details else word
            data[key].append({"category": value, "details": details})
        elif key == "recipients":
            data[key].append({"kind": value, "name": details, "data_categories": []})
        else:
            data[key].append({"kind": value, "details": details})
    return handler


def _transfer(label, row, columns, data, parsed, place):
    recipient = _value(row, columns.get("destinataire", 1))
    country_text = _value(row, columns.get("pays", 2))
    guarantee_text = _value(row, columns.get("type de garanties", 3))
    documentation = _value(row, columns.get("liens vers la documentation", 5))
    country = country_code(country_text) if country_text else ""
    if country is None:
        parsed.problem(f"pays « {country_text} » inconnu : écrivez le nom français du pays "
                       "(par exemple « Andorre ») ou son code ISO à deux lettres (AD).", **place)
    guarantee = None
    if guarantee_text:
        guarantee = lookup(guarantee_text, GUARANTEE_WORDS)
        if normalise(guarantee_text) in OBSOLETE_GUARANTEES:
            parsed.problem(OBSOLETE_GUARANTEES[normalise(guarantee_text)] + ".", **place)
        elif guarantee is None:
            accepted = " ; ".join(f"« {member.label} »" for member in Guarantee)
            parsed.problem(f"type de garanties « {guarantee_text} » inconnu : choisissez "
                           f"parmi {accepted}.", **place)
    data["transfers"].append({"recipient": recipient, "country": country or "",
                              "guarantee": guarantee, "documentation": documentation})


_HANDLERS = {
    "actors": _actors, "purposes": _purposes, "data": _data_row, "sensitive": _sensitive_row,
    "subjects": _typed_row("subject_categories", SUBJECT_WORDS, SubjectCategory,
                           "Catégorie de personnes"),
    "recipients": _typed_row("recipients", RECIPIENT_WORDS, RecipientKind,
                             "Type de destinataire"),
    "security": _typed_row("security_measures", SECURITY_WORDS, SecurityMeasureKind,
                           "Type de mesure de sécurité"),
    "transfers": _transfer,
}


def _parse_list(sheet: Sheet, parsed: ParsedImport, fiche_references: set[str]) -> None:
    """Rows of "Liste des traitements" whose reference has no fiche become activities."""
    header = next((index for index, row in enumerate(sheet.rows)
                   if len(row) > 1 and label_of(row[0]) == "nom du traitement"
                   and label_of(row[1]) == "n ref"), None)
    if header is None:
        return
    above = _columns(sheet.rows[header - 1]) if header else {}
    purpose_column = above.get("finalite du traitement", 4)
    sensitive_column = _columns(sheet.rows[header]).get("oui non", 7)
    for index in range(header + 1, len(sheet.rows)):
        row = sheet.rows[index]
        name, reference = _value(row, 0), _value(row, 1)
        if not name and not reference:
            continue
        if reference and normalise(reference) in fiche_references:
            continue
        if not name:
            parsed.problem("le nom du traitement est vide.", sheet=sheet.name, row=index + 1)
            continue
        parsed.add({"name": name, "reference": reference,
                    "purpose": _value(row, purpose_column)},
                   f"Feuille « {sheet.name} », ligne {index + 1}")
        if normalise(_value(row, sensitive_column)) == "oui":
            parsed.notes.append(
                f"Feuille « {sheet.name} », ligne {index + 1} : données sensibles annoncées "
                "sans fiche ; précisez-les dans la fiche du traitement après l'import.")
