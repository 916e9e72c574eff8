"""schemathesis hooks of ``test_api_schemathesis.py``: what a generator cannot guess.

Two rules of a fiche are stated in the document's words because JSON Schema cannot state
them: a processor id names a processor of the académie catalogue (the generator draws any
integer from 1), and the maximum age is not below the minimum age (JSON Schema compares no
two values; the exact statement, one branch per age, is beyond the generator). In requests
meant to be valid, processor ids become those of the processors the test created
(``REGISTRE_TEST_PROCESSOR_IDS``) and inverted ages are put in order; requests meant to be
invalid are sent as generated.
"""
import os

import schemathesis

_IDS = [int(number) for number in os.environ.get("REGISTRE_TEST_PROCESSOR_IDS", "").split()]


def _real(value):
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1 and _IDS:
        return _IDS[value % len(_IDS)]
    return value


@schemathesis.hook
def before_call(context, case, kwargs):
    """Name real processors in the bodies generated as valid."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    body = case.body
    if not isinstance(body, dict):
        return
    if "hosting_processor_id" in body:
        body["hosting_processor_id"] = _real(body["hosting_processor_id"])
    recipients = body.get("recipients")
    for row in recipients if isinstance(recipients, list) else []:
        if isinstance(row, dict) and "processor_id" in row:
            row["processor_id"] = _real(row["processor_id"])
    low, high = body.get("min_age"), body.get("max_age")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        body["min_age"], body["max_age"] = high, low
