"""Helpers of the public register tests: processors, representative fiches, HTML reading."""
import re
from html import unescape
from html.parser import HTMLParser

from registre.models import Processor, Status
from tests.factories import make_activity, make_user


def publish(organisation, **overrides):
    """Create an activity in service, published, with a responsable as author."""
    author = make_user("responsable", organisation=organisation)
    return make_activity(organisation, author, Status.EN_SERVICE, **overrides)


def microsoft_2015(organisation, processor: Processor):
    """The 2015 fiche: nobody knows if parents were informed, what they signed, where or how long."""
    return publish(
        organisation, name="Office 365 Éducation (partenariat 2015)",
        purpose="Messagerie, suite bureautique et gestion des appareils des élèves.",
        software="Office 365 Education, Intune, Azure AD", software_vendor="Microsoft",
        informed="inconnu", information_channel="", consent_required=None, consent_reason="",
        hosting=None, storage_countries=[],
        data_categories=[{"category": "etat_civil", "description": "Nom, prénom, classe"},
                         {"category": "connexion", "description": "Journaux d'utilisation"}],
        recipients=[{"kind": "sous_traitant", "name": "Microsoft",
                     "processor_id": processor.id, "data_categories": []}],
    )


class _Outline(HTMLParser):
    """Collect headings and elements carrying a ``data-question`` attribute, in order."""

    def __init__(self):
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self._heading: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, []
        if "data-question" in attrs:
            self.items.append(("warning", attrs["data-question"]))

    def handle_endtag(self, tag):
        if tag == self._heading:
            self.items.append((tag, " ".join("".join(self._text).split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._text.append(data)


def outline(html: str) -> list[tuple[str, str]]:
    """Return ``(tag, text)`` for each heading and ``("warning", key)`` for each warning."""
    parser = _Outline()
    parser.feed(html)
    return parser.items


def card_html(html: str, name: str) -> str:
    """Return the ``<article>`` of the activity called ``name``."""
    for article in re.findall(r"<article.*?</article>", html, flags=re.S):
        if f">{name}</h2>" in unescape(article):
            return article
    raise AssertionError(f"aucune fiche « {name} » dans la page")


def text_of(html: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed, entities decoded."""
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([,.)])", r"\1", text)


def warnings_by_heading(article: str) -> dict[str, list[str]]:
    """Map each h3 heading of a card to the unanswered questions shown under it."""
    result: dict[str, list[str]] = {}
    current = None
    for tag, value in outline(article):
        if tag == "h3":
            current = value
            result.setdefault(current, [])
        elif tag == "warning":
            result.setdefault(current, []).append(value)
    return result

