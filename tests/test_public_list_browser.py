"""Issue 11.10 in Chromium on a phone (390 px): a short list first, each activity opening on
demand with the keyboard or a tap, a way back to the list, no horizontal scrolling."""
import xml.etree.ElementTree as ET

import pytest

from registre.extensions import db
from registre.models import Organisation
from tests.browser_support import axe_source, run_axe, serious
from tests.factories import make_organisation, make_processor
from tests.public_support import microsoft_2015, publish
from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture
def fifteen(app):
    organisation = make_organisation(name="Collège Jean Moulin")
    processor = make_processor(organisation.academie, name="Microsoft", jurisdiction="US")
    microsoft_2015(organisation, processor)
    for number in range(2, 16):
        publish(organisation, name=f"Traitement numéro {number} avec un nom assez long",
                purpose="Une finalité décrite en une phrase, comme un parent la lit. " * 2)
    db.session.commit()
    return organisation.uai


def test_fifteen_activities_on_a_phone(server, browser, fifteen):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(bypass_csp=True, locale="fr-FR",
                                  viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/registre/{fifteen}")
    summaries = page.locator("details.activity > summary")
    assert summaries.count() == 15
    assert page.locator("article.activity-card:visible").count() == 0
    assert "6 questions sans réponse" in summaries.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "public-register-390-list.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"défilement horizontal : {width} px"

    # Keyboard, no script: Tab to the first summary, Enter opens it.
    summaries.first.focus()
    page.keyboard.press("Enter")
    card = page.locator("article.activity-card").first
    assert card.is_visible()
    assert card.locator(".unanswered").count() == 6
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "public-register-390-open.png"), full_page=False)
    back = page.get_by_role("link", name="Retour à la liste des traitements").first
    assert back.is_visible()
    back.click()
    assert page.url.endswith("#sommaire")
    context.close()

    context = browser.new_context(bypass_csp=True, locale="fr-FR",
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/registre/{fifteen}")
    page.locator("details.activity > summary").nth(3).click()
    assert serious(run_axe(page, axe_source())) == []
    context.close()


@pytest.mark.parametrize("path", ["changements", "academie"])
def test_new_public_pages_are_accessible_on_a_phone(server, browser, fifteen, path):
    organisation = db.session.scalars(
        db.select(Organisation).where(Organisation.uai == fifteen)).one()
    url = (f"/registre/{fifteen}/changements" if path == "changements"
           else f"/registre/academies/{organisation.academie.code}")
    context = browser.new_context(bypass_csp=True, locale="fr-FR",
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    assert page.goto(f"{server}{url}").status == 200
    page.screenshot(path=str(ARTIFACTS / f"public-{path}-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious(run_axe(page, axe_source())) == []
    context.close()


def test_a_parent_finds_the_school_follows_changes_and_gets_the_pdf(server, browser, fifteen):
    """Issue 16 (done when, without the English part): search with typos, open the school,
    read what changed, find the feed to subscribe to, download the PDF."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/registre")
    page.get_by_label("Nom, commune, code postal ou code UAI de l'établissement").fill(
        "colege jean mouln")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Collège Jean Moulin").click()
    page.wait_for_url(f"**/registre/{fifteen}")
    page.get_by_role("link", name="Ce qui a changé").click()
    page.wait_for_url(f"**/registre/{fifteen}/changements")
    assert "Traitement publié : Office 365 Éducation (partenariat 2015)" in page.inner_text("main")
    feed_url = page.get_by_role("link", name="S'abonner à ces changements (flux Atom)") \
        .get_attribute("href")
    feed = page.request.get(f"{server}{feed_url}")
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    assert ET.fromstring(feed.body()).tag == "{http://www.w3.org/2005/Atom}feed"
    page.go_back()
    pdf_url = page.get_by_role("link", name="Version imprimable (PDF)").get_attribute("href")
    pdf = page.request.get(f"{server}{pdf_url}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    context.close()
