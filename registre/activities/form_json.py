"""The activity form fed from JSON, so that the API applies exactly the form's input rules.

``form_from_json`` flattens a JSON activity (``legal_bases: [{"basis": …}]`` becomes
``legal_bases-0-basis``) into form data and binds :class:`ActivityForm` without CSRF;
``form_errors_to_json`` turns the form's errors into ``{"legal_bases[0].basis": "…"}``.
"""
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, FieldList, FormField
from wtforms import IntegerField as WTFIntegerField
from wtforms.fields.core import UnboundField

from registre.activities.form_data import default_controller
from registre.activities.forms import ActivityForm
from registre.fiche.fields import FIELDS, FIELDS_BY_KEY
from registre.fiche.kinds import Source
from registre.fiche.serialization import activity_to_dict
from registre.forms.fields import CountryListField, IntegerField, MultiCheckboxField, TriStateField
from registre.models import Activity, Organisation

# Keys a client may send back unchanged although they are not edited (GET output).
_READ_ONLY_KEYS = frozenset(FIELDS_BY_KEY) | {"form_key"}


# What a new activity gets when the JSON leaves these out (the web form shows the same).
CREATION_DEFAULTS = {entry.key: entry.default for entry in FIELDS
                     if entry.source is Source.EDITED and entry.default is not None}


def _unbound_fields(form_class) -> dict[str, UnboundField]:
    return {name: value for klass in reversed(form_class.__mro__)
            for name, value in vars(klass).items() if isinstance(value, UnboundField)}


def _type_error(errors: dict, path: str, expected: str) -> None:
    errors[path] = f"Valeur de type incorrect : {expected} attendu."


def _flatten_scalar(unbound: UnboundField, value, name: str, out: MultiDict, errors: dict,
                    path: str) -> None:
    field_class = unbound.field_class
    if value is None:
        if not issubclass(field_class, (MultiCheckboxField, CountryListField)):
            out.add(name, "")
        return
    if issubclass(field_class, (MultiCheckboxField, CountryListField)):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return _type_error(errors, path, "une liste de textes")
        for item in value:
            out.add(name, item)
        return
    if issubclass(field_class, BooleanField):
        if not isinstance(value, bool):
            return _type_error(errors, path, "true ou false")
        out.add(name, "true" if value else "false")
        return
    if issubclass(field_class, TriStateField):
        if not isinstance(value, bool):
            return _type_error(errors, path, "true, false ou null")
        out.add(name, "oui" if value else "non")
        return
    if issubclass(field_class, (IntegerField, WTFIntegerField)):
        if isinstance(value, bool) or not isinstance(value, int):
            return _type_error(errors, path, "un nombre entier")
        out.add(name, str(value))
        return
    if name.endswith("processor_id"):
        if isinstance(value, bool) or not isinstance(value, int):
            return _type_error(errors, path, "l'identifiant (nombre entier) d'un sous-traitant")
        out.add(name, str(value))
        return
    if not isinstance(value, str):
        return _type_error(errors, path, "un texte")
    out.add(name, value)


def _flatten(form_class, payload: dict, prefix: str, out: MultiDict, errors: dict,
             path_prefix: str, top: bool) -> None:
    fields = _unbound_fields(form_class)
    for key, value in payload.items():
        path = f"{path_prefix}{key}"
        unbound = fields.get(key)
        if top and key == "version":
            if isinstance(value, bool) or not isinstance(value, int | None):
                _type_error(errors, path, "un nombre entier")
            elif value is not None:
                out.add(key, str(value))
            continue
        if top and key == "form_key":
            continue
        if unbound is None:
            if not (top and key in _READ_ONLY_KEYS):
                errors[path] = "Champ inconnu : retirez-le ou vérifiez son nom."
            continue
        name = f"{prefix}{key}"
        if issubclass(unbound.field_class, FormField):
            if value is None:
                continue
            if not isinstance(value, dict):
                _type_error(errors, path, "un objet")
                continue
            _flatten(unbound.args[0], value, f"{name}-", out, errors, f"{path}.", False)
        elif issubclass(unbound.field_class, FieldList):
            if value is None:
                value = []
            if not isinstance(value, list):
                _type_error(errors, path, "une liste")
                continue
            inner = unbound.args[0]
            for index, item in enumerate(value):
                item_path = f"{path}[{index}]"
                if issubclass(inner.field_class, FormField):
                    if not isinstance(item, dict):
                        _type_error(errors, item_path, "un objet")
                        continue
                    _flatten(inner.args[0], item, f"{name}-{index}-", out, errors,
                             f"{item_path}.", False)
                else:
                    _flatten_scalar(inner, item, f"{name}-{index}", out, errors, item_path)
        else:
            _flatten_scalar(unbound, value, name, out, errors, path)


def json_to_formdata(payload: dict, form_class=ActivityForm) -> tuple[MultiDict, dict[str, str]]:
    """Flatten a JSON object into ``form_class``'s form data (an activity by default); also
    return the type errors found on the way."""
    out: MultiDict = MultiDict()
    errors: dict[str, str] = {}
    if not isinstance(payload, dict):
        return out, {"": "Un objet JSON (une fiche) est attendu."}
    _flatten(form_class, payload, "", out, errors, "", True)
    return out, errors


def form_from_json(payload: dict, organisation: Organisation,
                   activity: Activity | None = None) -> ActivityForm:
    """Bind the activity form to a JSON activity (CSRF off: the API authenticates by token).

    With ``activity``, keys missing from ``payload`` keep the activity's current values.
    Call ``form.validate()`` then :func:`form_errors_to_json`.
    """
    if isinstance(payload, dict):
        if activity is not None:
            current = activity_to_dict(activity)
            # Never the version: a client that does not send it must not skip the check.
            base = {key: current[key] for key in current
                    if key in _unbound_fields(ActivityForm) and key not in ("version", "form_key")}
        else:
            base = {**CREATION_DEFAULTS, "controller": default_controller(organisation)}
        payload = {**base, **payload}
    formdata, type_errors = json_to_formdata(payload)
    # A present but empty form data must still count as submitted (unchecked booleans).
    formdata.add("_json", "1")
    form = ActivityForm(formdata=formdata, organisation=organisation, activity=activity,
                        meta={"csrf": False})
    form.json_type_errors = type_errors
    return form


def _collect(errors, path: str, out: dict[str, str]) -> None:
    if isinstance(errors, dict):
        for key, value in errors.items():
            _collect(value, f"{path}.{key}" if path else key, out)
    elif isinstance(errors, list):
        messages = [item for item in errors if isinstance(item, str)]
        if messages:
            out[path] = " ".join(messages)
        for index, item in enumerate(errors):
            if isinstance(item, (dict, list)) and item:
                _collect(item, f"{path}[{index}]", out)


def form_errors_to_json(form: ActivityForm) -> dict[str, str]:
    """Map the form's errors to JSON field paths: ``{"legal_bases[0].basis": "…"}``."""
    out: dict[str, str] = {}
    _collect(form.errors, "", out)
    out.update(getattr(form, "json_type_errors", {}))
    return out


def json_form_errors(form: ActivityForm) -> dict[str, str]:
    """Validate a form bound by :func:`form_from_json`; return its errors ({} when valid)."""
    valid = form.validate()
    errors = form_errors_to_json(form)
    return {} if valid and not errors else errors
