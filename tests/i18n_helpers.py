"""What the public pages say, read from the sources with Babel's extraction API, and the
English catalogue they must be translated with (issue 16, point 3)."""
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from registre import models
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Source

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "registre" / "translations"
CATALOGUE = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}

# Everything a visitor of the public pages can read comes from these files...
PUBLIC_TEMPLATES = ("templates/public/*.html", "templates/public/*.xml", "templates/requests/public_*.html",
                    "templates/accessibility/*.html", "templates/_partials/forms.html",
                    "templates/_partials/organisation.html")
PUBLIC_MODULES = ("registre/public/*.py", "registre/requests/public_*.py",
                  "registre/requests/notifications.py",
                  "registre/accessibility/*.py", "registre/templating.py",
                  "registre/countries.py", "registre/compliance/findings.py",
                  "registre/models/activity.py", "registre/fiche/answers.py",
                  "registre/public/academie.py", "registre/public/changes.py",
                  "registre/public/gaps.py")
# ... and from the labels of these vocabularies, translated when shown.
PUBLIC_VOCABULARIES = ("OrganisationKind", "Sector", "DataCategory", "SensitiveKind",
                       "SubjectCategory", "Art9Condition", "Hosting", "Informed", "Guarantee",
                       "RecipientKind", "RequesterKind", "RequestKind", "ConsentSignatories",
                       "LegalBasis", "ActivityScope", "DurationUnit", "FinalFate",
                       "YesNoUnknown", "ConsentKind")


def _files(patterns) -> list[Path]:
    return sorted(path for pattern in patterns for path in ROOT.glob(pattern))


def public_msgids() -> dict[str, str]:
    """Every public French message id → where it comes from (``file:line``)."""
    found: dict[str, str] = {}
    for method, patterns, options in (("jinja2", PUBLIC_TEMPLATES, {"trimmed": "true"}),
                                      ("python", PUBLIC_MODULES, {})):
        for path in _files(patterns):
            for lineno, message, _comments, _context in extract_from_file(
                    method, str(path), keywords=KEYWORDS, options=options):
                # A plural message is filed under its singular, as in the catalogue.
                msgid = message[0] if isinstance(message, tuple) else message
                if msgid:
                    found.setdefault(msgid, f"{path.relative_to(ROOT)}:{lineno}")
    for field in FIELDS:  # the labels of "what changed" (public fields typed by users)
        if field.public and field.source is Source.EDITED:
            found.setdefault(field.label, f"registre.fiche.fields.{field.key}")
            for column in (field.table.fields if field.table else ()):
                if column.public:
                    found.setdefault(column.label, f"registre.fiche.rows.{column.key}")
    for name in PUBLIC_VOCABULARIES:
        for value, label in getattr(models, name).choices():
            if label != value:  # a bare code (``9.2.i``) is the same in every language
                found.setdefault(label, f"registre.models.{name}")
    return found


def english_catalogue():
    """The committed English catalogue (``.po``)."""
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="en")


def compile_catalogues() -> None:
    """Compile each ``.po`` whose ``.mo`` is missing or older (what ``make`` does with
    ``pybabel compile``), so that a bare ``pytest`` on a fresh clone has the translations."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog)
