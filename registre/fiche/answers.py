"""The answers the register gives to parents and auditors, each written by ONE function.

The public page, the open data and every export call these with plain values (read on a
model or on :func:`registre.fiche.serialization.activity_to_dict`), so that they always
agree. An unknown answer is « Non renseigné », never "non" (design §8); the consent
answer names what the consent covers and says "sans cet accord, les données ne sont pas
utilisées" only when consent is the only basis of that use.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registre.i18n import N_, translate

# French message ids: the staff pages and exports stay French; the public pages translate.
NOT_PROVIDED = N_("Non renseigné")
CONSENT_BASIS = "6.1.a"


def storage_countries(own: list[str] | None, host_countries: list[str] | None) -> list[str]:
    """Where the data rest: the fiche's own countries, else those of its host (design §3)."""
    return list(own) if own else list(host_countries or [])


def automated_decision_answer(value: str | None, details: str = "") -> str:
    """Is a decision taken automatically (art. 22)? Unknown stays « Non renseigné »."""
    if value == "oui":
        details = (details or "").strip().rstrip(".")
        if details:
            return _("Oui : une décision est prise automatiquement, sans intervention humaine"
                     " : %(details)s.", details=details)
        return _("Oui : une décision est prise automatiquement, sans intervention humaine.")
    if value == "non":
        return _("Non : aucune décision n'est prise automatiquement à votre sujet.")
    return translate(NOT_PROVIDED)


_BASIS_ALONE = {
    "6.1.a": _l("le traitement repose sur votre accord, que vous pouvez retirer à tout moment."),
    "6.1.b": _l("les données sont nécessaires à un service que vous avez demandé ou à un "
              "contrat que vous avez conclu."),
    "6.1.c": _l("la loi oblige l'établissement à traiter ces données : votre accord n'est pas "
              "demandé et vous ne pouvez pas vous y opposer, mais vous devez être informés."),
    "6.1.d": _l("les données servent à protéger la vie ou la santé d'une personne en cas "
              "d'urgence."),
    "6.1.e": _l("votre accord n'est pas demandé, mais vous devez être informés et vous pouvez "
              "vous opposer au traitement pour des raisons tenant à votre situation."),
    "6.1.f": _l("l'organisme estime avoir un intérêt légitime à traiter ces données ; vous "
              "pouvez vous y opposer."),
}
# With consent AND another basis, each sentence speaks of its own use only: "votre accord
# n'est pas demandé" and "votre accord est demandé" must not read as a contradiction.
_BASIS_BESIDE_CONSENT = {
    "6.1.a": _l("pour l'usage qui repose sur cette base, votre accord est demandé et vous "
              "pouvez le retirer à tout moment."),
    "6.1.c": _l("pour l'usage qui repose sur cette base, la loi oblige l'établissement à "
              "traiter ces données : votre accord n'est pas demandé."),
    "6.1.e": _l("pour l'usage qui repose sur cette base, votre accord n'est pas demandé ; vous "
              "pouvez vous y opposer pour des raisons tenant à votre situation."),
}


def basis_sentence(code: str, bases: set[str]) -> str:
    """What one art. 6 basis means for a parent, given every basis of the activity."""
    if CONSENT_BASIS in bases and len(bases) > 1 and code in _BASIS_BESIDE_CONSENT:
        return str(_BASIS_BESIDE_CONSENT[code])
    return str(_BASIS_ALONE.get(code, ""))


def consent_contradiction(required: bool | None, kind: str | None, bases: set[str],
                          reason: str = "") -> str:
    """Why the consent answers contradict each other (empty when they agree).

    Shared by the rule ``consentement-incoherent`` and the public answer, which then says
    « Non renseigné » instead of repeating a contradiction to parents.
    """
    consent_basis = CONSENT_BASIS in bases
    if required is False and consent_basis:
        return _("l'accord est indiqué comme non demandé alors que le consentement (6.1.a) est "
                 "une base légale du traitement")
    if required and kind == "rgpd" and not consent_basis:
        return _("l'accord est présenté comme un consentement RGPD alors que le consentement "
                 "(6.1.a) n'est pas une base légale du traitement")
    if required and not consent_basis and kind != "droit_image" and not (
            kind == "autre" and (reason or "").strip()):
        return _("un accord est indiqué comme demandé alors qu'aucun usage ne repose sur le "
                 "consentement (6.1.a) et qu'aucun autre texte exigeant cet accord n'est cité")
    return ""


