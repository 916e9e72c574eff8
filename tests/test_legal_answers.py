"""Issue 10: nothing false to parents or auditors — the answers (items 1, 3, 9, 11, 13).

Each test states the legal reason its answer must hold; the public page, the open data and
the exports must give the same answer (one function per answer, registre/fiche/answers.py).
"""
import json

import sqlalchemy as sa

from registre.exports.layout import FULL_HEADERS
from registre.extensions import db
from registre.fiche.answers import consent_answer
from registre.imports.services import commit_import, read_import
from registre.models import Activity, Organisation, OrganisationKind, Role
from tests.export_helpers import export_file, read_csv
from tests.factories import make_organisation, make_processor, make_user
from tests.import_helpers import cnil_fiche_rows, xlsx_bytes
from tests.public_support import card_html, publish, text_of

# The demo's "Annuaire transmis aux associations": the elections (6.1.e) use the contacts
# whatever parents answer; only the transmission to the associations rests on consent.
DIRECTORY = {
    "name": "Annuaire transmis aux associations",
    "legal_bases": [{"basis": "6.1.e", "justification": "Élections des représentants"},
                    {"basis": "6.1.a", "justification": "Transmission aux associations"}],
    "consent_required": True, "consent_kind": "rgpd",
    "consent_scope": "La transmission de vos coordonnées aux associations de parents",
    "consent_signatories": "responsables_legaux", "consent_reason": "",
    "consent_text": {"title": "Accord de transmission", "version": "2026", "url": ""},
}


