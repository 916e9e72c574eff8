"""Issue 11.10–11.12: the public page is a short list first; placeholders are « Non renseigné »;
the count of unanswered questions is the number of « Non renseigné » blocks shown."""
import re
from html import unescape

import pytest

from registre.compliance.stored import findings_of
from registre.extensions import db
from tests.factories import make_academie, make_organisation, make_processor
from tests.public_support import card_html, microsoft_2015, publish, text_of


def _page(client, organisation) -> str:
    db.session.commit()
    response = client.get(f"/registre/{organisation.uai}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _summaries(html: str) -> list[str]:
    return [text_of(item) for item in re.findall(r"<summary>(.*?)</summary>", html, flags=re.S)]


def test_fifteen_activities_are_a_short_list_each_opening_on_demand(client):
    organisation = make_organisation()
    for number in range(1, 16):
        publish(organisation, name=f"Traitement {number:02d}",
                purpose=f"Finalité numéro {number}.")
    html = _page(client, organisation)
    # The list comes first: every activity is a closed <details> whose summary says its
    # name, its purpose and how many questions it leaves unanswered (no script needed).
    details = re.findall(r"<details class=\"activity\"[^>]*>", html)
    assert len(details) == 15 and not any("open" in tag for tag in details)
    summaries = _summaries(html)
    assert summaries[0] == ("Traitement 01 Finalité numéro 1. "
                            "Toutes les questions ont une réponse")
    assert len(summaries) == 15
    # Each card ends with a way back to the list.
    assert html.count('<a href="#sommaire">Retour à la liste des traitements</a>') == 15
    assert html.index('id="sommaire"') < html.index("<details")


def _blocks(article: str) -> int:
    return unescape(article).count("Non renseigné")


def test_count_of_unanswered_questions_equals_the_blocks_shown(client):
    """Issue 11.12: one list of gaps makes both the count and the blocks."""
    organisation = make_organisation()
    processor = make_processor(organisation.academie, name="Microsoft")
    microsoft_2015(organisation, processor)
    publish(organisation, name="Sans finalité ni destinataire", purpose="",
            legal_bases=[], subject_categories=[], recipients=[])
    publish(organisation, name="Complète")
    html = _page(client, organisation)
    expected = {"Office 365 Éducation (partenariat 2015)": 6,
                # + the rights: without a legal basis, which rights apply is unknown.
                "Sans finalité ni destinataire": 5, "Complète": 0}
    summaries = _summaries(html)
    for name, count in expected.items():
        article = card_html(html, name)
        assert _blocks(article) == count, name
        summary = next(text for text in summaries if text.startswith(name))
        if count:
            assert f"{count} question{'s' if count > 1 else ''} sans réponse" in summary
            assert (f"Ce traitement laisse {count} question{'s' if count > 1 else ''} "
                    "des familles sans réponse") in text_of(article)
        else:
            assert "Toutes les questions ont une réponse" in summary


def test_placeholders_are_not_answers_for_parents_and_are_findings_on_the_fiche(client):
    """Issue 11.11 (RGPD art. 12): "(à vérifier)", "TODO"… read as « Non renseigné »."""
    organisation = make_organisation()
    activity = publish(
        organisation, name="Fiche provisoire", purpose="TODO",
        data_categories=[{"category": "etat_civil", "description": "xxx",
                          "retention_criteria": "(à vérifier)", "final_fate": "destruction"}],
        consent_required=True, consent_text={"title": "(référence à compléter)"},
        information_channel="à compléter")
    html = _page(client, organisation)
    card = unescape(card_html(html, "Fiche provisoire"))
    for placeholder in ("TODO", "xxx", "à vérifier", "à compléter"):
        assert placeholder not in card, placeholder
    gaps = set(re.findall(r'data-question="(\w+)"', card))
    assert {"finalite", "duree", "texte"} <= gaps
    assert card.count("Non renseigné") == len(re.findall(r'data-question="', card))
    findings = findings_of([activity.id])[activity.id]
    flagged = {finding.field for finding in findings if finding.rule == "texte-provisoire"}
    assert flagged == {"purpose", "data_categories[0].description",
                       "data_categories[0].retention_criteria", "consent_text.title",
                       "information_channel"}
    unanswered = {f.field for f in findings if f.rule == "question-parents-sans-reponse"}
    assert {"data_categories.retention", "consent_text"} <= unanswered


@pytest.mark.parametrize(("criteria", "sentence"), [
    ("Jusqu'à la fin de l'année scolaire", "Conservées jusqu'à la fin de l'année scolaire"),
    ("Fin de la scolarité + 1 an", "Conservées jusqu'à la fin de la scolarité + 1 an"),
    ("Durée de la scolarité", "Conservées pendant la durée de la scolarité"),
    ("Année scolaire", "Conservées : année scolaire"),
])
def test_retention_criteria_are_not_introduced_twice(client, criteria, sentence):
    organisation = make_organisation()
    publish(organisation, name="Cantine", data_categories=[
        {"category": "etat_civil", "description": "Nom",
         "retention_criteria": criteria, "final_fate": "destruction"}])
    text = text_of(card_html(_page(client, organisation), "Cantine"))
    assert f"{sentence}, puis détruites." in text
    assert "jusqu'à : " not in text.lower()


def test_dpd_address_inside_a_sentence_is_a_mailto_link(client):
    academie = make_academie(rights_contact="Délégué de l'académie : dpd@ac-exemple.fr, "
                                            "Rectorat, 1 rue du Lac")
    organisation = make_organisation(academie)
    publish(organisation)
    html = _page(client, organisation)
    assert '<a href="mailto:dpd@ac-exemple.fr">dpd@ac-exemple.fr</a>, Rectorat' in html
