"""Password policy after the CNIL's 2022 recommendation (deliberation 2022-100).

Accepted: at least 12 characters mixing upper case, lower case, digits and special
characters; or at least 14 characters mixing three of those kinds; or a passphrase of at
least 20 characters made of four words or more. Common passwords are refused whatever
their length.
"""
import re

from registre.text import fold

MIN_LENGTH = 12
MAX_LENGTH = 256

# Frequent passwords and their school variants (checked case- and accent-insensitively).
COMMON_PASSWORDS = frozenset({
    "123456789012", "1234567890ab", "azertyuiop12", "azertyuiopqs", "motdepasse123",
    "motdepasse1234", "password1234", "password123!", "passw0rd1234", "qwertyuiop12",
    "azerty123456", "soleil123456", "bonjour12345", "doudou123456", "marseille13!",
    "motdepasse!1", "motdepasse12", "motdepasse!!", "administrateur", "azertyuiop123",
    "college12345", "ecole1234567", "lycee1234567", "education2024", "education2025",
    "education2026", "academie2026", "rectorat2026", "registre2026", "123456789abc",
    "Motdepasse1!", "Password123!", "Azerty123456!", "Bonjour2026!", "Soleil2026!!",
})


def _kinds(password: str) -> int:
    return sum((
        bool(re.search(r"[a-zà-ÿ]", password)),
        bool(re.search(r"[A-ZÀ-Ý]", password)),
        bool(re.search(r"[0-9]", password)),
        bool(re.search(r"[^0-9A-Za-zÀ-ÿ]", password)),
    ))


def password_problems(password: str, email: str = "") -> list[str]:
    """Return the French reasons why ``password`` is refused (empty when it is accepted)."""
    if len(password) > MAX_LENGTH:
        return [f"Le mot de passe ne doit pas dépasser {MAX_LENGTH} caractères."]
    folded = fold(password)
    if folded in {fold(common) for common in COMMON_PASSWORDS} or len(set(folded)) < 5:
        return ["Ce mot de passe est trop courant ou trop répétitif : choisissez-en un autre."]
    local_part = fold(email.split("@")[0]) if email else ""
    if len(local_part) >= 4 and local_part in folded:
        return ["Le mot de passe ne doit pas contenir votre identifiant."]
    kinds = _kinds(password)
    words = [word for word in re.split(r"[\s\-_.,;:]+", password) if word]
    if len(password) >= 20 and len(words) >= 4:
        return []
    if len(password) >= 14 and kinds >= 3:
        return []
    if len(password) >= MIN_LENGTH and kinds == 4:
        return []
    return [
        "Le mot de passe doit compter au moins 12 caractères mêlant majuscules, minuscules, "
        "chiffres et caractères spéciaux, ou au moins 14 caractères de trois de ces types, "
        "ou être une phrase de passe d'au moins 20 caractères et 4 mots."
    ]
