"""The GET form that picks two revisions to compare."""
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from registre.models import Revision

UNKNOWN_REVISION = "Cette version n'existe pas pour ce traitement."


class RevisionField(SelectField):
    """A revision number among the activity's revisions, with French messages."""

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = int(valuelist[0])
            except ValueError:
                self.data = None
                raise ValueError(UNKNOWN_REVISION) from None

    def pre_validate(self, form):
        if self.data is not None and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(UNKNOWN_REVISION)


class CompareForm(Form):
    """Choose the older (``de``) and newer (``a``) revision; no CSRF: it only reads."""

    de = RevisionField("Comparer la version", coerce=int,
                       validators=[InputRequired("Choisissez une version.")])
    a = RevisionField("avec la version", coerce=int,
                      validators=[InputRequired("Choisissez une version.")])

    def __init__(self, formdata, revisions: list[Revision]):
        super().__init__(formdata)
        choices = [SelectChoice(revision.number, f"n° {revision.number}")
                   for revision in revisions]
        self.de.choices = choices
        self.a.choices = choices
