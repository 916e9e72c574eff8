"""Forms of the directory import: the upload (file and optional code), then the confirmation."""
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Optional, Regexp

from registre.forms.validators import FrenchForm

MAX_DIRECTORY_MB = 100
MAX_DIRECTORY_BYTES = MAX_DIRECTORY_MB * 1024 * 1024


class DirectoryUploadForm(FrenchForm):
    """The ministry's CSV and, optionally, the académie's code in it."""

    file = FileField(
        "Fichier de l'Annuaire de l'éducation (CSV)",
        description=f"Le fichier CSV publié par le ministère (séparateur « ; »), "
                    f"{MAX_DIRECTORY_MB} Mo au plus.",
        validators=[FileRequired("Choisissez le fichier de l'annuaire."),
                    FileAllowed(["csv"], "Envoyez le fichier au format .csv.")])
    code_academie = StringField(
        "Code académie dans l'annuaire (facultatif)",
        description="Par défaut, les lignes retenues sont celles dont le libellé d'académie est "
                    "le nom de l'académie ; indiquez ici le code (par exemple 03) pour choisir "
                    "les lignes par « Code_academie ».",
        filters=[lambda value: (value or "").strip()],
        validators=[Optional(), Regexp(r"^[0-9]{1,3}$",
                                       message="Le code d'académie compte 1 à 3 chiffres.")])


class ConfirmForm(FrenchForm):
    """Confirming or cancelling the previewed import (CSRF only: the file stays server-side)."""
