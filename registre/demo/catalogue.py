"""The académie catalogue: the 16 typical activities of SCHOOL-ACTIVITIES.md as templates."""
import copy
import json
import re

from registre.demo import catalogue_life, catalogue_national, catalogue_school
from registre.demo.fields import NATIONAL_CONTROLLER, TO_CHECK, CatalogueContext
from registre.extensions import db
from registre.models import Academie, ActivityTemplate, OrganisationKind

# In the reference's order (#1 to #16): key -> payload builder.
BUILDERS = {
    "siecle": catalogue_national.siecle,
    "onde": catalogue_national.onde,
    "lsu": catalogue_national.lsu,
    "pronote": catalogue_school.pronote,
    "ent": catalogue_school.ent,
    "gar": catalogue_national.gar,
    "application_pedagogique": catalogue_school.application_pedagogique,
    "restauration": catalogue_school.restauration,
    "sante": catalogue_school.sante,
    "videoprotection": catalogue_life.videoprotection,
    "droit_image": catalogue_life.droit_image,
    "sorties": catalogue_life.sorties,
    "associations_parents": catalogue_life.associations_parents,
    "cdi": catalogue_life.cdi,
    "faits_etablissement": catalogue_national.faits_etablissement,
    "gestion_personnels": catalogue_national.gestion_personnels,
}

_SECONDARY = ["siecle", "pronote", "ent", "gar", "restauration", "sante", "videoprotection",
              "droit_image", "sorties", "associations_parents", "cdi", "faits_etablissement"]

# Which catalogue activities each kind of organisation runs in the demo.
ACTIVITIES_BY_KIND = {
    OrganisationKind.ECOLE: ["onde", "lsu", "droit_image", "sorties", "associations_parents"],
    OrganisationKind.COLLEGE: ["lsu", *_SECONDARY],
    OrganisationKind.LYCEE: _SECONDARY,
    OrganisationKind.RECTORAT: ["gestion_personnels"],
}

# Every key an activity payload may carry, with its value when a builder leaves it out.
DEFAULTS = {
    "scope": "local", "legal_text": "", "software": "", "software_vendor": "",
    "published": True, "joint_controllers": [], "representative": None, "sub_purposes": [],
    "started_on": None,
    "legal_bases": [], "art9_condition": None, "automated_decision": "non",
    "automated_decision_details": "", "data_source": "", "collection_mandatory": None,
    "subject_categories": [], "concerns_minors": False, "min_age": None, "max_age": None,
    "offered_directly_to_child": "non",
    "data_categories": [], "recipients": [], "transfers": [], "security_measures": [],
    "hosting": None, "hosting_processor_id": None, "storage_countries": [],
    "informed": "inconnu", "information_channel": "", "information_notice": None,
    "information_text": "", "consent_required": None, "consent_kind": None,
    "consent_scope": "", "consent_reason": "",
    "consent_signatories": None, "consent_text": None, "consent_collection": "",
    "consent_withdrawal": "", "rights_contact": "", "dpia_criteria": [], "dpia_status": None,
    "dpia_url": "", "internal_notes": "",
}


# The reference's own markers: kept for the staff (internal notes), never shown to parents.
_MARKER = re.compile(r"\s*\((?:à vérifier|référence à compléter)\)")


def _unmarked(value):
    """The value with the reference's markers removed from every text in it."""
    if isinstance(value, str):
        return _MARKER.sub("", value)
    if isinstance(value, list):
        return [_unmarked(item) for item in value]
    if isinstance(value, dict):
        return {key: _unmarked(item) for key, item in value.items()}
    return value


def complete(payload: dict) -> dict:
    """Return a full payload: every editable key present, nested values copied.

    When a default comes from a figure the reference marks "(à vérifier)" or "(référence à
    compléter)", the marker leaves the public answers (parents would read « Non renseigné »)
    and the internal notes say that the defaults must be confirmed.
    """
    result = copy.deepcopy({**DEFAULTS, **payload})
    others = {k: v for k, v in result.items() if k != "internal_notes"}
    if _MARKER.search(json.dumps(others, ensure_ascii=False)):
        result.update(_unmarked(others))
        result["internal_notes"] = " ".join(filter(None, (result["internal_notes"], TO_CHECK)))
    return result


def catalogue_payloads(ctx: CatalogueContext) -> dict[str, dict]:
    """The 16 template payloads of an académie, by key."""
    return {key: complete(build(ctx)) for key, build in BUILDERS.items()}


def _description(payload: dict) -> str:
    if payload["scope"] == "national":
        # The controller is a system field, absent from the payload: say it here.
        return (f"{payload['purpose']} Traitement national : le responsable est le "
                f"{NATIONAL_CONTROLLER['title'].lower()} ; l'établissement le met en œuvre.")
    return payload["purpose"]


def create_templates(academie: Academie, payloads: dict[str, dict]) -> dict[str, ActivityTemplate]:
    """Add the académie's templates to the session and return them by key (ids flushed)."""
    templates = {
        key: ActivityTemplate(academie=academie, academie_id=academie.id, name=payload["name"],
                              description=_description(payload), payload=copy.deepcopy(payload))
        for key, payload in payloads.items()
    }
    db.session.add_all(templates.values())
    db.session.flush()
    return templates
