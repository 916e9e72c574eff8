"""Small factories with valid defaults; override what the test is about."""
import itertools
from datetime import date

from werkzeug.datastructures import MultiDict
from werkzeug.security import generate_password_hash

from registre.activities.form_json import json_to_formdata
from registre.activities.services import create_activity
from registre.extensions import db
from registre.models import (
    Academie,
    Organisation,
    OrganisationKind,
    Processor,
    Role,
    Status,
    User,
)
from registre.organisations.uai import check_letter
from tests.support import TEST_PASSWORD

_counter = itertools.count(1)
# A cheap hash keeps the suite fast; production uses Werkzeug's default (scrypt).
_FAST_HASH = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")


def make_uai(number: int | None = None) -> str:
    """Return a valid UAI (7 digits and the right check letter)."""
    digits = f"{(number if number is not None else 750000 + next(_counter)):07d}"
    return digits + check_letter(digits)


def make_academie(**fields) -> Academie:
    n = next(_counter)
    values = {"code": f"academie-{n}", "name": f"Académie {n}", "dpd_name": "Camille Martin",
              "dpd_email": f"dpd@ac-{n}.fr", "dpd_phone": "01 02 03 04 05",
              "dpd_address": "1 rue de l'Académie, 75000 Paris",
              "rights_contact": f"dpd@ac-{n}.fr"}
    values.update(fields)
    academie = Academie(**values)
    db.session.add(academie)
    db.session.flush()
    return academie


def make_organisation(academie: Academie | None = None, **fields) -> Organisation:
    values = {"uai": make_uai(), "name": f"Collège {next(_counter)}",
              "kind": OrganisationKind.COLLEGE, "commune": "Versailles",
              "postal_code": "78000", "address": "2 avenue de Paris",
              "controller_title": "Chef d'établissement", "controller_name": "Alex Durand",
              "controller_email": "ce@college.fr"}
    values.update(fields)
    organisation = Organisation(academie=academie or make_academie(), **values)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_user(role: Role | str = Role.REDACTEUR, organisation: Organisation | None = None,
              academie: Academie | None = None, **fields) -> User:
    role = Role(role)
    if role in (Role.RESPONSABLE, Role.REDACTEUR) and organisation is None:
        organisation = make_organisation(academie)
    if role == Role.DPD and academie is None:
        academie = make_academie()
    if role == Role.AUDITEUR and academie is None and organisation is None:
        academie = make_academie()
    if organisation is not None:
        academie = organisation.academie
    user = User(email=fields.pop("email", f"user{next(_counter)}@exemple.fr"), role=role,
                name=fields.pop("name", "Utilisateur de test"), academie=academie,
                organisation=organisation if role != Role.DPD else None,
                password_hash=_FAST_HASH, **fields)
    db.session.add(user)
    db.session.flush()
    return user


def make_processor(academie: Academie, **fields) -> Processor:
    """A catalogue processor: French, hosting, with a signed contract, unless overridden."""
    values = {"name": f"Prestataire {next(_counter)}", "legal_entity": "Prestataire SAS",
              "jurisdiction": "FR", "service": "Hébergement", "contract_signed": True,
              "contract_date": date(2025, 9, 1), "datacenter_countries": ["FR"],
              "dpf_certified": False}
    values.update(fields)
    processor = Processor(academie_id=academie.id, **values)
    db.session.add(processor)
    db.session.flush()
    return processor


def make_member(role: Role | str, organisation: Organisation) -> User:
    """A user of ``role`` whose scope covers ``organisation`` (its académie for a DPD)."""
    role = Role(role)
    if role == Role.ADMIN:
        return make_user(Role.ADMIN)
    if role in (Role.DPD, Role.AUDITEUR):
        return make_user(role, academie=organisation.academie)
    return make_user(role, organisation=organisation)


def activity_data(**overrides) -> dict:
    """A complete, valid activity in the dictionary form of design §3."""
    data = {
        "name": "Vie scolaire et notes",
        "purpose": "Suivre la scolarité : notes, absences, sanctions, cahier de textes.",
        "sub_purposes": ["Liaison avec les familles"],
        "software": "Pronote", "software_vendor": "Index Éducation",
        "legal_bases": [{"basis": "6.1.e", "justification": "Mission de service public"}],
        "subject_categories": [{"category": "eleves", "details": ""},
                               {"category": "responsables_legaux", "details": ""}],
        "concerns_minors": True, "min_age": 11, "max_age": 16,
        "data_categories": [
            {"category": "etat_civil", "description": "Nom, prénom, classe",
             "active_duration": 1, "active_unit": "ans", "final_fate": "destruction"},
            {"category": "vie_scolaire", "description": "Notes, absences",
             "retention_criteria": "Fin de la scolarité dans l'établissement + 1 an",
             "final_fate": "destruction"},
        ],
        "recipients": [{"kind": "service_interne", "name": "Équipe pédagogique",
                        "data_categories": ["etat_civil", "vie_scolaire"]}],
        "security_measures": [{"kind": "controle_acces", "details": "Comptes nominatifs"}],
        "hosting": "etablissement", "storage_countries": ["FR"],
        "informed": "oui", "information_channel": "Règlement intérieur",
        "consent_required": False, "consent_reason": "Mission d'intérêt public",
        "automated_decision": "non",
        "rights_contact": "dpd@ac.fr", "dpia_status": "non_requise",
    }
    data.update(overrides)
    return data


def make_activity(organisation: Organisation | None = None, author: User | None = None,
                  status: Status | str = Status.BROUILLON, **overrides):
    organisation = organisation or make_organisation()
    activity = create_activity(organisation, activity_data(**overrides), author, Status(status))
    db.session.flush()
    return activity


def browser_form(data: dict) -> MultiDict:
    """An activity as the browser sends its form (unchecked boxes are absent)."""
    formdata, errors = json_to_formdata(data)
    assert errors == {}
    return MultiDict([(key, value) for key, value in formdata.items(multi=True)
                      if value != "false"])
def make_breach(organisation: Organisation | None = None, author: User | None = None,
                **fields):
    """A breach recorded through the service (revision written); override what matters."""
    from datetime import datetime

    from registre.breaches.services import create_breach

    organisation = organisation or make_organisation()
    data = {"discovered_at": datetime(2026, 11, 25, 9, 0),
            "description": "Ordinateur portable volé dans la salle des professeurs.",
            "nature": ["confidentialite"]}
    data.update(fields)
    breach = create_breach(organisation, data, author)
    db.session.flush()
    return breach


def make_rights_request(organisation: Organisation | None = None, author: User | None = None,
                        **fields):
    """A rights request recorded through the service (deadline computed, revision written)."""
    from datetime import date

    from registre.requests.services import create_request

    organisation = organisation or make_organisation()
    data = {"received_at": date(2026, 11, 20), "channel": "courriel", "kind": "acces",
            "requester_kind": "parent", "requester_name": "Claire Martin",
            "requester_contact": "claire.martin@exemple.fr",
            "message": "Je souhaite recevoir les données de mon fils Léo, 4e B."}
    data.update(fields)
    request = create_request(organisation, data, author)
    db.session.flush()
    return request
