"""Our own XLSX export read back: "Vue complète" for the scalar fields, long sheets for rows.

Columns are found by their headers (``registre.exports.layout``), never by position.
Lists are taken from the long sheets (exact), not from the " | "-joined summary cells.
Texts longer than a cell are rebuilt from the "Textes longs" sheet. Labels are mapped back
to values by the validation step; processors are matched by name in the service.
"""
from collections import defaultdict

from registre.cells import LONG_TEXT_SHEET, join_long_text
from registre.exports.layout import FULL_SHEET, JOIN, LONG_SHEETS
from registre.imports.payload import ParsedImport
from registre.imports.safety import MAX_ACTIVITIES, ImportRefused
from registre.imports.spreadsheet import Sheet

# "Vue complète" header -> activity key (fields the system sets are not read back).
SCALAR_COLUMNS = {
    "N° / RÉF": "reference", "Nom du traitement": "name", "Portée": "scope",
    "Texte réglementaire": "legal_text", "Logiciel": "software",
    "Éditeur du logiciel": "software_vendor", "Dernière revue": "last_reviewed_on",
    "Prochaine revue": "next_review_on", "Publié": "published",
    "Finalité principale": "purpose", "Condition de l'article 9": "art9_condition",
    "Décision automatisée": "automated_decision",
    "Précisions sur la décision automatisée": "automated_decision_details",
    "Source des données": "data_source", "Collecte obligatoire": "collection_mandatory",
    "Concerne des mineurs": "concerns_minors", "Âge minimum": "min_age",
    "Âge maximum": "max_age", "Hébergement": "hosting",
    "Personnes informées": "informed", "Moyen d'information": "information_channel",
    "Date de l'information": "information_date", "Texte de l'information": "information_text",
    "Consentement requis": "consent_required", "Motif (consentement)": "consent_reason",
    "Signataires du consentement": "consent_signatories",
    "Recueil du consentement": "consent_collection",
    "Retrait du consentement": "consent_withdrawal",
    "Avis ou information de l'instance": "governance_opinion_date",
    "Contact pour l'exercice des droits": "rights_contact",
    "Statut de l'AIPD": "dpia_status", "Date de l'AIPD": "dpia_date",
    "Lien vers l'AIPD": "dpia_url", "Notes internes": "internal_notes",
}
DOCUMENT_COLUMNS = {
    "information_notice": ("Notice d'information — titre", "Notice d'information — version",
                           "Notice d'information — lien"),
    "consent_text": ("Texte du consentement — titre", "Texte du consentement — version",
                     "Texte du consentement — lien"),
}
REPRESENTATIVE_PARTS = {"title": "Représentant — fonction", "name": "Représentant — nom",
                        "address": "Représentant — adresse",
                        "email": "Représentant — adresse mél",
                        "phone": "Représentant — téléphone"}
REPRESENTATIVE_NOTE = ("Le représentant n'est exporté que sur une ligne (« Représentant ») : il "
                       "est repris tel quel dans son nom ; vérifiez ses coordonnées.")
LIST_COLUMNS = {"Pays de stockage": "storage_countries", "Critères AIPD": "dpia_criteria"}
# Long sheet header -> row key, per long sheet (the order of LONG_SHEETS' columns).
ROW_COLUMNS = {
    "Sous-finalités": {"Sous-finalité": "text"},
    "Bases légales": {"Base légale": "basis", "Justification": "justification"},
    "Personnes concernées": {"Catégorie de personnes": "category", "Précisions": "details"},
    "Données": {"Catégorie de données": "category", "Type de donnée sensible": "sensitive_kind",
                "Description": "description", "Durée en base active": "active_duration",
                "Unité (base active)": "active_unit",
                "Critère de conservation": "retention_criteria",
                "Durée d'archivage intermédiaire": "archive_duration",
                "Unité (archivage)": "archive_unit", "Sort final": "final_fate"},
    "Destinataires": {"Type de destinataire": "kind", "Précisions": "name",
                      "Sous-traitant": "processor_name", "Données transmises": "data_categories"},
    "Transferts": {"Destinataire": "recipient", "Pays": "country",
                   "Type de Garanties": "guarantee",
                   "Liens vers la documentation": "documentation"},
    "Mesures de sécurité": {"Type de mesure de sécurité": "kind", "Précisions": "details"},
    "Responsables conjoints": {"Fonction": "title", "Nom": "name", "Adresse": "address",
                               "Adresse mél": "email", "Téléphone": "phone",
                               "Répartition des rôles": "role_split"},
}


