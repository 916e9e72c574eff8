"""Who signs in with the académie's provider: an existing account, matched by e-mail."""
from collections.abc import Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from registre.auth.oidc.provisioning import provision_user
from registre.auth.services import find_user, normalize_email
from registre.extensions import db
from registre.models import Academie, User


@dataclass
class SignInRefused(Exception):
    """A sign-in that opens no session; the page says why and whom to ask."""

    title: str
    message: str
    email: str = ""
    # The DPDs who can help: (académie name, DPD name, DPD e-mail).
    contacts: list[tuple[str, str, str]] = field(default_factory=list)


def needed_claims(config: Mapping) -> list[str]:
    """The claims a sign-in reads: the e-mail, and the provisioning ones when configured."""
    names = [config["OIDC_EMAIL_CLAIM"]]
    if config.get("OIDC_PROVISIONING_ROLES"):
        names += [config["OIDC_PROVISIONING_CLAIM"], config.get("OIDC_FUNCTION_CLAIM", "")]
    return [name for name in names if name]


def merge_userinfo(id_claims: Mapping, userinfo: Mapping) -> dict:
    """The ID token's claims completed by the userinfo answer, which must name the same person.

    Providers that follow the specification strictly put the e-mail in userinfo only.
    """
    if userinfo.get("sub") != id_claims.get("sub"):
        raise SignInRefused(
            "Réponse du fournisseur incohérente",
            "Les informations reçues du fournisseur d'identité ne concernent pas la personne "
            "du jeton d'identité : la connexion est refusée.")
    return {**userinfo, **id_claims}


def account_for_claims(claims: Mapping, config: Mapping) -> User:
    """The active account of the person the ID token names; raise :class:`SignInRefused`."""
    claim = config["OIDC_EMAIL_CLAIM"]
    email = normalize_email(str(claims.get(claim) or ""))
    if "@" not in email or len(email) > 254:
        raise SignInRefused(
            "Adresse électronique absente",
            f"Le fournisseur d'identité n'a pas transmis votre adresse électronique "
            f"(information « {claim} ») : signalez-le à l'administrateur du registre.")
    if claims.get("email_verified") is False:
        raise SignInRefused(
            "Adresse électronique non vérifiée",
            "Le fournisseur d'identité indique que votre adresse électronique n'est pas "
            "vérifiée : faites-la vérifier auprès de votre académie, puis recommencez.", email)
    user = find_user(email) or provision_user(claims, email, config)
    if user is None:
        raise SignInRefused(
            "Aucun compte du registre pour cette adresse",
            f"Vous êtes bien identifié par votre académie, mais aucun compte du registre ne "
            f"correspond à l'adresse {email}. Demandez au délégué à la protection des données "
            "(DPD) de votre académie, ou à l'administrateur du registre, de vous créer un "
            "compte avec cette adresse.", email, dpd_contacts_for_domain(email))
    if not user.active:
        academie = user.academie
        raise SignInRefused(
            "Compte désactivé",
            f"Le compte du registre de {email} est désactivé. Pour le rouvrir, adressez-vous "
            "au délégué à la protection des données (DPD) de votre académie ou à "
            "l'administrateur du registre.", email,
            [(academie.name, academie.dpd_name, academie.dpd_email)] if academie else [])
    return user


def dpd_contacts_for_domain(email: str) -> list[tuple[str, str, str]]:
    """The DPDs whose address is on the same domain as ``email`` (ac-besancon.fr…)."""
    domain = email.rpartition("@")[2]
    academies = db.session.scalars(sa.select(Academie).where(Academie.dpd_email != "")
                                   .order_by(Academie.name))
    return [(a.name, a.dpd_name, a.dpd_email) for a in academies
            if normalize_email(a.dpd_email).rpartition("@")[2] == domain]
