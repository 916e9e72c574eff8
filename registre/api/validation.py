"""Validation of API bodies by the web forms themselves (one definition of the input rules)."""
from werkzeug.datastructures import MultiDict

from registre.activities.form_data import form_to_activity_data
from registre.activities.form_json import form_from_json, json_form_errors
from registre.activities.forms import TransitionForm
from registre.api.errors import ApiError
from registre.models import Activity, Organisation

TRANSITION_KEYS = {"to": str, "comment": str, "ended_on": str, "acknowledge": bool,
                   "version": int}
_TYPE_NAMES = {str: "un texte", bool: "true ou false", int: "un nombre entier"}


def validate_activity_payload(payload: dict, organisation: Organisation,
                              activity: Activity | None = None) -> dict:
    """Return the activity data of a JSON body, or refuse it (422) with per-field messages.

    For an update, keys left out keep their current values (see ``form_from_json``).
    """
    form = form_from_json(payload, organisation, activity)
    errors = json_form_errors(form)
    if errors and set(errors) == {"reference"} and form.reference_taken:
        # Another fiche of the register holds it: a conflict with the register as it is now.
        raise ApiError(409, errors["reference"], errors)
    if errors:
        raise ApiError(422, "La fiche n'a pas été enregistrée : corrigez les champs "
                            "signalés dans « fields ».", errors)
    return form_to_activity_data(form)


def validate_transition_payload(payload: dict) -> TransitionForm:
    """Bind the fiche's workflow form to a JSON body; refuse it (422) when invalid."""
    errors: dict[str, str] = {}
    formdata = MultiDict()
    for key, value in payload.items():
        expected = TRANSITION_KEYS.get(key)
        if expected is None:
            errors[key] = "Champ inconnu : retirez-le ou vérifiez son nom."
        elif value is None:
            continue
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            errors[key] = f"Valeur de type incorrect : {_TYPE_NAMES[expected]} attendu."
        elif expected is bool:
            if value:
                formdata.add(key, "y")
        else:
            formdata.add(key, str(value))
    form = TransitionForm(formdata=formdata, meta={"csrf": False})
    if not form.validate() or errors:
        errors.update({name: " ".join(messages) for name, messages in form.errors.items()
                       if name in TRANSITION_KEYS})
        raise ApiError(422, "Le changement de statut n'a pas été fait : corrigez les champs "
                            "signalés dans « fields ».", errors)
    return form
