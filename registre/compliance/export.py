"""The académie's findings as CSV and XLSX: values only, never formulas (registre/cells.py)."""
import io

from registre.audit.services import record_event
from registre.cells import BOM, csv_line
from registre.compliance.dashboards import (
    AcademieMatrix,
    MatrixRow,
    academie_matrix,
    finding_details,
    sort_rows,
)
from registre.compliance.services import RULES
from registre.models import Academie, AuditAction, User
from registre.xlsx import XlsxBook

MATRIX_HEADER = ["UAI", "Établissement", "Commune", "Type", "Traitements en cours",
                 "Score (0-100)", "Erreurs", "Avertissements",
                 *RULES.values()]
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
    lines = [csv_line(MATRIX_HEADER), *(csv_line(_matrix_row(row))
                                         for row in [*rows, matrix.totals])]
    return (BOM + "".join(lines)).encode("utf-8")


def matrix_xlsx(academie: Academie, key: str, descending: bool) -> bytes:
    """A workbook with the matrix (sheet « Matrice ») and every finding (sheet « Constats »)."""
    book = XlsxBook()
    matrix_sheet = book.add_sheet("Matrice")
    matrix_sheet.headers = tuple(MATRIX_HEADER)
    detail_sheet = book.add_sheet("Constats")
    detail_sheet.headers = tuple(DETAIL_HEADER)
    detail_sheet.append(DETAIL_HEADER, heading=True)
    for values in finding_details(academie):
        detail_sheet.append(values)
    matrix = academie_matrix(academie)
    matrix_sheet.append(MATRIX_HEADER, heading=True)
    for row in sort_rows(matrix.rows, key, descending):
        matrix_sheet.append(_matrix_row(row))
    matrix_sheet.append(_matrix_row(matrix.totals), heading=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def record_matrix_export(academie: Academie, fmt: str, sort_key: str, user: User) -> None:
    """Write the export of the compliance matrix in the audit log."""
    record_event(AuditAction.EXPORT, f"conformite:{academie.code}", user=user,
                 academie_id=academie.id, details=f"format={fmt}; tri={sort_key}")
