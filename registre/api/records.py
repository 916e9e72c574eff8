"""JSON bodies of the other registers (breaches, rights requests) bound to their web forms.

The same conventions as the activity API: the web form's rules, per-field French messages
(422), keys left out of a ``PUT`` keep their value, ``version`` required (409 when stale),
read-only keys sent back unchanged are ignored.
"""
from collections.abc import Callable

from flask import Blueprint, jsonify
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from werkzeug.exceptions import HTTPException

from registre.activities.form_json import json_form_errors, json_to_formdata
from registre.api.auth import api_rate_limit, api_user, authenticate_request
from registre.api.errors import ApiError, json_http_error
from registre.errors import handle_unexpected_error
from registre.extensions import csrf, db
from registre.forms.validators import REFERENCE_TAKEN
from registre.links import external_url

# Lists of fiches, sent as their ids (integers); the forms' checkboxes carry them as text.
ID_LISTS = ("activities",)
_IDS_EXPECTED = "Valeur de type incorrect : une liste d'identifiants (nombres entiers) attendue."
_VERSION_EXPECTED = "Valeur de type incorrect : un nombre entier attendu."


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_errors(payload: dict) -> dict[str, str]:
    """The keys of ``payload`` whose type the form cannot read as the API documents it."""
    errors = {key: _IDS_EXPECTED for key in ID_LISTS if payload.get(key) is not None
              and not (isinstance(payload[key], list) and all(map(_whole, payload[key])))}
    if payload.get("version") is not None and not _whole(payload["version"]):
        errors["version"] = _VERSION_EXPECTED
    return errors


def _same(left, right) -> bool:
    return left == right or (left in (None, "", []) and right in (None, "", []))


def bind_record_form(form_class, payload: dict, current: dict, read_only: set[str],
                     restricted: tuple[str, ...] = (), may_decide: bool = True,
                     **form_kwargs):
    """Return ``form_class`` bound to ``current`` updated by ``payload``, validated.

    ``restricted`` keys belong to deciders: another role may send them back unchanged (they
    are ignored) but not change them (403).
    """
    type_errors = _type_errors(payload)
    payload = {key: value for key, value in payload.items()
               if key not in read_only and key not in type_errors}
    if not may_decide:
        changed = [key for key in restricted
                   if key in payload and not _same(payload[key], current.get(key))]
        if changed:
            raise ApiError(403, "Votre rôle ne permet pas de renseigner ces champs, réservés "
                                "au responsable de traitement et au DPD.",
                           dict.fromkeys(changed, "Champ réservé au responsable de "
                                                  "traitement et au DPD."))
        payload = {key: value for key, value in payload.items() if key not in restricted}
        current = {key: value for key, value in current.items() if key not in restricted}
    merged = {key: value for key, value in current.items() if key not in read_only}
    merged.update(payload)
    for key in ID_LISTS:
        if isinstance(merged.get(key), list):
            merged[key] = [str(item) for item in merged[key]]
    formdata, more_errors = json_to_formdata(merged, form_class)
    formdata.add("_json", "1")
    form = form_class(formdata=formdata, meta={"csrf": False}, **form_kwargs)
    form.json_type_errors = {**more_errors, **type_errors}
    errors = json_form_errors(form)
    if errors:
        raise ApiError(422, "L'enregistrement n'a pas été fait : corrigez les champs "
                            "signalés dans « fields ».", errors)
    return form


def required_version(payload: dict) -> int:
    """The ``version`` of a ``PUT`` body, or a 422 refusal."""
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ApiError(422, "Indiquez la version que vous avez lue.",
                       {"version": "Champ obligatoire : la version lue (nombre entier)."})
    return version


def refuse_stale(record, to_dict, noun: str):
    """Answer 409 with the record as it is now, so that the client can merge."""
    db.session.rollback()
    try:
        db.session.refresh(record)
    except InvalidRequestError:  # deleted meanwhile
        raise ApiError(404) from None
    raise ApiError(409, f"{noun} a été modifiée entre-temps : la version actuelle est "
                        f"{record.version}. Relisez-la et appliquez de nouveau vos "
                        "modifications.",
                   {"version": f"La version actuelle est {record.version}."},
                   current_version=record.version, current=to_dict(record))


def register_blueprint(name: str, import_name: str) -> Blueprint:
    """The blueprint of a register's API: bearer token, rate limit, no CSRF, JSON errors."""
    bp = Blueprint(name, import_name, url_prefix="/api/v1")
    api_rate_limit(bp)
    csrf.exempt(bp)
    bp.before_request(authenticate_request)

    @bp.errorhandler(Exception)
    def _on_error(error: Exception):
        db.session.rollback()
        if isinstance(error, HTTPException):
            return json_http_error(error)
        return handle_unexpected_error(error)

    return bp


def _reference_taken() -> ApiError:
    return ApiError(409, REFERENCE_TAKEN, {"reference": REFERENCE_TAKEN})


def answer_created(create: Callable, organisation, form, json_of: Callable, endpoint: str,
                   id_name: str):
    """Create the record from the bound form and commit: 201, its JSON and its address
    (409 when its reference is taken meanwhile)."""
    try:
        record = create(organisation, form.data, api_user())
        db.session.commit()
    except IntegrityError:
        raise _reference_taken() from None
    location = external_url(endpoint, **{id_name: record.id})
    return jsonify(json_of(record)), 201, {"Location": location}


def answer_updated(record, payload: dict, bind: Callable, to_dict: Callable, update: Callable,
                   json_of: Callable, noun: str, conflict: type[Exception]):
    """Apply a ``PUT`` on top of the version it names and commit; 409 with the current record
    when that version is stale, or when the reference is taken."""
    version = required_version(payload)
    if version != record.version:
        refuse_stale(record, json_of, noun)
    form = bind(payload, record.organisation, to_dict(record), record)
    try:
        update(record, form.data, api_user(), version)
        db.session.commit()
    except conflict:
        refuse_stale(record, json_of, noun)
    except IntegrityError:
        raise _reference_taken() from None
    return jsonify(json_of(record))
