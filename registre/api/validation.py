"""Validation of API bodies by the web form itself (one definition of the input rules)."""
from registre.activities.form_data import form_to_activity_data
from registre.activities.form_json import form_from_json, json_form_errors
from registre.api.errors import ApiError
from registre.models import Activity, Organisation


def validate_activity_payload(payload: dict, organisation: Organisation,
                              activity: Activity | None = None) -> dict:
    """Return the activity data of a JSON body, or refuse it (422) with per-field messages.

    For an update, keys left out keep their current values (see ``form_from_json``).
    """
    form = form_from_json(payload, organisation, activity)
    errors = json_form_errors(form)
    if errors:
        raise ApiError(422, "La fiche n'a pas été enregistrée : corrigez les champs "
                            "signalés dans « fields ».", errors)
    return form_to_activity_data(form)


def validate_transition_payload(payload: dict):
    raise ApiError(501)
