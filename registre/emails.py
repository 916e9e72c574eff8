"""The one rule for an e-mail address: accounts, académies, organisations, fiches, imports.

The syntax is checked by the email-validator library (RFC 5321/5322, internationalised
addresses included), without asking the DNS: a register records the addresses people give,
it does not deliver to them. The domain needs a dot; the ``.test`` domain reserved for tests
and demonstrations (RFC 6761) is accepted, so the demo's addresses pass the same rule as
real ones; the other special-use names (``.local``, ``.invalid``, ``localhost``…) never
reach anyone and are refused.
"""
from email_validator import EmailNotValidError, validate_email

MAX_LENGTH = 254  # RFC 5321: the longest path an address can travel
# A conservative pattern of the addresses this rule accepts (ASCII, a dotted domain that is
# not a special-use name other than .test), for the API's JSON Schema.
PATTERN = ("^(?=[^@]{1,64}@)[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*@"
           "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
           "(?!(?:arpa|invalid|local|localhost|onion)$)[a-z]{2,24}$")
MESSAGE = "Adresse électronique invalide (par exemple prenom.nom@ac-versailles.fr)."


def normalize_email(address: str | None) -> str:
    """The address stripped and lower-cased, as accounts are stored and compared."""
    return (address or "").strip().lower()


def is_valid_email(address: str | None) -> bool:
    """Tell whether ``address`` is an e-mail address the register accepts."""
    address = (address or "").strip()
    if not address or len(address) > MAX_LENGTH:
        return False
    try:
        validate_email(address, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return "." in address.rpartition("@")[2]


def email_problem(address: str | None) -> str | None:
    """The French message for an address given but refused; None when it is empty or valid."""
    if not (address or "").strip() or is_valid_email(address):
        return None
    return f"« {address.strip()[:80]} » : {MESSAGE[0].lower()}{MESSAGE[1:]}"
