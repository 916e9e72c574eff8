"""The public pages in French and in English (issue 16, point 3): the catalogue covers every
public string, the language follows ``?lang=`` then Accept-Language (French by default)
without a cookie, shared caches keep one copy per language, the staff pages stay French."""
import csv
import io
import re

import pytest

from registre.models import Role
from tests.factories import make_user
from tests.i18n_helpers import english_catalogue, public_msgids
from tests.public_pages_helpers import PUBLIC_PAGES, page_url, public_school
from tests.public_support import text_of
from tests.register_helpers import AT_NOW

PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.fixture
def uai(app):
    return public_school()


def _text(html: str) -> str:
    """The words of a page (tags removed, entities decoded, whitespace collapsed)."""
    return text_of(html)


def _translation(message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return tuple(strings)


def test_every_public_string_has_an_english_translation_with_the_same_placeholders():
    catalogue = english_catalogue()
    found = public_msgids()
    assert len(found) > 300  # the templates, the wording, the form and the vocabularies
    untranslated, wrong = [], []
    for msgid, where in found.items():
        message = catalogue.get(msgid)
        if message is None or not all(_translation(message)):
            untranslated.append(f"{where}: {msgid}")
            continue
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(source[-1]))
        for text in _translation(message):
            if set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append(f"{where}: {msgid} → {text}")
    assert untranslated == [], "textes publics sans traduction anglaise (make translations)"
    assert wrong == [], "traductions dont les variables diffèrent du texte français"


def _french_fragments() -> set[str]:
    """Pieces of the public French msgids long enough to be recognised in a page, for the
    messages whose English differs (a name such as « UAI » reads the same in both)."""
    catalogue = english_catalogue()
    fragments = set()
    for msgid in public_msgids():
        message = catalogue.get(msgid)
        if message is None or message.string in (msgid, (msgid,)):
            continue
        for source in (message.id if isinstance(message.id, tuple) else (message.id,)):
            for piece in PLACEHOLDER.split(re.sub(r"<[^>]+>", "%(tag)s", source)):
                piece = " ".join(piece.split()).strip(" .,:;")
                if len(piece) >= 12 and " " in piece:
                    fragments.add(piece)
    return fragments


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_english_pages_contain_no_french_string_of_the_catalogue(client, uai, name):
    fragments = _french_fragments()
    assert "Non renseigné" in fragments and "Qui est responsable de vos données ?" in fragments
    path, status = PUBLIC_PAGES[name]
    french = client.get(page_url(name, uai))
    english = client.get(page_url(name, uai, "en"))
    assert french.status_code == english.status_code == status
    english_text = _text(english.get_data(as_text=True))
    left = sorted(piece for piece in fragments if piece in english_text)
    assert left == [], f"{path}?lang=en montre encore du français"
    # The French page does show the catalogue's French (the check above is not vacuous).
    assert any(piece in _text(french.get_data(as_text=True)) for piece in fragments)
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_the_register_reads_in_english_with_english_countries_and_vocabulary(client, uai):
    text = _text(client.get(f"/registre/{uai}?lang=en").get_data(as_text=True))
    assert "Who is responsible for your data?" in text
    assert "Primary school (école)" in text
    assert "Countries of storage: Ireland (European Union), Netherlands (European Union)" in text
    assert "subject to the law of this country: United States" in text and "CLOUD Act" in text
    assert "to Support, India (outside the European Union) — safeguard: no safeguard stated" in text
    assert "Kept for 3 months, then archived for 1 year with restricted access, then anonymised." in text
    assert "Were parents informed?" in text and "Not provided" in text
    assert "data protection officer (DPO) of the académie de Versailles" in text
    assert "ended on 01/07/2025" in text


def test_the_language_follows_lang_then_accept_language_and_french_is_the_default(client, uai):
    url = f"/registre/{uai}"

    def language(accept: str | None = None) -> str:
        headers = {"Accept-Language": accept} if accept else {}
        return client.get(url, headers=headers).headers["Content-Language"]

    assert language() == "fr"
    assert "Qui est responsable" in client.get(url).get_data(as_text=True)
    assert language("en-GB,en;q=0.9") == "en"
    assert language("de-DE,de;q=0.9") == "fr"  # not published in German: French
    assert language("de, en;q=0.5, fr;q=0.8") == "fr"
    forced_french = client.get(f"{url}?lang=fr", headers={"Accept-Language": "en"})
    assert forced_french.headers["Content-Language"] == "fr"
    forced_english = client.get(f"{url}?lang=en", headers={"Accept-Language": "fr"})
    assert forced_english.headers["Content-Language"] == "en"
    assert client.get(f"{url}?lang=xx").headers["Content-Language"] == "fr"


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_no_cookie_nor_vary_cookie_but_vary_accept_language(client, uai, name):
    """Shared caches keep one copy per language: the choice travels in the address
    (``?lang=``) or in Accept-Language, never in a cookie (the request form's CSRF token
    needs the session, and "not found" is not a page caches keep)."""
    for headers in ({}, {"Accept-Language": "en"}):
        response = client.get(page_url(name, uai), headers=headers)
        assert "Accept-Language" in response.headers.get("Vary", "")
        if name not in ("demande", "introuvable"):  # a form, and an error nobody caches
            assert "Set-Cookie" not in response.headers
            assert "Cookie" not in response.headers.get("Vary", "")


