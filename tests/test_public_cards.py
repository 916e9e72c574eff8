"""Each question of a public card, answered for the representative activities a parent meets."""
import pytest

from registre.compliance.findings import unanswered_parent_questions
from registre.extensions import db
from registre.models import OrganisationKind
from tests.factories import make_academie, make_organisation, make_processor
from tests.public_support import (
    card_html,
    microsoft_2015,
    outline,
    publish,
    text_of,
    warnings_by_heading,
)

HEADINGS = ["Pourquoi ?", "Sur quelle base ?", "Quelles données ?", "Qui les reçoit ?",
            "Où sont-elles stockées ?", "Combien de temps ?", "Votre accord est-il demandé ?",
            "Avez-vous été informés ?", "Quels sont vos droits ?"]
# Where each of the six parents' questions is shown on the card.
QUESTION_HEADING = {"informes": "Avez-vous été informés ?",
                    "accord": "Votre accord est-il demandé ?",
                    "texte": "Votre accord est-il demandé ?",
                    "stockage": "Où sont-elles stockées ?", "duree": "Combien de temps ?"}


def _page(client, organisation) -> str:
    db.session.commit()
    response = client.get(f"/registre/{organisation.uai}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_header_says_who_is_responsible_and_how_to_exercise_rights(client):
    academie = make_academie(name="Académie de Versailles", dpd_name="Nom Du DPD",
                             rights_contact="dpd-droits@ac-versailles.fr")
    organisation = make_organisation(academie, name="Collège Jean-Moulin", commune="Sèvres")
    publish(organisation)
    html = _page(client, organisation)
    text = text_of(html)
    assert outline(html)[0] == ("h1", "Collège Jean-Moulin")
    assert "Sèvres" in text and organisation.uai in text
    assert "Le responsable des traitements de cet établissement est le chef d'établissement" in text
    assert ("délégué à la protection des données (DPD) de l'académie de Versailles : "
            "dpd-droits@ac-versailles.fr") in text
    assert 'href="mailto:dpd-droits@ac-versailles.fr"' in html
    assert "Nom Du DPD" not in text
    assert 'href="https://www.cnil.fr/fr/plaintes"' in html
    assert "Dernière mise à jour du registre :" in text
    assert 'lang="fr"' in html and 'href="#contenu"' in html


def test_an_ecole_names_the_ia_dasen(client):
    organisation = make_organisation(kind=OrganisationKind.ECOLE, name="École Jules-Ferry")
    publish(organisation)
    text = text_of(_page(client, organisation))
    assert ("est l'IA-DASEN (directeur académique des services de l'éducation nationale), "
            "par délégation du recteur") in text


def test_card_has_every_question_as_a_heading_under_its_activity(client):
    organisation = make_organisation()
    publish(organisation, name="Vie scolaire et notes")
    html = _page(client, organisation)
    headings = outline(card_html(html, "Vie scolaire et notes"))
    assert headings[0] == ("h2", "Vie scolaire et notes")
    assert [value for tag, value in headings if tag == "h3"] == HEADINGS
    text = text_of(card_html(html, "Vie scolaire et notes"))
    assert ("Une mission d'intérêt public : votre accord n'est pas demandé, mais vous devez "
            "être informés") in text
    assert "État civil, identité, données d'identification : Conservées 1 an, puis détruites." in text
    assert "Non, votre accord n'est pas demandé." in text
    assert "Oui, les familles ont été informées." in text and "Règlement intérieur" in text
    assert "Non renseigné" not in text


def test_processor_outside_the_eu_warns_about_foreign_law_and_states_the_transfer(client):
    organisation = make_organisation()
    processor = make_processor(
        organisation.academie, name="Microsoft Ireland", legal_entity="Microsoft Ireland Operations Ltd",
        jurisdiction="US", datacenter_countries=["IE", "NL"], backup_countries=["AT"],
        hosting_provider="Microsoft Azure", access_from_outside_eu=True,
        certifications=["ISO 27001"])
    publish(organisation, name="Messagerie des élèves", hosting="prestataire",
            hosting_processor_id=processor.id, storage_countries=[],
            recipients=[{"kind": "sous_traitant", "name": "Microsoft", "processor_id": processor.id,
                         "data_categories": ["etat_civil", "connexion"]}],
            transfers=[{"recipient": "Microsoft Corporation", "country": "US", "guarantee": "cct",
                        "documentation": "Annexe interne 12"}])
    card = card_html(_page(client, organisation), "Messagerie des élèves")
    text = text_of(card)
    assert "Chez un prestataire privé." in text
    assert "Hébergeur : Microsoft Ireland, sur l'infrastructure de Microsoft Azure." in text
    assert ("Pays de stockage : Irlande (Union européenne), Pays-Bas (Union européenne), "
            "Autriche (Union européenne).") in text
    assert 'data-jurisdiction="US"' in card
    assert "soumise au droit de ce pays : États-Unis" in text and "CLOUD Act" in text
    assert "Des accès depuis l'extérieur de l'Union européenne sont possibles" in text
    assert ("vers Microsoft Corporation, États-Unis (hors de l'Union européenne) — garantie : "
            "des clauses contractuelles types de la Commission européenne.") in text
    assert ("Microsoft — Prestataire (sous-traitant) qui traite les données pour le compte de "
            "l'établissement. Société : Microsoft Ireland Operations Ltd.") in text
    assert ("Données reçues : État civil, identité, données d'identification, "
            "Données de connexion") in text
    assert "Annexe interne 12" not in text
    assert "Non renseigné" not in text


def test_eu_processor_has_no_foreign_law_warning(client):
    organisation = make_organisation()
    processor = make_processor(organisation.academie, name="Hébergeur régional",
                               jurisdiction="FR", datacenter_countries=["FR"])
    publish(organisation, name="ENT", hosting="prestataire", hosting_processor_id=processor.id,
            storage_countries=[])
    card = card_html(_page(client, organisation), "ENT")
    assert "data-jurisdiction" not in card and "CLOUD Act" not in card
    assert "Aucun transfert hors de l'Union européenne n'est déclaré." in text_of(card)


def test_image_rights_under_15_are_signed_jointly_with_a_link_to_the_text(client):
    organisation = make_organisation(kind=OrganisationKind.ECOLE)
    publish(organisation, name="Droit à l'image", purpose="Photos de classe et site de l'école",
            legal_bases=[{"basis": "6.1.a", "justification": ""}],
            concerns_minors=True, min_age=6, max_age=11,
            data_categories=[{"category": "image_voix", "description": "Photos",
                              "active_duration": 1, "active_unit": "ans"}],
            consent_required=True, consent_signatories="conjoint_eleve_et_responsables",
            consent_text={"title": "Autorisation de droit à l'image", "version": "2026-1",
                          "url": "https://ecole.example/autorisation-image.pdf"},
            consent_withdrawal="Par écrit à la directrice, à tout moment.")
    card = card_html(_page(client, organisation), "Droit à l'image")
    text = text_of(card)
    assert ("Votre consentement : le traitement repose sur votre accord, que vous pouvez le "
            "retirer à tout moment.").replace("le retirer", "retirer") in text
    assert "Oui, votre consentement est demandé (RGPD, art. 6.1.a)." in text
    assert "Sans cet accord, les données ne sont pas utilisées." in text
    assert "Qui signe : Vous et votre enfant, ensemble" in text
    assert ('<a href="https://ecole.example/autorisation-image.pdf" rel="noopener noreferrer">'
            "Autorisation de droit à l&#39;image</a> (version 2026-1)") in card
    assert "Pour retirer votre accord : Par écrit à la directrice, à tout moment." in text
    assert "retirer votre accord à tout moment" in text
    assert "Des enfants de moins de 15 ans sont concernés." in text
    assert "data-question" not in card


def test_national_processing_names_the_minister_and_its_text(client):
    organisation = make_organisation()
    publish(organisation, name="Livret scolaire unique", scope="national",
            legal_text="Arrêté du 24 décembre 2014 relatif au livret scolaire unique numérique",
            legal_bases=[{"basis": "6.1.c", "justification": "Code de l'éducation"}])
    html = _page(client, organisation)
    text = text_of(card_html(html, "Livret scolaire unique"))
    assert ("Traitement national : le responsable est le ministre chargé de l'éducation "
            "nationale.") in text
    assert "Arrêté du 24 décembre 2014 relatif au livret scolaire unique numérique" in text
    assert "Une obligation légale : la loi oblige l'établissement" in text
    assert "vous opposer au traitement" not in text  # no objection under 6.1.c
    assert "Certains traitements sont nationaux" in text_of(html)


def test_microsoft_2015_fiche_shows_non_renseigne_exactly_for_the_unanswered_questions(client):
    organisation = make_organisation()
    processor = make_processor(organisation.academie, name="Microsoft", jurisdiction="US",
                               datacenter_countries=[])
    activity = microsoft_2015(organisation, processor)
    expected = unanswered_parent_questions(activity)
    assert set(expected) == {"informes", "accord", "texte", "donnees", "stockage", "duree"}
    card = card_html(_page(client, organisation), "Office 365 Éducation (partenariat 2015)")
    by_heading = warnings_by_heading(card)
    shown = [key for keys in by_heading.values() for key in keys]
    assert sorted(shown) == sorted(expected)
    for key, heading in QUESTION_HEADING.items():
        assert key in by_heading[heading]
    assert by_heading["Qui les reçoit ?"] == ["donnees"]  # categories exist; Microsoft's are unknown
    text = text_of(card)
    assert "Ce traitement laisse 6 questions des familles sans réponse." in text
    assert "Question des familles : « Les parents ont-ils été informés ? »" in text
    assert "soumise au droit de ce pays : États-Unis" in text


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"informed": "inconnu"}, ["informes"]),
    ({"consent_required": True, "consent_text": None,  # consent asked on a consent basis
      "legal_bases": [{"basis": "6.1.a", "justification": "Consentement"}]}, ["texte"]),
    ({"hosting": None}, ["stockage"]),
    ({"data_categories": [{"category": "etat_civil", "description": "Nom"}],
      "recipients": []}, ["duree"]),
    ({"data_categories": [], "recipients": []}, ["donnees", "duree"]),
])
def test_each_unanswered_question_gets_one_warning_under_its_heading(client, overrides, expected):
    organisation = make_organisation()
    activity = publish(organisation, name="Fiche incomplète", **overrides)
    assert unanswered_parent_questions(activity) == expected
    card = card_html(_page(client, organisation), "Fiche incomplète")
    by_heading = warnings_by_heading(card)
    # No recipient at all is also said, under "Qui les reçoit ?" (one block per gap).
    shown = expected + (["destinataires"] if overrides.get("recipients") == []
                        and "donnees" not in expected else [])
    assert sorted(key for keys in by_heading.values() for key in keys) == sorted(shown)
    if "donnees" in expected:
        assert by_heading["Quelles données ?"] == ["donnees"]


