"""Helpers of the activity form pages: blank rows, row buttons without JavaScript, conflicts."""
import re
import secrets

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, FieldList, FormField

from registre.activities.form_data import default_controller, form_to_activity_data
from registre.activities.form_fields import ProcessorField
from registre.activities.forms import FIELDSETS, ROW_LISTS, ActivityForm
from registre.dates import format_date
from registre.fiche.serialization import activity_to_dict
from registre.forms.fields import (
    ChoiceField,
    DateField,
    MultiCheckboxField,
    RowForm,
    TriStateField,
)
from registre.forms.validators import blank
from registre.models import Activity, Organisation

# Lists that start with one empty row on a new fiche: the art. 30 elements.
STARTING_ROWS = ("legal_bases", "subject_categories", "data_categories", "recipients",
                 "security_measures")
_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Form names are ASCII (``data_categories-2-category``, ``art9_condition``: a digit may
# follow the first letter); anything else is not ours.
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}(-([0-9]{1,4}|[a-z][a-z0-9_]{0,39})){0,3}")


def new_form_data(organisation: Organisation) -> dict:
    """Initial values of a new fiche: the organisation's controller, one row per key list."""
    data = {name: [{}] for name in STARTING_ROWS}
    data["controller"] = default_controller(organisation)
    return data


def clean_formdata(formdata: MultiDict) -> MultiDict:
    """Keep only well-formed field names (row indices in ASCII digits, at most 4 of them)."""
    return MultiDict([(key, value) for key, value in formdata.items(multi=True)
                      if _FIELD_NAME.fullmatch(key)])


def new_form_key() -> str:
    """A one-time key for a creation form (unguessable)."""
    return secrets.token_urlsafe(24)


def valid_form_key(key: str | None) -> str | None:
    """The creation form's one-time key when well formed, else None."""
    return key if key and _FORM_KEY.fullmatch(key) else None


def _autofocus(field) -> None:
    target = next(iter(field.form), None) if isinstance(field, FormField) else field
    if target is not None:
        target.render_kw = {**(target.render_kw or {}), "autofocus": True}


def apply_row_button(form: ActivityForm, formdata: MultiDict) -> str | None:
    """Add or remove a row when an "Ajouter" / "Retirer" button was pressed.

    Returns a French message saying what was done, or None when no row button was pressed.
    """
    added, removed = formdata.get("add_row"), formdata.get("remove_row")
    if added in ROW_LISTS:
        rows = form[added]
        if len(rows.entries) >= rows.max_entries:
            return f"Pas plus de {rows.max_entries} lignes dans cette liste."
        entry = rows.append_entry()
        form.bind_choices()
        _autofocus(entry)
        return f"Ligne ajoutée : {rows.label.text}."
    if removed:
        name, _, index = removed.rpartition("-")
        if name in ROW_LISTS and index.isdigit() and int(index) < len(form[name].entries):
            form[name].pop_entry(int(index))
            return f"Ligne retirée : {form[name].label.text}."
        return "Cette ligne n'existe plus."
    return None


def row_prototypes(form: ActivityForm) -> dict:
    """A blank row of each list, named ``list-__INDEX__``, cloned by activity-form.js."""
    prototypes = {}
    for name in ROW_LISTS:
        rows = form[name]
        field = form.meta.bind_field(form, rows.unbound_field, {
            "name": f"{rows.name}-__INDEX__", "id": f"{rows.id}-__INDEX__",
            "_meta": form.meta, "translations": rows._translations})
        field.process(None)
        if name == "recipients":
            field.form.processor_id.choices = form.processor_choices
        prototypes[name] = field
    return prototypes


def _labels(field, processors: list) -> dict[str, str]:
    choices = processors if isinstance(field, ProcessorField) else \
        field._choices_from_input(field.choices) or []
    return {choice.value: choice.label for choice in choices}


def describe(field, value, processors: list):
    """A reader's description of a stored value, with the form's French labels."""
    if isinstance(field, FieldList):
        prototype = field.unbound_field
        if issubclass(prototype.field_class, FormField):
            sample = prototype.args[0]()
            return [describe(sample, item, processors) for item in value or []]
        return [str(item) for item in value or []]
    if isinstance(field, (FormField, RowForm)):
        form = field.form if isinstance(field, FormField) else field
        value = value or {}
        return " ; ".join(f"{sub.label.text} : {describe(sub, value.get(name), processors)}"
                          for name, sub in form._fields.items() if not blank(value.get(name)))
    if isinstance(field, TriStateField):
        return {True: "Oui", False: "Non"}.get(value, "Non renseigné")
    if isinstance(field, BooleanField):
        return "Oui" if value else "Non"
    if isinstance(field, MultiCheckboxField):
        labels = _labels(field, processors)
        return ", ".join(labels.get(str(item), str(item)) for item in value or [])
    if isinstance(field, ChoiceField):
        return _labels(field, processors).get("" if value is None else str(value), "")
    if isinstance(field, DateField):
        return format_date(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def conflict_rows(form: ActivityForm, stored: Activity) -> list[tuple[str, object, object]]:
    """The fields where the stored fiche and the user's input differ: (label, stored, yours)."""
    current = activity_to_dict(stored)
    yours = form_to_activity_data(form)
    rows = []
    for _, _, names in FIELDSETS:
        for name in names:
            if current.get(name) != yours.get(name):
                field = form[name]
                rows.append((field.label.text,
                             describe(field, current.get(name), form.processor_choices),
                             describe(field, yours.get(name), form.processor_choices)))
    return rows