def _page(client, organisation) -> str:
    db.session.commit()
    response = client.get(f"/registre/{organisation.uai}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_consent_answer_names_the_use_it_covers_and_never_claims_no_use_without_it(client):
    """RGPD art. 6.1 and 12.1: with 6.1.e and 6.1.a, the contacts are used for the elections
    whatever parents answer; « Sans cet accord, les données ne sont pas utilisées » is said
    of the consented use only, and the two bases no longer read as a contradiction."""
    organisation = make_organisation()
    publish(organisation, **DIRECTORY)
    text = text_of(card_html(_page(client, organisation), DIRECTORY["name"]))
    assert "Oui, votre accord est demandé. Sans cet accord, les données ne sont pas utilisées" \
        not in text
    assert "Cet accord porte sur : La transmission de vos coordonnées aux associations" in text
    assert ("Sans cet accord, les données ne sont pas utilisées pour cet usage ; le reste du "
            "traitement ne dépend pas de votre accord.") in text
    assert "pour l'usage qui repose sur cette base, votre accord n'est pas demandé" in text
    assert "Une mission d'intérêt public : votre accord n'est pas demandé, mais" not in text


def test_consent_said_not_required_under_basis_6_1_a_is_not_repeated_to_parents(client):
    """RGPD art. 6.1.a and 7: a fiche saying both « consentement » and « accord non demandé »
    tells parents nothing true: « Non renseigné », with the contradiction named."""
    organisation = make_organisation()
    publish(organisation, name="Photos", legal_bases=[{"basis": "6.1.a", "justification": ""}],
            consent_required=False, consent_reason="")
    text = text_of(card_html(_page(client, organisation), "Photos"))
    assert "Non, votre accord n'est pas demandé" not in text
    assert "Non renseigné : les réponses du registre se contredisent" in text


def test_open_data_and_public_page_give_the_same_consent_answer(client):
    """One function per answer: the CSV's « Accord demandé » is the page's sentence."""
    organisation = make_organisation()
    activity = publish(organisation, **DIRECTORY)
    page_text = text_of(card_html(_page(client, organisation), DIRECTORY["name"]))
    rows = read_csv(client.get(f"/registre/{organisation.uai}.csv").get_data())
    cell = dict(zip(rows[0], rows[1], strict=True))["Accord demandé"]
    answer = consent_answer(True, "rgpd", DIRECTORY["consent_scope"], activity.basis_codes)
    assert cell == answer.text and answer.headline in page_text
    assert cell != "Oui"
    opendata = client.get(f"/registre/{organisation.uai}.json").get_json()
    assert opendata["activities"][0]["consent"]["answer"]["text"] == cell


def test_unknown_automated_decision_is_non_renseigne_not_no(client):
    """RGPD art. 22: whether a decision is automated is unknown until someone says so; the
    card no longer states « Aucune décision n'est prise automatiquement »."""
    organisation = make_organisation()
    publish(organisation, name="Inconnu", automated_decision="inconnu")
    publish(organisation, name="Dit non", automated_decision="non")
    page = _page(client, organisation)
    unknown = text_of(card_html(page, "Inconnu"))
    assert "Aucune décision n'est prise automatiquement" not in unknown
    assert "Une décision est-elle prise automatiquement à votre sujet ? Non renseigné" in unknown
    assert "Non : aucune décision n'est prise automatiquement" in text_of(card_html(page, "Dit non"))


def test_without_a_legal_basis_the_rights_are_non_renseigne_not_a_shorter_list(client):
    """RGPD art. 17, 20, 21: erasure, portability and objection depend on the basis; without
    one the card must not silently list three rights as if they were all."""
    organisation = make_organisation()
    publish(organisation, name="Sans base", legal_bases=[], consent_required=None)
    text = text_of(card_html(_page(client, organisation), "Sans base"))
    assert "Pour ce traitement, vous pouvez" not in text
    assert "Non renseigné : les droits qui s'appliquent dépendent de la base légale" in text
    rows = read_csv(client.get(f"/registre/{organisation.uai}.csv").get_data())
    assert dict(zip(rows[0], rows[1], strict=True))["Droits"] == "Non renseigné"


def test_foreign_law_sentence_is_french_and_spares_adequate_countries(client):
    """RGPD art. 45 and 48: a Swiss parent company (adequacy decision 2000/518/CE) is no
    warning; the US one is, in correct French (no « Des lois étrangères, peuvent »)."""
    organisation = make_organisation()
    swiss = make_processor(organisation.academie, name="Helvète SA", jurisdiction="CH")
    american = make_processor(organisation.academie, name="Nuage Inc", jurisdiction="US")
    for name, processor in (("Suisse", swiss), ("Américain", american)):
        publish(organisation, name=name, hosting="prestataire",
                hosting_processor_id=processor.id)
    page = _page(client, organisation)
    assert "data-jurisdiction" not in card_html(page, "Suisse")
    text = text_of(card_html(page, "Américain"))
    assert "Des lois étrangères (comme le CLOUD Act américain) peuvent obliger" in text
    assert "étrangères, " not in text


def test_exports_say_when_the_processing_began_where_data_rest_and_processor_status(app):
    """CNIL 2019 model: « Date de création du traitement » is when the processing began, not
    the fiche; storage is derived from the host as on the public page; the processor's
    country, art. 28 contract and DPF status are exported."""
    organisation = make_organisation()
    host = make_processor(organisation.academie, name="Hébergeur IE", jurisdiction="US",
                          datacenter_countries=["IE"], contract_signed=True,
                          dpf_certified=True, dpf_checked_on=None)
    publish(organisation, name="Hébergé", started_on="2019-09-02", hosting="prestataire",
            hosting_processor_id=host.id, storage_countries=[])
    db.session.commit()
    rows = read_csv(export_file(organisation, "csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert {"Début du traitement", "Pays de stockage (fiche ou hébergeur)",
            "Sous-traitants : pays, contrat, DPF"} <= set(FULL_HEADERS)
    assert row["Début du traitement"] == "02/09/2019"
    assert row["Pays de stockage"] == "" and row["Pays de stockage (fiche ou hébergeur)"] == "IE"
    assert row["Sous-traitants : pays, contrat, DPF"] == (
        "Hébergeur IE (pays de la société mère : US ; contrat art. 28 : signé le 01/09/2025 ; DPF : "
        "certifié, date de vérification non renseignée)")


def test_demo_microsoft_2015_is_ended_history_with_its_unknowns(runner, client):
    """Issue 10 item 13: the 2015 partnership is history; its controller and Microsoft's role
    are unknown; 13 M€ is Microsoft's announced investment; no DPF claim (the DPF dates from
    2023; Safe Harbor was invalidated on 6 October 2015)."""
    assert runner.invoke(args=["registre", "seed-demo"]).exit_code == 0
    fiche = db.session.scalars(sa.select(Activity).where(
        Activity.name.like("Partenariat Microsoft%"))).one()
    assert fiche.status.value == "termine" and fiche.ended_on is not None
    assert not (fiche.controller_title or fiche.controller_name)
    assert fiche.hosting_processor.dpf_certified is False
    assert "Microsoft annonçait y investir 13 millions d'euros" in fiche.purpose
    assert "6 octobre 2015" in fiche.internal_notes
    page = client.get(f"/registre/{fiche.organisation.uai}").get_data(as_text=True)
    section = page[page.index('id="termines"'):]
    card = text_of(card_html(section, fiche.name))
    assert "Responsable du traitement : Non renseigné" in card
    assert "rôle — sous-traitant ou non — non renseigné" in card
    assert "Une décision est-elle prise automatiquement à votre sujet ? Non renseigné" in card
    assert "Microsoft France.." not in text_of(page)
    assert "infrastructure de Index" not in text_of(page)
    assert "sur l'infrastructure d'Index Éducation" in text_of(page)
    onde = db.session.scalars(sa.select(Activity).where(Activity.name.like("%ONDE"))).all()
    assert onde and all("IA-DASEN" not in json.dumps([r.title for r in a.joint_controllers])
                        for a in onde)


def test_auditor_export_of_an_unknown_automated_decision_says_non_renseigne(client, login):
    """Auditors read the same « Non renseigné » as parents, never « Non »."""
    organisation = make_organisation()
    publish(organisation, name="Inconnu", automated_decision="inconnu")
    login(make_user(Role.AUDITEUR, organisation=organisation))
    db.session.commit()
    rows = read_csv(client.get(f"/etablissements/{organisation.uai}/export.csv").get_data())
    assert dict(zip(rows[0], rows[1], strict=True))["Décision automatisée"] == "Non renseigné"


def test_unknown_contract_and_remote_access_are_non_renseigne_not_no(client):
    """RGPD art. 28 and 44: an unknown contract is not « non signé »; unknown remote access
    from outside the EU is said to be unknown."""
    organisation = make_organisation()
    host = make_processor(organisation.academie, name="Inconnu SAS", contract_public=True,
                          contract_signed=None, contract_reference="", contract_url="",
                          access_from_outside_eu=None)
    publish(organisation, name="Hébergé", hosting="prestataire", hosting_processor_id=host.id,
            recipients=[{"kind": "sous_traitant", "processor_id": host.id,
                         "data_categories": ["etat_civil"]}])
    text = text_of(card_html(_page(client, organisation), "Hébergé"))
    assert "Contrat de sous-traitance : Non renseigné" in text and "non signé" not in text
    assert ("Accès depuis l'extérieur de l'Union européenne (assistance technique, "
            "télémétrie) : Non renseigné") in text


def test_cnil_model_date_de_creation_du_traitement_is_read_as_started_on(app):
    """CNIL 2019 model, sheet 3: « Date de création du traitement » is when the processing
    began; the import keeps it (it is not the fiche's creation date)."""
    rows = cnil_fiche_rows()
    rows.insert(rows.index(["N° / RÉF", "R-7"]) + 1,
                ["Date de création du traitement", "02/09/2019"])
    organisation = make_organisation()
    parsed = read_import("cantine.xlsx", xlsx_bytes({"Ma fiche": rows}), organisation)
    assert parsed.problems == []
    [activity] = commit_import(organisation, parsed, None)
    assert activity.started_on.isoformat() == "2019-09-02"


def test_seed_large_takes_controller_titles_from_kind_and_sector(runner):
    """DESIGN §2 (issue 10 item 2): a public école's controller is the IA-DASEN, never its
    director — the synthetic data too take the title from the one function."""
    result = runner.invoke(args=["registre", "seed-large", "--academie", "essai", "--schools",
                                 "3", "--activities", "1"])
    assert result.exit_code == 0, result.output
    titles = {o.kind: o.controller_title for o in db.session.scalars(sa.select(Organisation))}
    assert titles[OrganisationKind.ECOLE] == "IA-DASEN, par délégation du recteur"
    assert titles[OrganisationKind.COLLEGE] == "Chef d'établissement"
