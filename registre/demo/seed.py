"""``flask registre seed-demo``: two académies with their catalogues and school registers.

Everything is added to the session through the normal services; the command commits once.
"""
from dataclasses import dataclass

from registre.activities.services import create_activity
from registre.auth.services import create_user
from registre.dates import utcnow
from registre.demo import microsoft
from registre.demo.catalogue import ACTIVITIES_BY_KIND, catalogue_payloads, create_templates
from registre.demo.fields import CatalogueContext
from registre.demo.organisations import ACADEMIES, ORGANISATIONS, USERS, scope_text
from registre.demo.placement import (
    DemoClock,
    create_draft,
    end,
    local_payload,
    submit,
    validate,
)
from registre.demo.processors import create_processors, processor_specs
from registre.demo.registers import seed_registers
from registre.extensions import db
from registre.fiche.serialization import apply_activity_data
from registre.history.services import record_revision
from registre.models import (
    Academie,
    Activity,
    ActivityTemplate,
    Organisation,
    Role,
    Status,
    User,
)
from registre.organisations.services import create_academie, create_organisation

# Passes registre.auth.passwords (CNIL 2022): 19 characters of the four kinds.
DEMO_PASSWORD = "Registre-demo-2026!"

# (email, role, scope) of every demo account, as the CLI prints them.
DEMO_USERS: list[tuple[str, str, str]] = [
    (email, role, scope_text(academie, organisation))
    for email, role, _name, academie, organisation in USERS
]

# The organisation whose register shows the workflow and the 2015 Microsoft fiche, and its
# accounts (responsable who validates, rédacteur who writes).
SHOWCASE = "college_versailles"
SHOWCASE_USERS = ("responsable.college@ac-versailles.test",
                  "redacteur.college@ac-versailles.test")


def seed_demo() -> None:
    """Add the demo académies, organisations, accounts, catalogues and registers (no commit)."""
    clock = DemoClock(utcnow())
    academies = {code: _create_academie(code, spec) for code, spec in ACADEMIES.items()}
    organisations = {key: _create_organisation(spec, academies[spec["academie"]])
                     for key, spec in ORGANISATIONS.items()}
    db.session.flush()
    users = {email: create_user(email, Role(role), DEMO_PASSWORD, name=name,
                                academie=academies.get(academie),
                                organisation=organisations.get(organisation))
             for email, role, name, academie, organisation in USERS}
    db.session.flush()
    for code, academie in academies.items():
        dpd = users[ACADEMIES[code]["dpd_email"]]
        _seed_academie(academie, ACADEMIES[code]["site"], organisations, dpd, users, clock)
    seed_registers(organisations[SHOWCASE], users[SHOWCASE_USERS[1]], clock)


def _create_academie(code: str, spec: dict) -> Academie:
    fields = {key: value for key, value in spec.items() if key not in ("name", "site")}
    return create_academie(code, spec["name"], **fields)


def _create_organisation(spec: dict, academie: Academie) -> Organisation:
    fields = {key: value for key, value in spec.items()
              if key not in ("academie", "uai", "name", "kind", "controller_address")}
    return create_organisation(spec["uai"], spec["name"], spec["kind"], academie, **fields)


@dataclass(frozen=True)
class _Register:
    """One organisation's register being filled from its académie's catalogue."""

    organisation: Organisation
    controller_address: str
    payloads: dict[str, dict]
    templates: dict[str, ActivityTemplate]
    author: User
    validator: User
    clock: DemoClock

    def draft(self, key: str, **changes) -> Activity:
        """A draft created from the catalogue template ``key``, adapted to the organisation."""
        payload = local_payload(self.payloads[key], self.organisation, key, self.clock,
                                self.controller_address)
        ADJUSTMENTS.get((self.organisation.uai, key), lambda _: None)(payload)
        payload.update(changes)
        return create_draft(self.organisation, payload, self.author, self.templates[key])


