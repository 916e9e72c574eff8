"""Helpers shared by the import tests: counting rows, building CNIL-like workbooks."""
import io
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook

from registre.extensions import db
from registre.models import Activity, Revision

CNIL_ODS = Path(__file__).parent / "data" / "cnil-registre-traitement-simplifie-2019.ods"


def counts() -> tuple[int, int]:
    """Number of activities and revisions in the database."""
    return (db.session.scalar(sa.select(sa.func.count()).select_from(Activity)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Revision)))


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx file with the given sheets (rows of cell values, row 1 first)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cnil_fiche_rows(*, blank_lines: int = 0, subject: str = "Salariés",
                    recipient: str = "Sous-traitants", guarantee: str = "Clauses contractuelles types (CCT)",
                    country: str = "Andorre", measure: str = "Chiffrement des données") -> list[list]:
    """A CNIL fiche with the sections in the model's order, shifted by ``blank_lines``."""
    gap = [[]] * blank_lines
    return [
        ["Fiche de registre", None, None, None, None, None, None, "R-7"],
        *gap,
        ["Aide…\nDescription du traitement"],
        ["Nom du traitement", "Cantine scolaire"],
        ["N° / RÉF", "R-7"],
        *gap,
        ["Acteurs", "Nom", "Adresse", "Code Postal", "Ville", "Pays", "Téléphone", "Adresse mél"],
        ["Représentant", "Jean Repr", "3 rue X", "75001", "Paris", "France", "01", "r@x.fr"],
        ["Responsable(s) conjoint(s)", "Mairie", "Place", "78000", "Versailles", "France", "02",
         "m@v.fr"],
        *gap,
        ["Texte d'aide\nFinalité(s) du traitement effectué"],
        ["Finalité principale", "Gérer la restauration"],
        ["Sous-finalité 1", "Facturer les repas"],
        ["Sous-finalité 2", None],
        *gap,
        ["Catégories de données personnelles concernées", "Description", None, None,
         "Durée de conservation"],
        ["Vie personnelle (habitudes de vie, situation familiale, etc.)", "Régime", None, None,
         "Fin de l'année scolaire"],
        ["Données de localisation (déplacements, données GPS, GSM, etc.)", "Badge", None, None,
         "3 mois"],
        ["Aide\nDonnées sensibles", "Description", None, None, "Durée de conservation"],
        ["Données concernant la santé", "Allergies (PAI)", None, None, "1 an"],
        ["Catégories de personnes concernées", "Description", None, None, "Précisions"],
        ["Catégorie de personnes 1", subject, None, None, "demi-pensionnaires"],
        ["Destinataires", "Type de destinataire", None, None, "Précisions"],
        ["Destinataire 1", recipient, None, None, "Prestataire de restauration"],
        ["Mesures de sécurité", "Type de mesure de sécurité", None, None, "Précisions"],
        ["Mesure de sécurité 1", measure, None, None, "Disque chiffré"],
        ["Transferts hors UE", "Destinataire", "Pays", "Type de Garanties", None,
         "Liens vers la documentation"],
        ["Organisme destinataire 1", "Hébergeur", country, guarantee, None, "https://x.test/cct"],
    ]
