"""Texts as people read them: compared without accents or case, placeholders that answer
nothing, counts agreed in French."""
import re
import unicodedata


def fold(text: str | None) -> str:
    """Lower-case ``text`` without accents: « Élèves » and "eleves" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


# What NFKD leaves whole (ligatures), and the marks that join words in names (« Saint-Exupéry »,
# « L’Haÿ »): the search reads them as the letters and the space a person would type.
_SEARCH_TABLE = str.maketrans({"œ": "oe", "æ": "ae", "-": " ", "'": " ", "’": " "})


def search_fold(text: str | None) -> str:
    """:func:`fold`, with œ/æ spelt out and hyphens, apostrophes as spaces (« Sacré-Cœur » →
    "sacre coeur"): the one rule for the public search, on names and on what people type."""
    return fold(text).translate(_SEARCH_TABLE)


# Words people type while a fiche is unfinished; as an answer to parents they say nothing.
# Matched on folded text (no accents, lower case), as whole words.
_PLACEHOLDER = re.compile(
    r"(?<!\w)(?:a (?:completer|verifier|confirmer|preciser|definir|renseigner)"
    r"|todo|tbd|fixme|x{3,}|lorem ipsum|\?{3,})(?!\w)")


def is_placeholder(text: str | None) -> bool:
    """True when ``text`` is, or contains, a placeholder ("(à vérifier)", "TODO", "xxx"…).

    Such a text never answers a parent: the public page shows « Non renseigné » instead
    and the fiche gets a ``texte-provisoire`` finding.
    """
    folded = fold(text).strip()
    return bool(folded) and _PLACEHOLDER.search(folded) is not None


def answer(text: str | None) -> str:
    """The text as an answer to parents: unchanged, or empty when it is a placeholder."""
    return "" if is_placeholder(text) else (text or "")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 an », « 3 ans », « 0 jour », « 2 mois »: a count and its noun, agreed in French.

    French keeps the singular for 0 and 1; the plural adds an s, except to a noun that already
    ends in s, x or z (« mois »); irregular ones are given (``plural_form``).
    """
    if -2 < count < 2:
        return f"{count} {singular}"
    return f"{count} {plural_form or (singular if singular[-1:] in 'sxz' else singular + 's')}"


# The singular of each duration unit (registre.models.DurationUnit values are plurals).
_UNIT_SINGULARS = {"jours": "jour", "mois": "mois", "ans": "an"}


def duration_text(amount: int | None, unit) -> str:
    """« 1 an », « 5 ans », « 18 mois » from a duration and its unit (a DurationUnit or its
    value); empty when either is missing."""
    unit = getattr(unit, "value", unit)
    if amount is None or not unit:
        return ""
    return plural(amount, _UNIT_SINGULARS.get(unit, unit), unit)
