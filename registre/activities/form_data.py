"""Conversions between the activity form and the dictionary form of an activity."""
from datetime import date

from wtforms import FieldList, FormField

from registre.activities.form_fields import ProcessorField
from registre.activities.forms import ActivityForm
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Kind, Source
from registre.fiche.serialization import activity_to_dict
from registre.forms.fields import RowForm, TriStateField
from registre.forms.validators import blank
from registre.models import Activity, Organisation

# Sub-forms that are None in the dictionary form when left empty (the controller never is).
_NULLABLE_OBJECTS = tuple(entry for entry in FIELDS if entry.kind is Kind.OBJECT
                          and entry.source is Source.EDITED and entry.nullable)
_NOT_EDITED = {"version", "form_key", "csrf_token"}


def _value(field):
    """The dictionary value of one field (dates as ISO text, empty choices as their default)."""
    if isinstance(field, (TriStateField, ProcessorField)):
        return field.value
    if isinstance(field, FormField):
        return _row_data(field.form)
    if isinstance(field, FieldList):
        values = []
        for entry in field.entries:
            if isinstance(entry, FormField):
                if not entry.form.is_blank():
                    values.append(_row_data(entry.form))
            elif not blank(entry.data):
                values.append(entry.data)
        return values
    data = field.data
    if isinstance(data, date):
        return data.isoformat()
    if field.type == "ChoiceField" and data == "":
        # No answer is the field's default (« inconnu » for a three-state), never NULL.
        return field.default
    return data


def _row_data(form: RowForm) -> dict:
    return {name: _value(field) for name, field in form._fields.items()}


def form_to_activity_data(form: ActivityForm) -> dict:
    """Return the validated form as activity data for :func:`apply_activity_data`."""
    data = {name: _value(field) for name, field in form._fields.items()
            if name not in _NOT_EDITED}
    for entry in _NULLABLE_OBJECTS:
        if all(blank(value) for value in data[entry.key].values()):
            data[entry.key] = None
    return data


def activity_to_form_data(activity: Activity) -> dict:
    """Return the activity as ``data=`` for :class:`ActivityForm` (the edit form's values)."""
    data = activity_to_dict(activity)
    for entry in _NULLABLE_OBJECTS:
        data[entry.key] = data[entry.key] or dict.fromkeys(entry.table.keys, "")
    data["version"] = str(activity.version)
    return {key: value for key, value in data.items()
            if key in ActivityForm.__dict__ or key in ("version",)}


def default_controller(organisation: Organisation) -> dict:
    """The organisation's controller, which a new fiche starts from (design §3, Actors)."""
    return {"title": organisation.controller_title, "name": organisation.controller_name,
            "address": " ".join(part for part in (organisation.address,
                                                  organisation.postal_code,
                                                  organisation.commune) if part),
            "email": organisation.controller_email, "phone": organisation.controller_phone}
