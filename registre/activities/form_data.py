"""Conversions between the activity form and the dictionary form of an activity."""
from datetime import date

from wtforms import FieldList, FormField

from registre.activities.form_fields import ProcessorField
from registre.activities.forms import ActivityForm
from registre.fiche.serialization import CONTACT_KEYS, DOCUMENT_KEYS, activity_to_dict
from registre.forms.fields import RowForm, TriStateField
from registre.forms.validators import blank
from registre.models import Activity, Organisation

# Sub-forms stored as an object in the dictionary form (None when left empty).
OBJECT_FIELDS = ("controller", "representative", "information_notice", "consent_text")
_NOT_EDITED = {"version", "form_key", "csrf_token"}


def _value(field):
    """The dictionary value of one field (dates as ISO text, empty choices as None)."""
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
        return None
    return data


def _row_data(form: RowForm) -> dict:
    return {name: _value(field) for name, field in form._fields.items()}


def form_to_activity_data(form: ActivityForm) -> dict:
    """Return the validated form as activity data for :func:`apply_activity_data`."""
    data = {name: _value(field) for name, field in form._fields.items()
            if name not in _NOT_EDITED}
    data["representative"] = data["representative"] if any(
        not blank(value) for value in data["representative"].values()) else None
    for key in ("information_notice", "consent_text"):
        if all(blank(value) for value in data[key].values()):
            data[key] = None
    return data


def activity_to_form_data(activity: Activity) -> dict:
    """Return the activity as ``data=`` for :class:`ActivityForm` (the edit form's values)."""
    data = activity_to_dict(activity)
    data["representative"] = data["representative"] or dict.fromkeys(CONTACT_KEYS, "")
    for key in ("information_notice", "consent_text"):
        data[key] = data[key] or dict.fromkeys(DOCUMENT_KEYS, "")
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
