"""Nothing private reaches a public response: every non-public field holds a canary.

What is public, and why (everything else stays private):
- the controller's title (never a person's name or direct contact);
- the DPD's function and the académie's public rights contact (never the DPD's name, phone
  or postal address);
- joint controllers' title and role split (art. 26.2 GDPR: the essence of the arrangement
  is made available to the persons), never their names or contacts;
- ``information_text``: what the families were told is by nature already addressed to
  them (art. 13), so publishing it is the transparency the register owes;
- a processor's name, company, service, parent company's country, hosting and
  certifications; its contract only when ``contract_public``.
Never public: security measures, internal notes, representative, transfer documentation,
DPIA, sub-processor lists, review dates, who validated, drafts, fiches awaiting validation,
unpublished fiches, and the content of ended fiches (their name and end date only).
"""
import json
from datetime import date

import pytest

from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import Status
from registre.public.services import public_activities, public_register
from tests.factories import (
    make_academie,
    make_activity,
    make_organisation,
    make_processor,
    make_user,
)

CANARY = "CANARI"


def _canary(field: str) -> str:
    return f"{CANARY}-{field}-7f3a"


@pytest.fixture
def leaky_register():
    """A published fiche in service whose every non-public field holds a unique canary."""
    academie = make_academie(name="Académie de Canarie", dpd_name=_canary("dpd_name"),
                             dpd_phone=_canary("dpd_phone"), dpd_address=_canary("dpd_address"),
                             rights_contact="droits@ac-canarie.fr")
    organisation = make_organisation(
        academie, name="Collège des Oiseaux", commune="Volière",
        controller_name=_canary("org_controller_name"),
        controller_email=_canary("org_controller_email") + "@x.fr",
        controller_phone=_canary("org_controller_phone"))
    author = make_user("responsable", organisation=organisation,
                       name=_canary("author_name"), email="auteur-canari@x.fr")
    secret_processor = make_processor(
        academie, name="Nuage Lointain", jurisdiction="US", datacenter_countries=["US"],
        contract_public=False, contract_reference=_canary("contract_reference"),
        contract_url=f"https://x.example/{_canary('contract_url')}",
        sub_processors=[_canary("sub_processor")], contract_date=date(2026, 1, 2))
    activity = make_activity(
        organisation, author, Status.EN_SERVICE, name="Fiche publique",
        internal_notes=_canary("internal_notes"),
        security_measures=[{"kind": "chiffrement", "details": _canary("security_details")},
                           {"kind": "autre", "details": _canary("security_other")}],
        controller={"title": "Chef d'établissement", "name": _canary("controller_name"),
                    "email": _canary("controller_email"), "phone": _canary("controller_phone"),
                    "address": _canary("controller_address")},
        representative={"name": _canary("representative"), "email": _canary("rep_email")},
        joint_controllers=[{"title": "Commune de Volière", "name": _canary("joint_name"),
                            "email": _canary("joint_email"), "phone": _canary("joint_phone"),
                            "address": _canary("joint_address"), "role_split": "La commune "
                            "fournit les tablettes."}],
        transfers=[{"recipient": "Nuage Lointain", "country": "US", "guarantee": "cct",
                    "documentation": _canary("transfer_documentation")}],
        recipients=[{"kind": "sous_traitant", "name": "Nuage Lointain",
                     "processor_id": secret_processor.id, "data_categories": ["etat_civil"]}],
        dpia_url=f"https://x.example/{_canary('dpia_url')}", dpia_criteria=["evaluation"],
        dpia_status="realisee", automated_decision="non",
        automated_decision_details=_canary("automated_details_unused"),
    )
    for status, published, name in [
        (Status.BROUILLON, True, _canary("draft_name")),
        (Status.A_VALIDER, True, _canary("a_valider_name")),
        (Status.EN_SERVICE, False, _canary("unpublished_name")),
        (Status.TERMINE, False, _canary("ended_unpublished_name")),
    ]:
        make_activity(organisation, author, status, name=name, published=published,
                      purpose=_canary(f"purpose_of_{status.value}"))
    ended = make_activity(organisation, author, Status.TERMINE, name="Ancien traitement terminé",
                          purpose="Prêts du CDI, avant 2025.",
                          internal_notes=_canary("ended_notes"))
    ended.ended_on = date(2025, 7, 1)
    other = make_organisation(academie, name="École Voisine")
    make_activity(other, make_user("responsable", organisation=other), Status.EN_SERVICE,
                  name="Traitement de l'école voisine")
    db.session.commit()
    return organisation, activity


