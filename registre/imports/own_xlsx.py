"""Our own XLSX export read back: "Vue complète" for the scalar fields, long sheets for rows.

Columns are found by their headers, never by position; every header is read from the fiche
catalogue (:mod:`registre.fiche`), with the ``aliases`` of each field: the headers of exports
written before a label changed, so that a file exported yesterday still imports.
Lists are taken from the long sheets (exact), not from the " | "-joined summary cells.
Texts longer than a cell are rebuilt from the "Textes longs" sheet. Labels are mapped back
to values by the validation step; processors are matched by name in the service.
"""
from collections import defaultdict

from registre.cells import LONG_TEXT_SHEET, join_long_text
from registre.exports.fields import part_header
from registre.exports.layout import FULL_SHEET, JOIN, LONG_SHEETS
from registre.fiche.fields import FIELDS, field, label
from registre.fiche.kinds import SCALAR_KINDS, Kind
from registre.imports.payload import ParsedImport
from registre.imports.safety import MAX_ACTIVITIES, ImportRefused
from registre.imports.spreadsheet import Sheet

_IMPORTED = tuple(entry for entry in FIELDS if entry.writable)
UAI, REFERENCE = label("uai"), label("reference")


def _processor_key(key: str) -> str:
    """Processors travel by name: ``hosting_processor_id`` is read as ``hosting_processor_name``."""
    return f"{key.removesuffix('_id')}_name"


# "Vue complète" header -> activity key (fields the system sets are not read back).
SCALAR_COLUMNS = {header: entry.key for entry in _IMPORTED
                  if entry.kind in SCALAR_KINDS and entry.kind is not Kind.PROCESSOR
                  for header in entry.headers}
PROCESSOR_COLUMNS = {header: _processor_key(entry.key) for entry in _IMPORTED
                     if entry.kind is Kind.PROCESSOR for header in entry.headers}
LIST_COLUMNS = {header: entry.key for entry in _IMPORTED
                if entry.kind in (Kind.ENUM_LIST, Kind.COUNTRY_LIST) for header in entry.headers}
# Objects (representative, notices): activity key -> {part: header}.
OBJECT_COLUMNS = {entry.key: {part.key: part_header(entry, part) for part in entry.table.fields}
                  for entry in _IMPORTED if entry.kind is Kind.OBJECT}
# Exports written before the representative had its own columns gave it on one line.
REPRESENTATIVE_NOTE = ("Ce fichier, exporté par une version antérieure, ne donne le représentant "
                       "que sur une ligne (« Représentant ») : elle est reprise telle quelle "
                       "dans son nom ; vérifiez ses coordonnées.")


def _row_columns(key: str) -> dict[str, str]:
    """Long sheet header -> row key, for the rows of the activity field ``key``."""
    entry = field(key)
    if entry.kind is Kind.TEXT_LIST:
        return {entry.item_label: "text"}
    return {header: _processor_key(column.key) if column.kind is Kind.PROCESSOR else column.key
            for column in entry.table.fields for header in column.headers}


ROW_COLUMNS = {sheet: _row_columns(key) for sheet, (key, _) in LONG_SHEETS.items()}
_SPLIT_COLUMNS = {key: {column.key for column in field(key).table.fields
                        if column.kind is Kind.ENUM_LIST}
                  for _, (key, _) in LONG_SHEETS.items() if field(key).table is not None}


def is_own_export(sheets: list[Sheet]) -> bool:
    """True when the workbook has our "Vue complète" sheet with its key headers."""
    for sheet in sheets:
        if sheet.name == FULL_SHEET and sheet.rows:
            return {REFERENCE, label("name")} <= set(sheet.rows[0])
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


def _pick(record: dict[str, str], columns: dict[str, str]) -> dict[str, str]:
    """{key: text} of the columns present in a record (the label before older headers)."""
    found: dict[str, str] = {}
    for header, key in columns.items():
        if header in record:
            found.setdefault(key, record[header])
    return found


def _object(key: str, record: dict[str, str], parsed: ParsedImport) -> dict | None:
    """Read an object from its part columns (an older one-line representative as its name)."""
    headers = OBJECT_COLUMNS[key]
    if any(header in record for header in headers.values()):
        parts = {part: record.get(header, "") for part, header in headers.items()}
        return parts if any(parts.values()) else None
    line = record.get(label(key), "") if key == "representative" else ""
    if not line:
        return None
    if REPRESENTATIVE_NOTE not in parsed.notes:
        parsed.notes.append(REPRESENTATIVE_NOTE)
    return {part: line if part == "name" else "" for part in headers}


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
        data = _pick(record, SCALAR_COLUMNS)
        for key in OBJECT_COLUMNS:
            data[key] = _object(key, record, parsed)
        data.update(dict.fromkeys(PROCESSOR_COLUMNS.values(), "")
                    | _pick(record, PROCESSOR_COLUMNS))
        lists = dict.fromkeys(LIST_COLUMNS.values(), "") | _pick(record, LIST_COLUMNS)
        data.update({key: [part for part in text.split(JOIN) if part]
                     for key, text in lists.items()})
        for sheet_name, (key, _) in LONG_SHEETS.items():
            if sheet_name in sheets:
                data[key] = []
        reference_key = (record.get(UAI, ""), record.get(REFERENCE, ""))
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
            target = by_key.get((record.get(UAI, ""), record.get(REFERENCE, "")))
            if target is None:
                parsed.problem(f"la référence « {record.get(REFERENCE, '')} » ne correspond à "
                               f"aucune ligne de « {FULL_SHEET} ».", sheet=sheet_name, row=number)
                continue
            row = dict.fromkeys(mapping.values(), "") | _pick(record, mapping)
            if key == "sub_purposes":
                target[key].append(row["text"])
                continue
            for column in _SPLIT_COLUMNS.get(key, ()):
                row[column] = [part for part in row[column].split(JOIN) if part]
            target[key].append(row)
    return parsed