def _seed_academie(academie: Academie, site: str, organisations: dict[str, Organisation],
                   dpd: User, users: dict[str, User], clock: DemoClock) -> None:
    """The académie's catalogue, then the register of each of its organisations."""
    specs = processor_specs(academie, clock.today)
    specs["microsoft"] = dict(microsoft.PROCESSOR)
    processors = create_processors(academie, specs)
    ctx = CatalogueContext(rights_contact=academie.rights_contact, site=site,
                           school_year=clock.school_year,
                           processors={key: p.id for key, p in processors.items()})
    payloads = catalogue_payloads(ctx)
    templates = create_templates(academie, payloads)
    for key, organisation in organisations.items():
        if organisation.academie_id != academie.id:
            continue
        author = users.get(SHOWCASE_USERS[1]) if key == SHOWCASE else dpd
        validator = users.get(SHOWCASE_USERS[0]) if key == SHOWCASE else dpd
        register = _Register(organisation, ORGANISATIONS[key].get("controller_address", ""),
                             payloads, templates, author, validator, clock)
        in_service = {}
        for template_key in ACTIVITIES_BY_KIND[organisation.kind]:
            in_service[template_key] = register.draft(template_key)
            validate(in_service[template_key], validator, clock.now)
        if key == SHOWCASE:
            _showcase(register, in_service["pronote"])
            fiche = microsoft.fiche(processors["microsoft"].id, ctx.rights_contact)
            ended = create_activity(organisation, fiche, dpd, status=Status.EN_SERVICE)
            end(ended, dpd, microsoft.ENDED_ON, microsoft.END_COMMENT)
        if key == ENDED[0]:
            end(in_service[ENDED[1]], validator, clock.today,
                "Prêts du CDI désormais gérés sans fichier nominatif.")


def _add_trip_outside_eu(payload: dict) -> None:
    """A language trip whose host is in the United States, under standard clauses."""
    payload["recipients"].append({
        "kind": "destinataire_pays_tiers",
        "name": "Organisme d'accueil du voyage linguistique (États-Unis)",
        "processor_id": None, "data_categories": ["etat_civil"]})
    payload["transfers"] = [{
        "recipient": "Organisme d'accueil du voyage linguistique", "country": "US",
        "guarantee": "cct",
        "documentation": "Clauses contractuelles types annexées au contrat avec l'agence "
                         "Horizons Voyages Scolaires."}]


def _unpublish(payload: dict) -> None:
    """An in-service fiche kept off the public page."""
    payload["published"] = False
    payload["internal_notes"] = ("Fiche non publiée sur la page publique, à la demande du chef "
                                 "d'établissement. " + payload["internal_notes"])


# Per-organisation variations of a catalogue activity: (UAI, template key) -> change.
ADJUSTMENTS = {
    (ORGANISATIONS["lycee_versailles"]["uai"], "sorties"): _add_trip_outside_eu,
    (ORGANISATIONS["lycee_lyon"]["uai"], "faits_etablissement"): _unpublish,
}
# The organisation and catalogue activity shown as ended.
ENDED = ("college_lyon", "cdi")


def _showcase(register: _Register, pronote: Activity) -> None:
    """The collège of the demo accounts: a later edit, a fiche to validate, a draft."""
    apply_activity_data(pronote, {"security_measures": [
        *register.payloads["pronote"]["security_measures"],
        {"kind": "controle_acces",
         "details": "Double authentification pour les comptes des personnels."}]})
    record_revision(pronote, register.validator, comment="Revue annuelle de la fiche")

    key = "application_pedagogique"
    submit(register.draft(key), register.author)
    register.draft(
        key, name="Application pédagogique en ligne (langues vivantes)", software="",
        software_vendor="", hosting=None, hosting_processor_id=None,
        recipients=register.payloads[key]["recipients"][:1], governance_opinion_date=None,
        internal_notes="Brouillon : éditeur à choisir, contrat de sous-traitance (art. 28) et "
                       "avis du conseil d'administration à obtenir avant la mise en service.")
