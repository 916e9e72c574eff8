"""Issue 16.4: the public register as a PDF for a parents' meeting, read back with pdftotext."""
import re
import subprocess

from registre.extensions import db
from tests.factories import make_organisation, make_processor
from tests.public_support import card_html, microsoft_2015, publish, text_of
from tests.support import require_tool


def _pages(data: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_pdf_gives_the_same_answers_as_the_page_with_the_date_on_every_page(client,
                                                                           frozen_clock):
    require_tool("pdftotext", "lecture du PDF public")
    organisation = make_organisation(name="Collège Jean Moulin")
    processor = make_processor(organisation.academie, name="Microsoft", jurisdiction="US")
    microsoft_2015(organisation, processor)
    publish(organisation, name="Vie scolaire et notes")
    publish(organisation, name="Cantine", purpose="Gérer les inscriptions à la cantine.")
    db.session.commit()
    response = client.get(f"/registre/{organisation.uai}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"].startswith("public") and response.last_modified
    pages = _pages(response.data)
    assert len(pages) >= 4  # a summary, then one page (at least) per activity
    for page in pages:
        assert "registre à jour du 28/11/2026" in page, page[:200]
        assert re.search(r"page \d+ / \d+", page)
    document = " ".join(pages)
    html = client.get(f"/registre/{organisation.uai}").get_data(as_text=True)
    # Same answers: the six « Non renseigné » of the 2015 fiche, the foreign-law warning,
    # the retention sentences, and the counts.
    microsoft = text_of(card_html(html, "Office 365 Éducation (partenariat 2015)"))
    assert document.count("Non renseigné") == microsoft.count("Non renseigné") == 6
    assert "CLOUD Act" in document
    assert "Office 365 Éducation (partenariat 2015) — 6 questions sans réponse" in document
    assert "Conservées 1 an, puis détruites." in document
    assert "Gérer les inscriptions à la cantine." in document


def test_page_links_to_the_pdf_and_prints_every_card(client):
    organisation = make_organisation()
    publish(organisation)
    db.session.commit()
    html = client.get(f"/registre/{organisation.uai}").get_data(as_text=True)
    assert f'href="/registre/{organisation.uai}.pdf"' in html
    assert 'href="/static/print.css" media="print"' in html
    assert client.get("/registre/0000000A.pdf").status_code == 404
