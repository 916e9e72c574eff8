"""Password policy: the CNIL's 2022 rules (deliberation 2022-100) and a guessability estimate.

1. Length and kinds (CNIL): at least 12 characters mixing upper case, lower case, digits and
   special characters; or at least 14 characters mixing three of those kinds; or a passphrase
   of at least 20 characters made of four words or more.
2. Guessability, estimated by zxcvbn (Dropbox's estimator, maintained Python port): its lists
   of common passwords, names and words, keyboard walks, sequences, repetitions, dates and
   years, plus the application's context words (the académies, the organisation, the
   identifier, « rectorat », « registre », « motdepasse »…). A password must need 10^8
   guesses, and 10^10 when it is built on a context word ("Rectorat2024!" is refused).

zxcvbn looks at the first :data:`ESTIMATED_LENGTH` characters only (its own bound against slow
analysis): a longer password is at least as strong. The whole password is hashed: nothing is
ever truncated.
"""
import re

from zxcvbn import zxcvbn

from registre.text import fold

MIN_LENGTH = 12
MAX_LENGTH = 256
ESTIMATED_LENGTH = 72
MIN_GUESSES_LOG10 = 8
MIN_GUESSES_LOG10_WITH_CONTEXT = 10
# Words any attacker of this application tries first, besides the académies and schools.
CONTEXT_WORDS = ("rectorat", "academie", "académie", "education", "éducation", "nationale",
                 "registre", "rgpd", "college", "collège", "lycee", "lycée", "ecole", "école",
                 "etablissement", "établissement", "password", "motdepasse", "mot de passe",
                 "passe", "dpd", "cnil")
_DICTIONARIES = {
    "passwords": "figure parmi les mots de passe les plus utilisés",
    "user_inputs": "est un mot lié à l'application (académie, établissement, identifiant, "
                   "« rectorat »…)",
}


def _kinds(password: str) -> int:
    return sum((
        bool(re.search(r"[a-zà-ÿ]", password)),
        bool(re.search(r"[A-ZÀ-Ý]", password)),
        bool(re.search(r"[0-9]", password)),
        bool(re.search(r"[^0-9A-Za-zÀ-ÿ]", password)),
    ))


def _meets_cnil_rules(password: str) -> bool:
    kinds = _kinds(password)
    words = [word for word in re.split(r"[\s\-_.,;:]+", password) if word]
    return (len(password) >= 20 and len(words) >= 4) or (len(password) >= 14 and kinds >= 3) \
        or (len(password) >= MIN_LENGTH and kinds == 4)


def context_words(*texts: str) -> list[str]:
    """The words of names (académie, organisation, commune, e-mail) worth guessing, with and
    without accents, plus the application's own words."""
    words = set(CONTEXT_WORDS)
    for text in texts:
        for word in re.split(r"[\W_]+", text or ""):
            if len(word) >= 4:
                words.update({word.lower(), fold(word)})
    return sorted(words)


def _why(match: dict) -> str | None:
    token = f"« {match['token']} »"
    pattern = match["pattern"]
    if pattern == "dictionary":
        reason = _DICTIONARIES.get(match.get("dictionary_name"), "est un mot ou un nom courant")
        if match.get("l33t"):
            reason += " (même avec des chiffres à la place de lettres)"
        return f"{token} {reason}"
    return {
        "spatial": f"{token} est une suite de touches voisines du clavier",
        "repeat": f"{token} est une répétition",
        "sequence": f"{token} est une suite logique",
        "regex": f"{token} est une année",
        "date": f"{token} est une date",
    }.get(pattern)


def _guessability_problem(password: str, context: list[str]) -> str | None:
    result = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=context,
                    max_length=ESTIMATED_LENGTH)
    matches = result["sequence"]
    with_context = any(match.get("dictionary_name") == "user_inputs" for match in matches)
    needed = MIN_GUESSES_LOG10_WITH_CONTEXT if with_context else MIN_GUESSES_LOG10
    if result["guesses_log10"] >= needed:
        return None
    reasons = [reason for reason in map(_why, matches) if reason][:3]
    because = f" : {' ; '.join(reasons)}" if reasons else ""
    return (f"Ce mot de passe serait trop facile à deviner{because}. Ajoutez des mots sans "
            "rapport entre eux, ou choisissez une phrase de passe personnelle.")


def password_problems(password: str, email: str = "", context: list[str] | None = None
                      ) -> list[str]:
    """Return the French reasons why ``password`` is refused (empty when it is accepted).

    ``context`` holds the words of the account's académie and organisation
    (:func:`context_words`); the identifier (``email``) is always added.
    """
    if len(password) > MAX_LENGTH:
        return [f"Le mot de passe ne doit pas dépasser {MAX_LENGTH} caractères."]
    problems = []
    local_part = fold(email.split("@")[0]) if email else ""
    if len(local_part) >= 4 and local_part in fold(password):
        problems.append("Le mot de passe ne doit pas contenir votre identifiant.")
    if not _meets_cnil_rules(password):
        problems.append(
            "Le mot de passe doit compter au moins 12 caractères mêlant majuscules, minuscules, "
            "chiffres et caractères spéciaux, ou au moins 14 caractères de trois de ces types, "
            "ou être une phrase de passe d'au moins 20 caractères et 4 mots.")
    guessable = _guessability_problem(
        password, [*(context or context_words()), *context_words(local_part)])
    if guessable:
        problems.append(guessable)
    return problems