def is_own_export(sheets: list[Sheet]) -> bool:
    """True when the workbook has our "Vue complète" sheet with its key headers."""
    for sheet in sheets:
        if sheet.name == FULL_SHEET and sheet.rows:
            return {"N° / RÉF", "Nom du traitement"} <= set(sheet.rows[0])
    return False


def _long_texts(sheets: dict[str, Sheet]) -> dict[tuple[str, int, str], list[str]]:
    """(sheet, row, column header) -> continuation parts in order."""
    parts: dict[tuple[str, int, str], list[tuple[int, str]]] = defaultdict(list)
    sheet = sheets.get(LONG_TEXT_SHEET)
    for row in (sheet.rows[1:] if sheet else []):
        if len(row) >= 5 and row[1].isdigit() and row[3].isdigit():
            parts[(row[0], int(row[1]), row[2])].append((int(row[3]), row[4]))
    return {key: [text for _, text in sorted(items)] for key, items in parts.items()}


def _records(sheet: Sheet, long_texts) -> list[tuple[int, dict[str, str]]]:
    """Rows of a sheet as {header: text}, with long texts rebuilt; (row number, record)."""
    if not sheet.rows:
        return []
    headers = sheet.rows[0]
    records = []
    for index, row in enumerate(sheet.rows[1:], start=2):
        if not any(row):
            continue
        record = {}
        for column, header in enumerate(headers):
            value = row[column] if column < len(row) else ""
            parts = long_texts.get((sheet.name, index, header))
            record[header] = join_long_text(value, parts) if parts else value
        records.append((index, record))
    return records


def _representative(record: dict[str, str], parsed: ParsedImport) -> dict | None:
    """Read the representative from its own columns, else keep the one-line text as its name."""
    if any(header in record for header in REPRESENTATIVE_PARTS.values()):
        parts = {key: record.get(header, "") for key, header in REPRESENTATIVE_PARTS.items()}
        return parts if any(parts.values()) else None
    line = record.get("Représentant", "")
    if not line:
        return None
    if REPRESENTATIVE_NOTE not in parsed.notes:
        parsed.notes.append(REPRESENTATIVE_NOTE)
    return {"title": "", "name": line, "address": "", "email": "", "phone": ""}


def parse_own_xlsx(sheets_list: list[Sheet]) -> ParsedImport:
    """Read the activities of our own XLSX export."""
    sheets = {sheet.name: sheet for sheet in sheets_list}
    long_texts = _long_texts(sheets)
    parsed = ParsedImport(source="own_xlsx")
    rows = _records(sheets[FULL_SHEET], long_texts)
    if len(rows) > MAX_ACTIVITIES:
        raise ImportRefused(
            f"Le fichier contient {len(rows)} traitements, au-delà de la limite de "
            f"{MAX_ACTIVITIES} par import : découpez-le en plusieurs fichiers.")
    by_key: dict[tuple[str, str], dict] = {}
    for number, record in rows:
        data = {key: record.get(header, "") for header, key in SCALAR_COLUMNS.items()
                if header in record}
        for key, headers in DOCUMENT_COLUMNS.items():
            values = [record.get(header, "") for header in headers]
            data[key] = dict(zip(("title", "version", "url"), values)) if any(values) else None
        data["representative"] = _representative(record, parsed)
        data["hosting_processor_name"] = record.get("Hébergeur", "")
        for header, key in LIST_COLUMNS.items():
            data[key] = [part for part in record.get(header, "").split(JOIN) if part]
        for sheet_name, (key, _) in LONG_SHEETS.items():
            if sheet_name in sheets:
                data[key] = []
        reference_key = (record.get("UAI", ""), record.get("N° / RÉF", ""))
        if reference_key in by_key:
            parsed.problem(f"la référence « {reference_key[1]} » figure deux fois.",
                           sheet=FULL_SHEET, row=number)
            continue
        by_key[reference_key] = data
        parsed.add(data, f"Feuille « {FULL_SHEET} », ligne {number}")
    for sheet_name, (key, _) in LONG_SHEETS.items():
        if sheet_name not in sheets:
            continue
        mapping = ROW_COLUMNS[sheet_name]
        for number, record in _records(sheets[sheet_name], long_texts):
            target = by_key.get((record.get("UAI", ""), record.get("N° / RÉF", "")))
            if target is None:
                parsed.problem(f"la référence « {record.get('N° / RÉF', '')} » ne correspond à "
                               f"aucune ligne de « {FULL_SHEET} ».", sheet=sheet_name, row=number)
                continue
            row = {field: record.get(header, "") for header, field in mapping.items()}
            if key == "sub_purposes":
                target[key].append(row["text"])
                continue
            if key == "recipients":
                row["data_categories"] = [part for part in row["data_categories"].split(JOIN)
                                          if part]
            target[key].append(row)
    return parsed
