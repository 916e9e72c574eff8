"""schemathesis hooks of ``test_api_schemathesis.py``: what a generator cannot guess.

The rules JSON Schema cannot state are stated in words in the document, and only requests
meant to be valid are reshaped to follow them; requests meant to be invalid are sent as
generated. The rules are read from the forms themselves (``requirements``, ``not_in_future``,
the deadline functions), never written again here.

- A fiche: a processor id names a processor of the académie catalogue (the generator draws any
  integer from 1): it becomes one the test created (``REGISTRE_TEST_PROCESSOR_IDS``); the
  maximum age is not below the minimum age: inverted ages are put in order.
- A breach or a rights request: ``activities`` name fiches of the school
  (``REGISTRE_TEST_ACTIVITY_IDS``); a ``PUT`` carries the version the record has now (read
  with a ``GET``), and the body is checked merged with the stored record, as the server does.
  A breach's times are not in the future, it occurs before its discovery and is contained
  after it occurs, a notification follows the discovery and carries a reason after 72 hours.
  A request is answered on or after its receipt, and an extension lies between the normal
  deadline (one month) and three months. Each decision carries its date or its reason.
"""
import os
from datetime import UTC, datetime, timedelta

import requests
import schemathesis

from registre.api.breaches import NEW as NEW_BREACH
from registre.api.requests import NEW as NEW_REQUEST
from registre.breaches.forms import NOTIFICATION_DELAY, BreachDecisionForm
from registre.dates import today
from registre.forms.fields import ChoiceField, DateField, DateTimeField, choice_values
from registre.forms.validators import blank
from registre.requests.deadlines import extension_allowed, latest_extension
from registre.requests.forms import RequestDecisionForm

_PROCESSORS = [int(number) for number in os.environ.get("REGISTRE_TEST_PROCESSOR_IDS",
                                                        "").split()]
_ACTIVITIES = [int(number) for number in os.environ.get("REGISTRE_TEST_ACTIVITY_IDS",
                                                        "").split()]
_API = os.environ.get("REGISTRE_TEST_API", "")
_TOKEN = os.environ.get("REGISTRE_TEST_TOKEN", "")
_REASON = "Motif noté au dossier."


def _real(value, ids: list[int]):
    """The id of a record the test created, for any integer drawn (``8578.0`` is one too)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and ids:
        return ids[value % len(ids)]
    return value


def _activity(body: dict) -> None:
    if "hosting_processor_id" in body:
        body["hosting_processor_id"] = _real(body["hosting_processor_id"], _PROCESSORS)
    recipients = body.get("recipients")
    for row in recipients if isinstance(recipients, list) else []:
        if isinstance(row, dict) and "processor_id" in row:
            row["processor_id"] = _real(row["processor_id"], _PROCESSORS)
    low, high = body.get("min_age"), body.get("max_age")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        body["min_age"], body["max_age"] = high, low


class _Record:
    """The record as the server will check it: the stored one (or a new one's defaults)
    updated by the body; every change is made in the body."""

    def __init__(self, body: dict, stored: dict):
        self.body, self.state = body, {**stored, **body}

    def __getitem__(self, key):
        return self.state.get(key)

    def __setitem__(self, key, value):
        self.state[key] = self.body[key] = value

    def instant(self, key) -> datetime | None:
        """A time of the record as a naive UTC datetime (None when blank)."""
        if blank(self[key]):
            return None
        moment = datetime.fromisoformat(self[key])
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment

    def day(self, key):
        return None if blank(self[key]) else datetime.fromisoformat(self[key]).date()


def _text(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}Z"


def _answer(record: _Record, form, requirements) -> None:
    """Give each decision the date or the reason its rule requires."""
    for rule in requirements:
        if not rule.broken(record.state):
            continue
        field = form[rule.other]
        if isinstance(field, DateTimeField):
            record[rule.other] = _text(datetime.now(UTC).replace(tzinfo=None))
        elif isinstance(field, DateField):
            record[rule.other] = today().isoformat()
        elif isinstance(field, ChoiceField):
            record[rule.other] = next(value for value in choice_values(field) if value)
        else:
            record[rule.other] = _REASON


def _breach(record: _Record) -> None:
    form = BreachDecisionForm(formdata=None, meta={"csrf": False})
    _answer(record, form, BreachDecisionForm.requirements)
    past = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    for key in BreachDecisionForm.not_in_future:
        moment = record.instant(key)
        if moment and moment > past:
            record[key] = _text(past)
    occurred, discovered = record.instant("occurred_at"), record.instant("discovered_at")
    if occurred and discovered and occurred > discovered:
        record["occurred_at"] = record["discovered_at"]
        occurred = discovered
    contained = record.instant("contained_at")
    if contained and occurred and contained < occurred:
        record["contained_at"] = record["occurred_at"]
    notified = record.instant("cnil_notified_at")
    if record["cnil_notified"] == "oui" and notified and discovered:
        if notified < discovered:
            record["cnil_notified_at"] = record["discovered_at"]
        elif notified > discovered + NOTIFICATION_DELAY and blank(record["cnil_late_reason"]):
            record["cnil_late_reason"] = _REASON


def _request(record: _Record) -> None:
    form = RequestDecisionForm(formdata=None, meta={"csrf": False})
    _answer(record, form, RequestDecisionForm.requirements)
    received, answered = record.day("received_at"), record.day("answered_at")
    if received and answered and answered < received:
        record["answered_at"] = record["received_at"]
    extended = record.day("extended_until")
    if received and extended and not extension_allowed(received, extended):
        record["extended_until"] = latest_extension(received).isoformat()


def _stored(kind: str, record_id) -> dict | None:
    response = requests.get(f"{_API}/{kind}/{record_id}", timeout=30,
                            headers={"Authorization": f"Bearer {_TOKEN}"})
    return response.json() if response.status_code == 200 else None


def _register(case, body: dict) -> None:
    path, method = case.operation.path, case.method.upper()
    kind = "breaches" if "breach" in path else "requests"
    if "activities" in body and isinstance(body["activities"], list):
        body["activities"] = [_real(value, _ACTIVITIES) for value in body["activities"]]
    stored = dict(NEW_BREACH if kind == "breaches" else NEW_REQUEST)
    if method == "PUT":
        stored = _stored(kind, next(iter(case.path_parameters.values())))
        if stored is None:
            return
        body["version"] = stored["version"]
    (_breach if kind == "breaches" else _request)(_Record(body, stored))


@schemathesis.hook
def before_call(context, case, kwargs):
    """Reshape the bodies generated as valid to follow the rules stated in words."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    body = case.body
    if not isinstance(body, dict):
        return
    if "/breaches" in case.operation.path or "/requests" in case.operation.path:
        _register(case, body)
    else:
        _activity(body)
