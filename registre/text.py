"""Comparing texts as people read them: without accents, ligature forms or case."""
import re
import unicodedata


def fold(text: str | None) -> str:
    """Lower-case ``text`` without accents: « Élèves » and "eleves" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


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
