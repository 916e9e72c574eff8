"""Input rules shared by the catalogue, account and administration forms.

Free text is kept as typed (NFC), at most 10,000 characters, without control characters;
URLs are http(s) only; countries are ISO 3166 alpha-2 codes; built-in messages are French.
"""
import re
import unicodedata
from datetime import date, datetime
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.meta import DefaultMeta
from wtforms.validators import ValidationError

from registre.countries import ISO_COUNTRIES

try:  # WTForms 3.3 deprecates (value, label) tuples in favour of SelectChoice.
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms 3.2
    SelectChoice = None

MAX_TEXT = 10_000
# Tab, line feed and carriage return are ordinary in a text area; every other Cc is refused.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COUNTRY_SEPARATORS = re.compile(r"[\s,;]+")


def choices(pairs) -> list:
    """Return select choices from ``(value, label)`` pairs, in the installed WTForms' form."""
    if SelectChoice is None:  # pragma: no cover - WTForms 3.2
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]


TRI_STATE_CHOICES = choices([("", "Non renseigné"), ("oui", "Oui"), ("non", "Non")])


class FrenchForm(FlaskForm):
    """A Flask-WTF form whose built-in WTForms messages are in French."""

    class Meta:
        locales = ["fr_FR", "fr"]

        def get_translations(self, form):
            return DefaultMeta.get_translations(self, form)


def normalize_text(value):
    """Return text stripped and in Unicode NFC form (other values unchanged)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


class SafeText:
    """Refuse control characters and text longer than ``max_length`` characters."""

    def __init__(self, max_length: int = MAX_TEXT, multiline: bool = False):
        self.max_length = max_length
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        value = field.data or ""
        if not isinstance(value, str):
            return
        if _CONTROL.search(value) or (not self.multiline and ("\n" in value or "\r" in value)):
            raise ValidationError("Ce champ contient des caractères de contrôle interdits : "
                                  "retirez-les (ils viennent souvent d'un copier-coller).")
        if len(value) > self.max_length:
            raise ValidationError(f"Ce champ ne doit pas dépasser {self.max_length:,} caractères "
                                  f"(il en compte {len(value):,}).".replace(",", "\u202f"))


def is_http_url(value: str) -> bool:
    """Tell whether ``value`` is an absolute http:// or https:// address."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) \
        and not any(char.isspace() for char in value)


class HttpUrl:
    """Accept an empty value or an http(s) address only (no javascript:, data:, file:…)."""

    def __call__(self, form, field) -> None:
        if field.data and not is_http_url(field.data):
            raise ValidationError("Indiquez une adresse web complète commençant par http:// "
                                  "ou https://.")


def country_code(raw: str) -> str:
    """Return an ISO 3166 alpha-2 code upper-cased, or raise ``ValueError`` in French."""
    code = (raw or "").strip().upper()
    if code not in ISO_COUNTRIES:
        raise ValueError(f"« {raw} » n'est pas un code pays ISO à deux lettres (par exemple FR, "
                         "DE, IE, US).")
    return code


def parse_countries(text: str) -> list[str]:
    """Split a list such as ``"FR, de; IE"`` into unique ISO codes; raise ``ValueError``."""
    codes = [part for part in _COUNTRY_SEPARATORS.split(text or "") if part]
    bad = [part for part in codes if part.upper() not in ISO_COUNTRIES]
    if bad:
        raise ValueError("Codes pays inconnus : " + ", ".join(f"« {part} »" for part in bad)
                         + ". Utilisez les codes ISO à deux lettres (FR, DE, IE, US…).")
    return list(dict.fromkeys(part.upper() for part in codes))


def parse_lines(text: str) -> list[str]:
    """Split a text area into its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CountryList:
    """Validate a free list of ISO alpha-2 country codes."""

    def __call__(self, form, field) -> None:
        try:
            parse_countries(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class CountryCode:
    """Validate one optional ISO alpha-2 country code."""

    def __call__(self, form, field) -> None:
        if field.data:
            try:
                country_code(field.data)
            except ValueError as error:
                raise ValidationError(str(error)) from None


class FrenchDateField(DateField):
    """A date typed as 2026-11-28 (date picker) or 28/11/2026, with a French error."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d/%m/%Y"], **kwargs)

    def process_formdata(self, valuelist):
        raw = " ".join(valuelist or []).strip()
        if not raw:
            self.data = None
            return
        for fmt in self.format:
            try:
                self.data = datetime.strptime(raw, fmt).date()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(f"« {raw} » n'est pas une date valide : écrivez-la 28/11/2026.")


def tri_state(value: str | None) -> bool | None:
    """Turn a three-state answer (``oui``/``non``/empty) into True, False or None."""
    return {"oui": True, "non": False}.get(value or "")


def tri_state_value(value: bool | None) -> str:
    """Turn True, False or None into the three-state form value."""
    return "" if value is None else ("oui" if value else "non")


class TriStateField(SelectField):
    """Oui / Non / Non renseigné, for answers that may be unknown."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=TRI_STATE_CHOICES, **kwargs)


def check_date_order(start: date | None, end: date | None) -> bool:
    """Tell whether ``end`` is not before ``start`` (True when either is missing)."""
    return start is None or end is None or end >= start
