"""A school whose public register uses most of what a public page can say, and the list of
public pages the language and accessibility tests visit (issue 16, points 3 and 5)."""
from datetime import date

from registre.activities.services import update_activity
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import OrganisationKind, Status
from tests.factories import (
    make_academie,
    make_activity,
    make_organisation,
    make_processor,
    make_user,
)
from tests.public_support import microsoft_2015, publish

UAI_PLACEHOLDER = "{uai}"
# Every public page, by a short name: (path, expected status). "{uai}" is the school's.
PUBLIC_PAGES = {
    "academies": ("/registre", 200),
    "recherche": ("/registre?q=ecole+sevres", 200),
    "academie": ("/registre?academie=versailles", 200),
    "registre": ("/registre/{uai}", 200),
    "changements": ("/registre/{uai}/changements", 200),
    "synthese": ("/registre/academies/versailles", 200),
    "demande": ("/registre/{uai}/demande", 200),
    "introuvable": ("/registre/0000000A", 404),
    "accessibilite": ("/accessibilite", 200),
}


def page_url(name: str, uai: str, lang: str | None = None) -> str:
    """The path of a public page, in ``lang`` when given (``?lang=``)."""
    path = PUBLIC_PAGES[name][0].replace(UAI_PLACEHOLDER, uai)
    if lang:
        path += ("&" if "?" in path else "?") + f"lang={lang}"
    return path


def public_school() -> str:
    """An école with a plain fiche, the 2015 Microsoft one (six unknowns), a consent-based
    one, a processor outside the EU with a transfer, a national one and an ended one."""
    academie = make_academie(name="Académie de Versailles", code="versailles")
    organisation = make_organisation(academie, name="École élémentaire Jules-Ferry",
                                     kind=OrganisationKind.ECOLE, commune="Sèvres")
    microsoft = make_processor(academie, name="Microsoft", legal_entity="Microsoft Ireland",
                               jurisdiction="US", datacenter_countries=["IE"])
    azure = make_processor(
        academie, name="Microsoft Ireland", legal_entity="Microsoft Ireland Operations Ltd",
        jurisdiction="US", datacenter_countries=["IE", "NL"], hosting_provider="Microsoft Azure",
        access_from_outside_eu=True, certifications=["ISO 27001"], contract_public=True,
        contract_reference="Contrat 2024-12")
    notes = publish(organisation, name="Vie scolaire et notes",
                    information_date=date(2026, 9, 2), governance_opinion_date=date(2026, 6, 20))
    microsoft_2015(organisation, microsoft)
    publish(organisation, name="Droit à l'image", legal_bases=[{"basis": "6.1.a"}],
            consent_required=True, consent_signatories="conjoint_eleve_et_responsables",
            consent_text={"title": "Autorisation de droit à l'image", "version": "2",
                          "url": "https://ecole.example/autorisation.pdf"},
            consent_collection="Formulaire papier", consent_withdrawal="Écrire au directeur",
            rights=["acces", "rectification", "effacement", "retrait_consentement"])
    publish(organisation, name="Messagerie des élèves", hosting="prestataire",
            hosting_processor_id=azure.id, storage_countries=[], informed="non",
            data_categories=[{"category": "sensible", "sensitive_kind": "sante",
                              "description": "PAI", "active_duration": 3, "active_unit": "mois",
                              "archive_duration": 1, "archive_unit": "ans",
                              "final_fate": "anonymisation"}],
            art9_condition="9.2.h",
            recipients=[{"kind": "sous_traitant", "name": "Microsoft", "processor_id": azure.id,
                         "data_categories": ["sensible", "connexion"]}],
            transfers=[{"recipient": "Microsoft Corporation", "country": "US",
                        "guarantee": "cct"},
                       {"recipient": "Support", "country": "IN", "guarantee": None}])
    publish(organisation, name="Livret scolaire unique", scope="national",
            legal_text="Arrêté du 24 décembre 2014 relatif au livret scolaire unique numérique",
            hosting="ministere", legal_bases=[{"basis": "6.1.c"}])
    ended = make_activity(organisation, None, Status.TERMINE, name="Ancien cahier de textes",
                          published=True)
    ended.ended_on = date(2025, 7, 1)
    # A public answer that changed, for the "what changed" page and its feed.
    data = activity_to_dict(notes)
    data["storage_countries"] = ["IE"]
    data["data_categories"][0]["active_duration"] = 3
    update_activity(notes, data, make_user("responsable", organisation=organisation),
                    notes.version)
    db.session.commit()
    return organisation.uai
