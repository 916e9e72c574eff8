"""JSON bodies of the other registers (breaches, rights requests) bound to their web forms.

The same conventions as the activity API: the web form's rules, per-field French messages
(422), keys left out of a ``PUT`` keep their value, ``version`` required (409 when stale),
read-only keys sent back unchanged are ignored.
"""
from sqlalchemy.exc import InvalidRequestError

from registre.activities.form_json import json_form_errors, json_to_formdata
from registre.api.errors import ApiError
from registre.extensions import db

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
