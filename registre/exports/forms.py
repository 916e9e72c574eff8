"""The académie export form: format, statuses and date; the rules are the export's own."""
from wtforms import StringField
from wtforms.validators import StopValidation

from registre.exports.services import (
    FORMATS,
    STATUS_ALL,
    ExportError,
    parse_as_of,
    parse_status,
)
from registre.forms.fields import ChoiceField
from registre.forms.validators import FrenchForm
from registre.models import Status

FORMAT_LABELS = {"xlsx": "Excel (XLSX)", "ods": "OpenDocument (ODS)", "csv": "CSV",
                 "json": "JSON", "pdf": "PDF"}
# In service first (the default, what the public page shows), then every status, then each.
STATUS_CHOICES = [(Status.EN_SERVICE.value, Status.EN_SERVICE.label),
                  (STATUS_ALL, "Tous les statuts"),
                  *((status.value, status.label)
                    for status in (Status.BROUILLON, Status.A_VALIDER, Status.TERMINE))]


class _Parsed:
    """Run an export parser as a validator, with its French message."""

    def __init__(self, parse):
        self.parse = parse

    def __call__(self, form, field):
        try:
            self.parse(field.data)
        except ExportError as error:
            raise StopValidation(str(error)) from None


class AcademieExportForm(FrenchForm):
    """Start the export of every register of an académie (a job)."""

    format = ChoiceField("Format", choices=[(fmt, FORMAT_LABELS[fmt]) for fmt in FORMATS],
                         optional=False)
    status = ChoiceField("Traitements", choices=STATUS_CHOICES, optional=False,
                         validators=[_Parsed(parse_status)])
    as_of = StringField("Registre tel qu'il était le (facultatif)",
                        validators=[_Parsed(parse_as_of)],
                        description="Laissez vide pour le registre actuel (AAAA-MM-JJ).")

    def params(self) -> dict:
        """The job's parameters (JSON)."""
        day = parse_as_of(self.as_of.data)
        return {"format": self.format.data, "status": parse_status(self.status.data),
                "as_of": day.isoformat() if day else None}