def _public_responses(client, organisation) -> dict[str, str]:
    uai = organisation.uai
    urls = [f"/registre/{uai}", f"/registre/{uai}.json", f"/registre/{uai}.csv",
            "/registre", "/registre?q=oiseaux", "/registre?q=voliere", f"/registre?q={uai}",
            f"/registre?academie={organisation.academie.code}",
            "/registre/0750655E", "/registre/pas-un-uai", "/registre/pas-un-uai.json",
            f"/registre/{uai[:7]}Z.csv", f"/registre/{uai.lower()}"]
    responses = {}
    for url in urls:
        response = client.get(url, follow_redirects=True)
        assert response.status_code in (200, 404), url
        responses[url] = response.get_data(as_text=True)
    return responses


def test_no_canary_in_any_public_response(client, leaky_register):
    organisation, activity = leaky_register
    # The canaries really are stored: the internal form of the fiche holds every one of them.
    internal = json.dumps(activity_to_dict(activity), ensure_ascii=False)
    for field in ("internal_notes", "security_details", "controller_name", "controller_email",
                  "controller_phone", "controller_address", "representative", "joint_name",
                  "joint_email", "transfer_documentation", "dpia_url"):
        assert _canary(field) in internal, field
    responses = _public_responses(client, organisation)
    for url, body in responses.items():
        assert CANARY not in body, f"fuite dans {url}: …{body[body.find(CANARY) - 80:body.find(CANARY) + 80]}…"
    page = responses[f"/registre/{organisation.uai}"]
    # The fiche itself and the public facts around it are there.
    assert "Fiche publique" in page and "droits@ac-canarie.fr" in page
    assert "Commune de Volière" in page and "La commune fournit les tablettes." in page
    assert "Nuage Lointain" in page
    # Ended (issue 10 item 13): in its own section, answers and unknowns included, private
    # fields still private; neighbours' fiches stay on their own page.
    assert "Ancien traitement terminé" in page and "01/07/2025" in page
    assert "Activités terminées" in page and "Prêts du CDI, avant 2025." in page
    assert "Traitement de l&#39;école voisine" not in page


def test_public_dict_is_an_allow_list(app, leaky_register):
    organisation, _ = leaky_register
    register = public_register(organisation, public_activities(organisation))
    assert set(register) == {"organisation", "controller", "controller_title", "dpd",
                             "complaint_url", "last_updated", "activities",
                             "ended_activities"}
    assert set(register["dpd"]) == {"function", "contact"}
    (card,) = register["activities"]
    assert set(card) == {
        "reference", "name", "software", "software_vendor", "national", "controller",
        "status", "started_on", "ended_on", "automated_decision_plain",
        "legal_text", "joint_controllers", "purpose", "sub_purposes", "automated_decision",
        "automated_decision_details", "legal_bases", "art9_condition", "subjects",
        "concerns_minors", "concerns_under_15", "data_categories", "data_source",
        "collection_mandatory", "recipients", "storage", "transfers", "consent",
        "information", "rights", "rights_contact", "updated_at", "unanswered_questions",
        "warnings"}
    assert set(card["transfers"][0]) == {"recipient", "country", "guarantee", "guarantee_plain"}
    assert card["recipients"][0]["processor"]["contract"] is None
    (ended,) = register["ended_activities"]
    assert set(ended) == set(card)
    assert (ended["reference"], ended["name"], ended["ended_on"]) == (
        "T-006", "Ancien traitement terminé", "2025-07-01")


def test_a_public_contract_is_shown_only_when_marked_public(client):
    academie = make_academie()
    organisation = make_organisation(academie)
    processor = make_processor(academie, name="Éditeur Transparent", contract_public=True,
                               contract_signed=True, contract_reference="Marché 2026-14",
                               contract_url="https://ac.example/contrat-2026-14.pdf")
    make_activity(organisation, make_user("responsable", organisation=organisation),
                  Status.EN_SERVICE, name="Cahier de textes",
                  recipients=[{"kind": "sous_traitant", "name": "Éditeur Transparent",
                               "processor_id": processor.id, "data_categories": ["vie_scolaire"]}])
    db.session.commit()
    page = client.get(f"/registre/{organisation.uai}").get_data(as_text=True)
    assert '<a href="https://ac.example/contrat-2026-14.pdf" rel="noopener noreferrer">Marché 2026-14</a>' in page