def test_each_language_has_its_own_etag_and_the_same_last_modified(client, uai):
    url = f"/registre/{uai}"
    french = client.get(url)
    english = client.get(url, headers={"Accept-Language": "en"})
    assert french.headers["Cache-Control"] == english.headers["Cache-Control"] == "public, max-age=300"
    assert french.headers["Last-Modified"] == english.headers["Last-Modified"]
    assert french.headers["ETag"] != english.headers["ETag"]
    # A copy revalidates only in its own language: a French ETag never gets an English 304.
    again = client.get(url, headers={"If-None-Match": french.headers["ETag"]})
    assert again.status_code == 304
    switched = client.get(url, headers={"If-None-Match": french.headers["ETag"],
                                        "Accept-Language": "en"})
    assert switched.status_code == 200 and "Who is responsible" in switched.get_data(as_text=True)


def test_links_keep_the_language_asked_and_the_switch_offers_the_other(client, uai):
    html = client.get(f"/registre/{uai}?lang=en").get_data(as_text=True)
    assert f'href="/registre/{uai}/demande?lang=en"' in html
    assert f'href="/registre/{uai}.csv?lang=en"' in html
    assert 'href="/accessibilite?lang=en"' in html
    assert (f'<a class="language-switch" href="/registre/{uai}?lang=fr" hreflang="fr" '
            'lang="fr">Français</a>') in html
    french = client.get(f"/registre/{uai}").get_data(as_text=True)
    assert (f'<a class="language-switch" href="/registre/{uai}?lang=en" hreflang="en" '
            'lang="en">English</a>') in french
    assert f'href="/registre/{uai}/demande"' in french  # no ?lang= unless asked
    search = client.get("/registre?q=jules&lang=en").get_data(as_text=True)
    assert '<input type="hidden" name="lang" value="en">' in search
    assert 'href="/registre?q=jules&amp;lang=fr"' in search


def test_open_data_field_labels_in_english(client, uai):
    rows = list(csv.reader(io.StringIO(
        client.get(f"/registre/{uai}.csv?lang=en").get_data(as_text=True).lstrip("\ufeff")),
        delimiter=";"))
    assert rows[0][:8] == ["UAI", "School", "Town", "Académie", "Reference", "Processing",
                           "Controller", "Legal text"]
    assert "Why?" in rows[0] and "Countries of storage" in rows[0]
    assert "Unanswered questions" in rows[0] and "Last updated" in rows[0]
    french = list(csv.reader(io.StringIO(
        client.get(f"/registre/{uai}.csv").get_data(as_text=True).lstrip("\ufeff")),
        delimiter=";"))
    assert french[0][:3] == ["UAI", "Établissement", "Commune"]
    data = client.get(f"/registre/{uai}.json?lang=en").get_json()
    card = data["activities"][0]
    assert card["legal_bases"][0]["label"] == "A task in the public interest"
    assert data["organisation"]["kind_label"] == "Primary school (école)"
    missing = client.get("/registre/0000000A.json?lang=en").get_json()
    assert missing == {"error": "Register not found",
                       "message": "No public register matches this address."}


@AT_NOW
def test_the_request_form_in_english_from_errors_to_receipt(client, uai, frozen_clock, smtp):
    url = f"/registre/{uai}/demande?lang=en"
    page = _text(client.get(url).get_data(as_text=True))
    assert "Which right do you want to exercise?" in page
    assert "Right to erasure" in page and "Parent or legal guardian" in page
    refused = client.post_form(url, {"kind": "", "requester_kind": "parent",
                                     "requester_name": "Jane Doe",
                                     "requester_contact": "not-an-address", "message": ""})
    assert refused.status_code == 422
    errors = _text(refused.get_data(as_text=True))
    assert "The form was not sent" in errors
    assert "Choose the right you want to exercise." in errors
    assert "Invalid e-mail address" in errors and "Describe your request." in errors
    sent = client.post_form(url, {"kind": "acces", "requester_kind": "parent",
                                  "requester_name": "Jane Doe",
                                  "requester_contact": "jane.doe@example.org",
                                  "message": "Please send me my son's data."})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("?lang=en")
    receipt = _text(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert "Your request has been recorded" in receipt and "28/12/2026" in receipt
    # The parent's acknowledgement follows the form's language; the staff's notice stays French.
    [ack] = smtp.to("jane.doe@example.org")
    assert ack["Subject"].endswith(" received")
    assert "(right of access)" in ack.get_content() and "by 28/12/2026" in ack.get_content()
    notices = [message for _recipients, message in smtp.received
               if message["Subject"].startswith("Nouvelle demande d'exercice des droits")]
    assert notices and "Droit exercé : Droit d'accès" in notices[0].get_content()


def test_staff_pages_stay_french_whatever_the_browser_asks(client, login):
    for headers in ({"Accept-Language": "en"}, {}):
        page = client.get("/connexion?lang=en", headers=headers)
        html = page.get_data(as_text=True)
        assert '<html lang="fr">' in html and "Aller au contenu" in html
        assert "Content-Language" not in page.headers
    login(make_user(Role.ADMIN))
    home = client.get("/", headers={"Accept-Language": "en"}, follow_redirects=True)
    assert "Se déconnecter" in home.get_data(as_text=True)
    assert "Mes registres" in home.get_data(as_text=True)


def test_staff_layout_and_navigation_go_through_the_catalogue():
    """The staff pages are French, but their layout and menu are catalogue messages, so a
    language can be added by translating the catalogue."""
    catalogue = english_catalogue()
    for msgid in ("Se déconnecter", "Navigation principale", "Mes registres", "Sous-traitants",
                  "Registre des activités de traitement — article 30 du RGPD."):
        assert catalogue.get(msgid) is not None, msgid
