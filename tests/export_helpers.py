"""Shared set-up of the export tests: a register with tricky texts, and file readers."""
import csv
import io

from registre.exports.render import write_export
from registre.exports.services import organisation_context
from registre.extensions import db
from registre.models import Role
from tests.factories import make_academie, make_activity, make_organisation, make_user

# Texts a spreadsheet could take for formulas; each must come back literally.
FORMULA_TEXTS = ["=1+1", "@SUM(A1)", "+33 6 12 34 56 78", "-2", "＝1+1", "\tTab", "#N/A"]


def make_register():
    """An académie with two organisations; the first holds tricky activities."""
    academie = make_academie(name="Versailles")
    organisation = make_organisation(academie, name="Collège Jean Moulin")
    other = make_organisation(academie, name="Lycée Hoche")
    activities = [make_activity(organisation, status="en_service", name=text,
                                purpose=f"Finalité {index}", software=text)
                  for index, text in enumerate(FORMULA_TEXTS)]
    activities.append(make_activity(
        organisation, status="en_service", name="Espaces  et\nlignes", reference="R-SP",
        purpose=" espace en tête, double  espace\net retour", internal_notes="ok"))
    draft = make_activity(organisation, status="brouillon", name="Brouillon secret")
    make_activity(other, status="en_service", name="Cantine du lycée")
    auditor = make_user(Role.AUDITEUR, academie=academie)
    db.session.commit()
    return academie, organisation, other, activities, draft, auditor


def read_csv(data: bytes) -> list[list[str]]:
    """Read our CSV (BOM, ``;``) with the standard library."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def export_file(organisation, fmt: str) -> bytes:
    """The organisation's export (every status) as written by ``registre.exports``."""
    buffer = io.BytesIO()
    write_export(organisation_context(organisation, None, None), fmt, buffer)
    return buffer.getvalue()