@dataclass(frozen=True)
class ConsentAnswer:
    """The answer to « Votre accord est-il demandé ? »: a headline and its details."""

    known: bool
    headline: str
    details: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The whole answer on one line (open data, exports)."""
        return " ".join((self.headline, *self.details))


def consent_answer(required: bool | None, kind: str | None, scope: str, bases: set[str],
                   reason: str = "") -> ConsentAnswer:
    """The answer to « Votre accord est-il demandé ? », from the consent fields and bases."""
    reason, scope = (reason or "").strip(), (scope or "").strip().rstrip(".")
    contradiction = consent_contradiction(required, kind, bases, reason)
    if contradiction:
        return ConsentAnswer(False, _("%(missing)s : les réponses du registre se "
                                      "contredisent (%(why)s).", missing=translate(NOT_PROVIDED),
                                      why=contradiction))
    if required is None:
        return ConsentAnswer(False, translate(NOT_PROVIDED))
    if not required:
        return ConsentAnswer(True, _("Non, votre accord n'est pas demandé."),
                             (reason,) if reason else ())
    if kind == "droit_image":
        headline = _("Oui, votre autorisation est demandée au titre du droit à l'image "
                     "(Code civil, art. 9).")
    elif kind == "autre":
        headline = _("Oui, votre accord est demandé parce qu'un texte l'exige.")
    else:
        headline = _("Oui, votre consentement est demandé (RGPD, art. 6.1.a).")
    details = [reason] if reason else []
    others = bases - {CONSENT_BASIS}
    if scope:
        details.append(_("Cet accord porte sur : %(scope)s.", scope=scope))
    elif others:
        details.append(_("Usage couvert par cet accord : %(missing)s (le traitement repose "
                         "aussi sur d'autres bases légales).", missing=translate(NOT_PROVIDED)))
    if kind in (None, "rgpd") and CONSENT_BASIS in bases:
        if not others:
            details.append(_("Sans cet accord, les données ne sont pas utilisées."))
        elif scope:
            details.append(_("Sans cet accord, les données ne sont pas utilisées pour cet "
                             "usage ; le reste du traitement ne dépend pas de votre accord."))
    return ConsentAnswer(True, headline, tuple(details))


def rights_answer(rights: list[str] | None, labels: dict[str, str]) -> list[str] | None:
    """The rights that apply, in the caller's words; None (« Non renseigné ») without a basis."""
    if rights is None:
        return None
    return [labels[key] for key in rights if key in labels]


def foreign_law_sentence(processor_name: str, country_name: str, cloud_act: bool) -> str:
    """Warn parents that a company under a foreign law may have to hand data over."""
    if cloud_act:
        return _("L'entreprise « %(processor)s » dépend d'une société mère soumise au droit de "
                 "ce pays : %(country)s. Des lois étrangères (comme le CLOUD Act américain) "
                 "peuvent obliger cette société à transmettre des données aux autorités de ce "
                 "pays, même lorsque les données sont stockées en Europe.",
                 processor=processor_name, country=country_name)
    return _("L'entreprise « %(processor)s » dépend d'une société mère soumise au droit de ce "
             "pays : %(country)s. Des lois étrangères peuvent obliger cette société à "
             "transmettre des données aux autorités de ce pays, même lorsque les données sont "
             "stockées en Europe.", processor=processor_name, country=country_name)


def of_name(name: str) -> str:
    """« de Microsoft », « d'Index Éducation »: French elision before a vowel (not before h: h aspiré)."""
    name = name.strip()
    first = name[:1].lower()
    return f"d'{name}" if first and first in "aàâeéèêëiîïoôuûùy" else f"de {name}"
