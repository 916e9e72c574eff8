"""The GET form that picks two revisions to compare."""
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from registre.models.revision import RevisionMixin

UNKNOWN_REVISION = "Cette version n'existe pas pour ce traitement."


class RevisionField(SelectField):
    """A revision number among the record's revisions, with French messages."""

    unknown_message = UNKNOWN_REVISION

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = int(valuelist[0])
            except ValueError:
                self.data = None
                raise ValueError(self.unknown_message) from None

    def pre_validate(self, form):
        if self.data is not None and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(self.unknown_message)


class CompareForm(Form):
    """Choose the older (``de``) and newer (``a``) revision; no CSRF: it only reads."""

    de = RevisionField("Comparer la version", coerce=int,
                       validators=[InputRequired("Choisissez une version.")])
    a = RevisionField("avec la version", coerce=int,
                      validators=[InputRequired("Choisissez une version.")])

    def __init__(self, formdata, revisions: list[RevisionMixin],
                 unknown_message: str = UNKNOWN_REVISION):
        super().__init__()
        choices = [SelectChoice(revision.number, f"n° {revision.number}")
                   for revision in revisions]
        for field in (self.de, self.a):
            field.choices = choices
            field.unknown_message = unknown_message
        self.process(formdata)
