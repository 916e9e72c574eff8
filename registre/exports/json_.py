"""JSON: everything, re-importable — metadata, académie and DPD, organisations, activities.

Activities are exactly :func:`registre.fiche.serialization.activity_to_dict` (dates
ISO 8601); texts are unchanged (JSON evaluates nothing). The document is streamed.
"""
import json
from collections.abc import Iterable, Iterator

from registre.exports.layout import FORMAT_VERSION
from registre.exports.services import STATUS_ALL


def json_chunks(context, activities: Iterable[dict]) -> Iterator[str]:
    """Yield the JSON document in pieces (one per activity)."""
    header = {
        "format": FORMAT_VERSION,
        "export": {
            "generated_at": context.generated_at.replace(microsecond=0).isoformat() + "Z",
            "as_of": context.as_of.isoformat() if context.as_of else None,
            "status": context.status or STATUS_ALL,
            "scope": context.scope,
            "code": context.code,
        },
        "academie": context.academie,
        "organisations": list(context.organisations.values()),
    }
    opening = json.dumps(header, ensure_ascii=False, indent=1)
    yield opening[:-2] + ',\n "activities": ['
    separator = "\n"
    for activity in activities:
        yield separator + json.dumps(activity, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"
