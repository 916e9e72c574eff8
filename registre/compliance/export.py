"""The académie's findings as CSV and XLSX: values only, never formulas."""
import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from registre.cells import safe_text_cell
from registre.compliance.dashboards import (
    AcademieMatrix,
    MatrixRow,
    academie_matrix,
    finding_details,
    sort_rows,
)
from registre.compliance.services import RULES
from registre.models import Academie

MATRIX_HEADER = ["UAI", "Établissement", "Commune", "Type", "Traitements en cours",
                 "Score (0-100)", "Erreurs", "Avertissements",
                 *(f"{title} ({rule})" for rule, title in RULES.items())]
DETAIL_HEADER = ["UAI", "Établissement", "N° / RÉF", "Traitement", "Statut", "Règle",
                 "Gravité", "Champ", "Constat", "Texte de référence"]


def _matrix_row(row: MatrixRow) -> list:
    organisation = row.organisation
    head = (["", "Total", "", ""] if organisation is None else
            [organisation.uai, organisation.name, organisation.commune, organisation.kind.label])
    return [*head, row.activity_count, row.score, row.errors, row.warnings,
            *(row.by_rule[rule] for rule in RULES)]


def matrix_csv(matrix: AcademieMatrix, rows: list[MatrixRow]) -> bytes:
    """The matrix as CSV: UTF-8 with BOM, ``;`` separated, totals last."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(MATRIX_HEADER)
    for row in [*rows, matrix.totals]:
        writer.writerow([safe_text_cell(value) for value in _matrix_row(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(sheet, value, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a string cell, even when the text looks like a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def matrix_xlsx(academie: Academie, key: str, descending: bool) -> bytes:
    """A workbook with the matrix (sheet « Matrice ») and every finding (sheet « Constats »)."""
    workbook = Workbook(write_only=True)
    matrix_sheet = workbook.create_sheet("Matrice")
    detail_sheet = workbook.create_sheet("Constats")
    detail_sheet.append([_cell(detail_sheet, title, bold=True) for title in DETAIL_HEADER])
    for values in finding_details(academie):
        detail_sheet.append([_cell(detail_sheet, value) for value in values])
    matrix = academie_matrix(academie)
    matrix_sheet.append([_cell(matrix_sheet, title, bold=True) for title in MATRIX_HEADER])
    for row in sort_rows(matrix.rows, key, descending):
        matrix_sheet.append([_cell(matrix_sheet, value) for value in _matrix_row(row)])
    matrix_sheet.append([_cell(matrix_sheet, value, bold=True)
                         for value in _matrix_row(matrix.totals)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
