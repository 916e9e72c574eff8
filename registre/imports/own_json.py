"""Our own JSON export: a list of activities in the design §3 dict form.

Accepted shapes: ``{"activities": [...]}`` (with any organisation block, ignored), a bare
list, or one activity object. Texts are taken exactly as written (no trimming).
"""
import json

from registre.imports.payload import ParsedImport
from registre.imports.safety import MAX_ACTIVITIES, ImportRefused

# Exports written before issue 10 stored automated_decision as a boolean whose false was the
# untouched default: true was said by someone ("oui"), false may mean nobody knew.
_LEGACY_AUTOMATED_DECISION = {True: "oui", False: "inconnu"}


def _upgrade(activity: dict) -> dict:
    """An activity of an older export in today's form (see the migration legal0001a10e)."""
    value = activity.get("automated_decision")
    if isinstance(value, bool):
        activity = dict(activity, automated_decision=_LEGACY_AUTOMATED_DECISION[value])
    return activity


def _refuse_constant(name: str):
    raise ValueError(name)


def parse_own_json(data: bytes) -> ParsedImport:
    """Decode the JSON file and return its activities (validated later by the service)."""
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"Le fichier JSON est mal formé (ligne {error.lineno}, colonne {error.colno}) : "
            "envoyez le fichier tel qu'exporté par le registre.") from None
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise ImportRefused("Le fichier JSON contient des valeurs non prises en charge "
                            "(NaN, Infinity…) : envoyez le fichier tel qu'exporté par le "
                            "registre.") from None
    if isinstance(document, dict) and isinstance(document.get("activities"), list):
        activities = document["activities"]
    elif isinstance(document, list):
        activities = document
    elif isinstance(document, dict) and "name" in document:
        activities = [document]
    else:
        raise ImportRefused("Le fichier JSON ne contient pas de liste « activities » : "
                            "envoyez un export JSON du registre.")
    if len(activities) > MAX_ACTIVITIES:
        raise ImportRefused(
            f"Le fichier contient {len(activities)} traitements, au-delà de la limite de "
            f"{MAX_ACTIVITIES} par import : découpez-le en plusieurs fichiers.")
    parsed = ParsedImport(source="json")
    for index, activity in enumerate(activities, start=1):
        origin = f"Traitement n° {index}"
        if not isinstance(activity, dict):
            parsed.problem("ce n'est pas un objet JSON décrivant un traitement.", where=origin)
            continue
        parsed.add(_upgrade(activity), origin)
    return parsed
