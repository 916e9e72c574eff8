"""The public register in real Chromium: headings, warnings, keyboard, print, and axe-core."""

import pytest

from registre.extensions import db
from registre.models import OrganisationKind
from tests.browser_support import axe_source, run_axe, serious
from tests.factories import make_academie, make_organisation, make_processor
from tests.public_support import microsoft_2015, publish
from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser




@pytest.fixture
def register_uai(app):
    academie = make_academie(name="Académie de Versailles", code="versailles")
    organisation = make_organisation(academie, name="École élémentaire Jules-Ferry",
                                     kind=OrganisationKind.ECOLE, commune="Sèvres")
    processor = make_processor(academie, name="Microsoft", legal_entity="Microsoft Ireland",
                               jurisdiction="US", datacenter_countries=["IE"])
    publish(organisation, name="Vie scolaire et notes")
    microsoft_2015(organisation, processor)
    publish(organisation, name="Droit à l'image", legal_bases=[{"basis": "6.1.a"}],
            consent_required=True, consent_signatories="conjoint_eleve_et_responsables",
            consent_text={"title": "Autorisation de droit à l'image",
                          "url": "https://ecole.example/autorisation.pdf"})
    db.session.commit()
    return organisation.uai



def test_public_register_in_chromium_is_accessible(server, browser, register_uai):
    source = axe_source()
    ARTIFACTS.mkdir(exist_ok=True)
    # axe is injected as an inline script, which our CSP forbids: bypass it in this context.
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    page = context.new_page()
    response = page.goto(f"{server}/registre/{register_uai}")
    assert response.status == 200

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").all_inner_texts() == ["École élémentaire Jules-Ferry"]
    card_titles = page.locator("details.activity .activity-name").all_inner_texts()
    assert card_titles == ["Vie scolaire et notes", "Office 365 Éducation (partenariat 2015)",
                           "Droit à l'image"]
    # Issue 11.10: the cards are closed until a parent opens one.
    microsoft = page.locator("article.activity-card").nth(1)
    assert not microsoft.is_visible()
    page.locator("details.activity summary").nth(1).click()
    assert microsoft.locator("h2").inner_text() == "Office 365 Éducation (partenariat 2015)"
    assert microsoft.locator("h3").count() == 9
    warnings = microsoft.locator(".unanswered")
    assert warnings.count() == 6
    for index in range(6):
        assert warnings.nth(index).is_visible()
        assert "Non renseigné" in warnings.nth(index).inner_text()
    assert page.locator("article.activity-card").nth(0).locator(".unanswered").count() == 0
    assert "CLOUD Act" in microsoft.inner_text()
    microsoft.screenshot(path=str(ARTIFACTS / "public-register-microsoft-2015.png"))

    # Keyboard: the first Tab reaches the visible skip link, Enter moves to the content.
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    page.screenshot(path=str(ARTIFACTS / "public-register.png"), full_page=True)
    violations = run_axe(page, source)
    assert serious(violations) == []
    print("axe, page du registre :", [(item["id"], item["impact"]) for item in violations])

    # Print: no navigation, every card printed, even the closed ones.
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert page.locator("article.activity-card").count() == 3
    for index in range(3):
        assert page.locator("article.activity-card h2").nth(index).is_visible()
    context.close()


def test_public_search_in_chromium_is_accessible(server, browser, register_uai):
    source = axe_source()
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/registre")
    page.get_by_label("Nom, commune, code postal ou code UAI de l'établissement").fill("ecole sevres")
    page.keyboard.press("Enter")
    page.wait_for_url("**/registre?q=*")
    link = page.get_by_role("link", name="École élémentaire Jules-Ferry")
    assert link.is_visible()
    page.screenshot(path=str(ARTIFACTS / "public-search.png"), full_page=True)
    assert serious(run_axe(page, source)) == []
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/registre/{register_uai}")
    assert page.locator("h1").inner_text() == "École élémentaire Jules-Ferry"
    context.close()
