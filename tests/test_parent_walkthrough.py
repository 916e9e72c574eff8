"""Issue 16 "done when": a parent follows a school's register in English, in Chromium — finds
the school, reads it in English, opens "what changed", subscribes to the feed, downloads the
PDF — and the feed and the PDF are in the language asked."""
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tests.public_pages_helpers import public_school
from tests.support import ARTIFACTS, require_tool

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def uai(app):
    return public_school()


def _pdf_pages(data: bytes) -> list[str]:
    require_tool("pdftotext", "lecture du PDF public")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_the_feed_is_in_the_language_asked_with_ids_that_do_not_depend_on_it(client, uai):
    french = ET.fromstring(client.get(f"/registre/{uai}/changements.atom").data)
    english = ET.fromstring(client.get(f"/registre/{uai}/changements.atom?lang=en").data)
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert english.findtext(f"{ATOM}title") == (
        "Public register of École élémentaire Jules-Ferry: what changed")
    titles = [entry.findtext(f"{ATOM}title") for entry in english.iter(f"{ATOM}entry")]
    assert titles[0] == "Answers changed: Vie scolaire et notes"
    assert "Processing published: Droit à l'image" in titles
    summary = english.find(f"{ATOM}entry").findtext(f"{ATOM}summary")
    assert "Countries of storage" in summary and "France → Ireland" in summary
    # A feed reader keeps one identity per entry, whatever the language it was read in.
    assert ([entry.findtext(f"{ATOM}id") for entry in english.iter(f"{ATOM}entry")]
            == [entry.findtext(f"{ATOM}id") for entry in french.iter(f"{ATOM}entry")])
    assert "lang=" not in english.findtext(f"{ATOM}id")


def test_the_pdf_is_in_the_language_asked_with_its_date_on_every_page(client, uai):
    pages = _pdf_pages(client.get(f"/registre/{uai}.pdf?lang=en").data)
    assert "Who is responsible for your data?" in pages[0]
    assert all("register up to date as of" in page for page in pages)
    assert not any("Qui est responsable" in page for page in pages)


@pytest.mark.browser
def test_a_parent_follows_the_register_in_english(server, browser, uai):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="en-GB", accept_downloads=True,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/registre")
    assert page.locator("h1").inner_text() == "Public register of data processing"
    page.get_by_label("School name, town, postcode or UAI code").fill("jules ferry")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="École élémentaire Jules-Ferry").click()
    page.wait_for_url(f"**/registre/{uai}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#responsable").inner_text() == "Who is responsible for your data?"

    page.get_by_role("link", name="What changed").click()
    page.wait_for_url(f"**/registre/{uai}/changements")
    assert "Countries of storage" in page.locator(".changes").inner_text()
    page.screenshot(path=str(ARTIFACTS / "parent-what-changed-en.png"), full_page=True)
    feed_link = page.get_by_role("link", name="Subscribe to these changes (Atom feed)")
    feed = page.request.get(server + feed_link.get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.body())
    assert root.findtext(f"{ATOM}title").endswith(": what changed")

    page.get_by_role("link", name="Read the current register").click()
    page.wait_for_url(f"**/registre/{uai}")
    pdf_link = page.get_by_role("link", name="Printable version (PDF)")
    assert pdf_link.get_attribute("type") == "application/pdf"
    # The PDF opens inline; fetch it as the browser does (its request API does not add the
    # browser's language by itself).
    pdf = page.request.get(server + pdf_link.get_attribute("href"),
                           headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    path = ARTIFACTS / "parent-register-en.pdf"
    path.write_bytes(pdf.body())
    assert "Who is responsible for your data?" in _pdf_pages(path.read_bytes())[0]
    context.close()
