"""Forms of the import: the upload, then the confirmation (CSRF only: the payload stays server-side)."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField

from registre.forms.fields import select_choices
from registre.imports.references import CHOICES


class UploadForm(FlaskForm):
    file = FileField(
        "Fichier du registre",
        description="Export du registre (.xlsx ou .json) ou modèle de registre de la CNIL "
                    "rempli (.ods ou .xlsx), 5 Mo au plus.",
        validators=[FileRequired("Choisissez le fichier à importer."),
                    FileAllowed(["xlsx", "ods", "json"],
                                "Format non pris en charge : envoyez un fichier .xlsx, .ods "
                                "ou .json.")])


class ConfirmForm(FlaskForm):
    """Confirming or cancelling the previewed import; what to do with taken references."""

    references = RadioField("Fiches dont la référence existe déjà dans le registre",
                            choices=select_choices(CHOICES), validate_choice=False)

    @property
    def reference_choice(self) -> str | None:
        """The chosen way to settle taken references (None: not chosen or unknown)."""
        return self.references.data if self.references.data in dict(CHOICES) else None