def test_sensitive_data_are_flagged(client):
    organisation = make_organisation()
    publish(organisation, name="Infirmerie", art9_condition="9.2.h",
            data_categories=[{"category": "sensible", "sensitive_kind": "sante",
                              "description": "Passages à l'infirmerie", "active_duration": 3,
                              "active_unit": "ans", "final_fate": "destruction"}])
    card = card_html(_page(client, organisation), "Infirmerie")
    assert '<strong class="sensitive">Donnée sensible : données de santé</strong>' in card
    assert "Conservées 3 ans, puis détruites." in text_of(card)


def test_only_web_addresses_become_links(client):
    organisation = make_organisation()
    publish(organisation, name="Liens", consent_required=True,
            legal_bases=[{"basis": "6.1.a", "justification": ""}],
            consent_signatories="responsables_legaux",
            consent_text={"title": "", "url": "javascript:alert(1)"},
            information_notice={"title": "Notice", "url": "Affichée dans le hall"})
    card = card_html(_page(client, organisation), "Liens")
    assert "javascript:" not in card.replace("Le texte signé : javascript:alert(1)", "")
    assert 'href="javascript' not in card and 'href="Affich' not in card
    assert "Le texte signé : javascript:alert(1)" in text_of(card)


def test_families_not_informed_is_said_plainly(client):
    organisation = make_organisation()
    publish(organisation, name="Sans information", informed="non", information_channel="")
    card = card_html(_page(client, organisation), "Sans information")
    assert '<div class="caution">' in card
    assert "Non : les familles n'ont pas été informées." in text_of(card)
    assert "data-question" not in card  # answered ("non"), so not "Non renseigné"


def test_transfer_without_guarantee_is_flagged(client):
    organisation = make_organisation()
    publish(organisation, name="Transfert nu",
            transfers=[{"recipient": "Support", "country": "IN", "guarantee": None}])
    text = text_of(card_html(_page(client, organisation), "Transfert nu"))
    assert "vers Support, Inde (hors de l'Union européenne) — garantie : aucune garantie indiquée." in text
