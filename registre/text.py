"""Comparing texts as people read them: without accents, ligature forms or case."""
import unicodedata


def fold(text: str | None) -> str:
    """Lower-case ``text`` without accents: « Élèves » and "eleves" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
