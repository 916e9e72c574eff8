"""The activity form: every field a user edits (design §3), in the sections of the fiche.

This is THE definition of the input rules; the JSON API binds the same form (see
:mod:`registre.activities.form_json`). Its fields, labels, help texts and fieldsets come from
the fiche catalogue (:mod:`registre.fiche`) through :mod:`registre.activities.form_fields`;
the rows are in :mod:`registre.activities.row_forms`, the rules in
:mod:`registre.forms.validators`. Only the rules between fields are written here.
"""
import sqlalchemy as sa
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

from registre.activities.form_fields import catalogue_fields
from registre.activities.row_forms import ROW_FORMS
from registre.extensions import db
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Kind, Source
from registre.fiche.sections import SECTIONS
from registre.forms.fields import DateField, HiddenChoiceField, IntegerField, select_choices
from registre.forms.validators import (
    MAX_TEXT,
    CleanText,
    FrenchForm,
    IntegerRange,
    Required,
    nfc,
)
from registre.models import Activity, Organisation, Processor, Status


@catalogue_fields(FIELDS, ROW_FORMS)
class ActivityForm(FrenchForm):
    """Every field of an activity a user edits, in the order of the fiche's sections."""

    version = HiddenField()
    form_key = HiddenField()
    # The rules between fields that JSON Schema cannot state (it compares no two values):
    # the API's document says them in words.
    json_schema_notes = ("L'âge maximum est supérieur ou égal à l'âge minimum.",
                         "Un sous-traitant est désigné par l'identifiant d'un sous-traitant "
                         "du catalogue de l'académie.")

    def __init__(self, *args, organisation: Organisation, activity: Activity | None = None,
                 **kwargs):
        self.organisation = organisation
        self.activity = activity
        self.reference_taken = False
        super().__init__(*args, **kwargs)
        self.processor_choices = select_choices([("", "— Aucun —")] + [
            (str(processor.id), processor.name) for processor in db.session.scalars(
                sa.select(Processor).where(Processor.academie_id == organisation.academie_id)
                .order_by(Processor.name))])
        self.bind_choices()

    def bind_choices(self) -> None:
        """Give every processor select (including rows added later) the académie catalogue."""
        self.hosting_processor_id.choices = self.processor_choices
        for entry in self.recipients:
            entry.form.processor_id.choices = self.processor_choices

    def validate_reference(self, field):
        if not field.data:
            return
        query = sa.select(Activity.id).where(Activity.organisation_id == self.organisation.id,
                                             Activity.reference == field.data)
        if self.activity is not None and self.activity.id is not None:
            query = query.where(Activity.id != self.activity.id)
        if db.session.scalar(query) is not None:
            self.reference_taken = True  # the API answers 409: the body is right, the register full
            raise ValidationError(f"La référence « {field.data} » est déjà utilisée dans ce "
                                  "registre : choisissez-en une autre ou laissez vide.")

    def validate_max_age(self, field):
        if field.data is not None and self.min_age.data is not None \
                and self.min_age.data > field.data and not self.min_age.errors:
            raise ValidationError("L'âge maximum doit être supérieur ou égal à l'âge minimum.")

    def validate_version(self, field):
        if field.data and not field.data.isdigit():
            raise ValidationError("Version invalide : rechargez la fiche.")


# The sections of the form, in the order of the fiche: (anchor, legend, field names).
FIELDSETS = tuple(
    (section.anchor, section.title,
     tuple(field.key for field in section.fields if field.source is Source.EDITED))
    for section in SECTIONS if any(field.source is Source.EDITED for field in section.fields))

# Repeatable lists a user can add rows to and remove rows from.
ROW_LISTS = tuple(field.key for field in FIELDS if field.source is Source.EDITED
                  and field.kind in (Kind.ROWS, Kind.TEXT_LIST))


class TransitionForm(FrenchForm):
    """A workflow button on the fiche: the target status and what goes with it."""

    to = HiddenChoiceField("Nouveau statut", [Required("Statut demandé manquant.")],
                           choices=[(status.value, status.label) for status in Status],
                           optional=False)
    comment = TextAreaField("Commentaire", [CleanText(MAX_TEXT, multiline=True)],
                            filters=[nfc], default="")
    ended_on = DateField("Date de fin", description="Par défaut aujourd'hui.")
    acknowledge = BooleanField("J'ai pris connaissance de ces erreurs et je mets quand même "
                               "le traitement en service.")
    # The version read: a stale one is a conflict (409); a negative or non-integer one is
    # refused (422), never taken for "no version".
    version = IntegerField(widget=HiddenInput(), validators=[IntegerRange(
        0, 999_999_999, "La version est un nombre entier positif : celle de la fiche lue.")])


class SendBackForm(TransitionForm):
    """The fiche's "send back" button: the comment says what the writer must review."""

    comment = TextAreaField("Ce que le rédacteur doit revoir",
                            [Required("Expliquez au rédacteur ce qu'il doit revoir."),
                             CleanText(MAX_TEXT, multiline=True)],
                            filters=[nfc], default="", render_kw={"rows": 3})


class EndForm(TransitionForm):
    """The fiche's "end" button: the end date and an optional comment."""

    ended_on = DateField("Date de fin", description="La fiche reste dans le registre et son "
                         "historique, au statut « Terminé ».")
    comment = TextAreaField("Commentaire (facultatif)", [CleanText(MAX_TEXT, multiline=True)],
                            filters=[nfc], default="", render_kw={"rows": 2})
