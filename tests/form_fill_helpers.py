"""Fill every field of the activity form from the fiche catalogue, as a browser would.

``filled_form`` gives one distinctive value per edited field (and per column of one row of
each row table) and what the fiche page must show for it; ``browser_submission`` reads an
HTML form back into the data a browser would send. A field added to the catalogue is filled
and checked without touching the tests.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

from registre.dates import format_date
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Kind, Source

# Values chosen where a rule ties one field to another (a sensitive kind needs the
# "sensible" category; the consent, age and automated-decision details show only when asked).
CHOSEN = {
    "scope": "national",
    "data_categories.category": "sensible",
    "data_categories.sensitive_kind": "sante",
    "data_categories.active_unit": "mois",
    "data_categories.archive_unit": "ans",
    "informed": "oui",
    "automated_decision": "oui",
    "reference": "REF-TOUT-1",
    "transfers.country": "US",
    "storage_countries": "FR, IE",
    "min_age": "6",
    "max_age": "17",
}


@dataclass
class Expected:
    """What the fiche page shows for one filled field, in which section."""

    path: str
    section: str
    texts: tuple[str, ...]


def _slug(path: str) -> str:
    return path.replace(".", "-").replace("_", "-")


def _value(entry, path: str, number: int, processor) -> tuple[list[str], tuple[str, ...]]:
    """The submitted values of one field and the texts the fiche page shows for them."""
    kind = entry.kind
    if path in CHOSEN and kind is Kind.ENUM:
        value = CHOSEN[path]
        return [value], (entry.vocabulary(value).label,)
    if path in CHOSEN:
        return [CHOSEN[path]], (CHOSEN[path],)
    if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.CODE):
        text = f"Valeur {number} de {path}"
        if entry.max_length and len(text) > entry.max_length:
            text = text[:entry.max_length]
        return [text], (text.upper() if kind is Kind.CODE else text,)
    if kind is Kind.EMAIL:  # a reserved .test domain, as the demo's (issue 11, point 2)
        address = f"{_slug(path)}@college-tout.test"
        return [address], (address,)
    if kind is Kind.URL:
        url = f"https://exemple.fr/{_slug(path)}.pdf"
        return [url], (url,)
    if kind is Kind.DATE:
        day = date(2025, 1, 1) + timedelta(days=number)
        return [day.isoformat()], (format_date(day),)
    if kind in (Kind.AGE, Kind.DURATION, Kind.INTEGER):
        return [str(10 + number % 50)], (str(10 + number % 50),)
    if kind is Kind.BOOL:
        return ["y"], ("Oui",)
    if kind is Kind.YES_NO_UNKNOWN:
        return ["oui"], ("Oui",)
    if kind is Kind.ENUM:
        member = list(entry.vocabulary)[-1]
        return [member.value], (member.label,)
    if kind is Kind.ENUM_LIST:
        members = list(entry.vocabulary)[:2]
        return [member.value for member in members], tuple(member.label for member in members)
    if kind is Kind.COUNTRY:
        return ["CH"], ("CH",)
    if kind is Kind.PROCESSOR:
        return [str(processor.id)], (processor.name,)
    raise AssertionError(f"Type de champ sans valeur de test : {kind} ({path})")


def filled_form(processor) -> tuple[MultiDict, list[Expected]]:
    """Every edited field of the catalogue filled (one row per row table), and the texts the
    fiche page must then show, section by section."""
    data: MultiDict = MultiDict()
    expected: list[Expected] = []
    number = 0
    for entry in FIELDS:
        if entry.source is not Source.EDITED:
            continue
        if entry.kind is Kind.TEXT_LIST:
            items = [f"Valeur {number} de {entry.key} ({index})" for index in (1, 2)]
            number += 1
            for index, item in enumerate(items):
                data.add(f"{entry.key}-{index}", item)
            expected.append(Expected(entry.key, entry.section, tuple(items)))
            continue
        if entry.kind in (Kind.OBJECT, Kind.ROWS):
            prefix = f"{entry.key}-0-" if entry.kind is Kind.ROWS else f"{entry.key}-"
            for part in entry.table.fields:
                number += 1
                path = f"{entry.key}.{part.key}"
                values, texts = _value(part, path, number, processor)
                for value in values:
                    data.add(prefix + part.key, value)
                expected.append(Expected(path, entry.section, texts))
            continue
        number += 1
        values, texts = _value(entry, entry.key, number, processor)
        for value in values:
            data.add(entry.key, value)
        expected.append(Expected(entry.key, entry.section, texts))
    return data, expected


class _FormReader(HTMLParser):
    """What a browser submits from the first ``<form>`` whose id is given."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template_depth = 0
        self.data: MultiDict = MultiDict()
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.option: dict | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.template_depth += 1
        if self.template_depth:
            return
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "button"):
            if attributes.get("type") in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.data.add(name, attributes.get("value") or "")
        elif tag == "select":
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.option = {"value": attributes.get("value"), "selected": "selected" in attributes,
                           "text": ""}
        elif tag == "textarea":
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data
        elif self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "template":
            self.template_depth -= 1
        elif self.template_depth:
            return
        elif tag == "form":
            self.inside = False
        elif tag == "option" and self.option is not None:
            value = self.option["value"]
            self.options.append((self.option["text"] if value is None else value,
                                 self.option["selected"]))
            self.option = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            self.data.add(self.select, chosen[0] if chosen else
                          (self.options[0][0] if self.options else ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the line break that follows <textarea>.
            text = self.text
            text = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self.data.add(self.textarea, text)
            self.textarea = None


def browser_submission(html: str, form_id: str = "activity-form") -> MultiDict:
    """The data a browser would send from the form (row prototypes left out)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data


def section_html(html: str, anchor: str) -> str:
    """The HTML of one ``<section id=…>`` of the fiche page."""
    start = html.index(f'<section id="{anchor}"')
    return html[start:html.index("</section>", start)]
