"""Optional account creation from the provider's claims: UAIs and function (ministry format).

A claim such as ``FrEduRneResp`` lists the structures a person is attached to, one entry
each, e.g. ``0750655E$UAJ$PU$N$T3$LYC$340`` (the UAI comes first, before the first ``$``).
A function claim such as ``FrEduFonctAdm`` (``DIR`` for a head of school) chooses the role
through ``REGISTRE_OIDC_PROVISIONING_ROLES``, e.g. ``DIR:responsable,*:redacteur``.
"""
import re
from collections.abc import Mapping

from registre.extensions import db
from registre.models import Role, User
from registre.organisations.services import find_organisation
from registre.organisations.uai import is_valid_uai

# Only roles scoped to one organisation are given automatically; DPD and admin never are.
ALLOWED_ROLES = (Role.RESPONSABLE, Role.REDACTEUR, Role.AUDITEUR)
ANY_FUNCTION = "*"


def provisioning_rules(config: Mapping) -> list[tuple[str, Role]]:
    """Parse ``FUNCTION:role,…`` in order; raise ``RuntimeError`` with a French message."""
    rules = []
    for item in filter(None, (part.strip() for part in
                              config.get("OIDC_PROVISIONING_ROLES", "").split(","))):
        function, _, role = item.partition(":")
        try:
            role = Role(role.strip())
        except ValueError:
            role = None
        if not function.strip() or role not in ALLOWED_ROLES:
            allowed = ", ".join(r.value for r in ALLOWED_ROLES)
            raise RuntimeError(
                f"REGISTRE_OIDC_PROVISIONING_ROLES : « {item} » n'est pas de la forme "
                f"FONCTION:rôle avec un rôle parmi {allowed} (par exemple DIR:responsable).")
        rules.append((function.strip().upper(), role))
    if rules and not config.get("OIDC_PROVISIONING_CLAIM"):
        raise RuntimeError("REGISTRE_OIDC_PROVISIONING_ROLES demande aussi "
                           "REGISTRE_OIDC_PROVISIONING_CLAIM (par exemple FrEduRneResp).")
    return rules


def claim_values(claims: Mapping, name: str) -> list[str]:
    """A claim as a list of strings (a list, or one string separated by commas or spaces)."""
    value = claims.get(name) if name else None
    if isinstance(value, str):
        return [part for part in re.split(r"[,\s]+", value) if part]
    if isinstance(value, list):
        return [str(part) for part in value if isinstance(part, str | int)]
    return []


def uais_of(entries: list[str]) -> list[str]:
    """The valid UAIs of ministry entries (``UAI$TYPE$SECTEUR…``), in the claim's order."""
    uais = (entry.split("$", 1)[0].strip().upper() for entry in entries)
    return [uai for uai in uais if is_valid_uai(uai)]


def provision_user(claims: Mapping, email: str, config: Mapping) -> User | None:
    """Create the account the claims entitle the person to, or return None.

    The role is the first rule whose function the person holds; the scope is the first UAI
    of the claim that is an open organisation of the register.
    """
    rules = provisioning_rules(config)
    if not rules:
        return None
    functions = {value.upper() for value in claim_values(claims, config["OIDC_FUNCTION_CLAIM"])}
    role = next((role for function, role in rules
                 if function == ANY_FUNCTION or function in functions), None)
    if role is None:
        return None
    for uai in uais_of(claim_values(claims, config["OIDC_PROVISIONING_CLAIM"])):
        organisation = find_organisation(uai)
        if organisation is not None and not organisation.is_closed:
            user = User(email=email, role=role, name=str(claims.get("name") or "")[:200],
                        active=True, organisation=organisation, academie=organisation.academie)
            db.session.add(user)
            return user
    return None
