"""Issue 11 point 14: the PDF list of activities breaks no word across lines (an auditor reads
« Établisse-/ment », « Restaura-/tion » otherwise): the list columns wrap between words."""
import subprocess

import pytest

from registre.extensions import db
from registre.models import Role
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.job_helpers import academie_export
from tests.support import require_tool

NAMES = ["Restauration scolaire et facturation", "Environnement numérique de travail",
         "Vidéoprotection des abords", "Inscriptions administratives"]
PURPOSE = ("Gérer les inscriptions, la facturation et les régimes alimentaires particuliers "
           "des demi-pensionnaires, conformément au règlement intérieur.")


@pytest.fixture
def academie(app):
    academie = make_academie(name="Versailles")
    for school in ("Lycée polyvalent Jean-Baptiste-de-La-Salle", "Collège Marcel-Pagnol"):
        organisation = make_organisation(academie, name=school)
        for name in NAMES:
            make_activity(organisation, status="en_service", name=name, purpose=PURPOSE)
    auditor = make_user(Role.AUDITEUR, academie=academie)
    db.session.commit()
    return academie, auditor


def test_pdf_list_columns_break_no_word(client, login, academie):
    require_tool("pdftotext", "lecture des exports PDF")
    academie, auditor = academie
    login(auditor)
    pdf = academie_export(client, academie.code, "pdf")
    # Page 2 on: the list of activities (an académie's PDF has no fiche pages).
    text = subprocess.run(["pdftotext", "-f", "2", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # A line may end after a hyphen of the text (Jean-/Baptiste), which pdftotext joins back
    # without it: hyphens are left out of the comparison, every other word must be whole.
    words = {word.strip(",.()").replace("-", "") for line in lines for word in line.split()}
    expected = {word.strip(",.").replace("-", "")
                for text in [*NAMES, PURPOSE, "Établissement", "Dernière mise à jour de la fiche",
                             "Lycée polyvalent Jean-Baptiste-de-La-Salle", "Collège Marcel-Pagnol",
                             "En service", "Données sensibles ?"]
                for word in text.split()}
    assert expected - words == set(), "\n".join(lines)
