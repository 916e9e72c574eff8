"""Plain-French sentences of the public register: what a parent reads, without legal jargon.

Each sentence is a French message id, translated when the page is built (English on request).
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

from registre.countries import country_name
from registre.fiche.answers import foreign_law_sentence
from registre.i18n import N_, current_language, translate
from registre.models import (
    ActivityDataCategory,
    ConsentSignatories,
    ControllerRole,
    Hosting,
    Informed,
    Organisation,
    RecipientKind,
)
from registre.text import answer, fold

MINISTER = _l("le ministre chargé de l'éducation nationale")
CNIL_COMPLAINT_URL = "https://www.cnil.fr/fr/plaintes"

# The eight questions of a public card, in the order a parent reads them.
HEADINGS = {
    "pourquoi": _l("Pourquoi ?"),
    "base": _l("Sur quelle base ?"),
    "donnees": _l("Quelles données ?"),
    "destinataires": _l("Qui les reçoit ?"),
    "stockage": _l("Où sont-elles stockées ?"),
    "duree": _l("Combien de temps ?"),
    "accord": _l("Votre accord est-il demandé ?"),
    "information": _l("Avez-vous été informés ?"),
}

# What a parent reads when the compliance rule says a question has no answer.
UNANSWERED = {
    "informes": _l("L'établissement n'indique pas si les familles ont été informées."),
    "accord": _l("L'établissement n'indique pas si votre accord est nécessaire."),
    "texte": _l("Le texte que les familles signent, ou auraient dû signer, n'est pas indiqué."),
    "donnees": _l("Le registre ne dit pas précisément quelles données sont transmises, "
                "ni à qui."),
    "stockage": _l("Le registre ne dit pas où les données sont stockées."),
    "duree": _l("Le registre ne dit pas combien de temps les données sont conservées."),
}

# The name of each basis for parents; what it means is registre.fiche.answers.basis_sentence.
BASES = {
    "6.1.a": _l("Votre consentement"),
    "6.1.b": _l("Un contrat"),
    "6.1.c": _l("Une obligation légale"),
    "6.1.d": _l("La protection de la vie"),
    "6.1.e": _l("Une mission d'intérêt public"),
    "6.1.f": _l("Un intérêt légitime"),
}

RIGHTS = {
    "acces": _l("savoir quelles données sont traitées et en obtenir une copie"),
    "rectification": _l("faire corriger des données inexactes"),
    "effacement": _l("demander l'effacement des données"),
    "limitation": _l("demander qu'elles ne soient plus utilisées le temps d'une vérification"),
    "opposition": _l("vous opposer au traitement pour des raisons tenant à votre situation"),
    "portabilite": _l("récupérer vos données dans un format réutilisable"),
    "retrait_consentement": _l("retirer votre accord à tout moment"),
}

RECIPIENT_KINDS = {
    RecipientKind.SERVICE_INTERNE: _l("Service de l'établissement ou de l'administration"),
    RecipientKind.SOUS_TRAITANT: _l("Prestataire (sous-traitant) qui traite les données pour "
                                 "le compte de l'établissement"),
    RecipientKind.PARTENAIRE: _l("Partenaire"),
    RecipientKind.PAYS_TIERS: _l("Destinataire hors de l'Union européenne"),
    RecipientKind.AUTRE: _l("Autre destinataire"),
}

HOSTING = {
    Hosting.ETABLISSEMENT: _l("Dans l'établissement lui-même."),
    Hosting.ACADEMIE: _l("Sur les serveurs de l'académie."),
    Hosting.MINISTERE: _l("Sur les serveurs du ministère de l'éducation nationale."),
    Hosting.COLLECTIVITE: _l("Sur les serveurs de la collectivité territoriale (commune, "
                          "département ou région)."),
    Hosting.PRESTATAIRE: _l("Chez un prestataire privé."),
}

GUARANTEES = {
    "adequation": _l("le pays offre une protection reconnue équivalente par la Commission "
                  "européenne (décision d'adéquation)"),
    "cct": _l("des clauses contractuelles types de la Commission européenne"),
    "bcr": _l("des règles internes contraignantes du groupe, approuvées par une autorité de "
           "protection des données"),
    "code_conduite": _l("un code de conduite approuvé"),
    "certification": _l("une certification approuvée"),
    "instrument_autorites_publiques": _l("un accord entre autorités publiques"),
    "derogation_art49": _l("une dérogation prévue pour des situations particulières (art. 49 "
                        "du RGPD), sans garantie générale"),
}

INFORMED = {
    Informed.OUI: _l("Oui, les familles ont été informées."),
    Informed.NON: _l("Non : les familles n'ont pas été informées."),
    Informed.INCONNU: "",
}



CONTROLLER_SENTENCES = {
    ControllerRole.IA_DASEN: _l("l'IA-DASEN (directeur académique des services de l'éducation "
                              "nationale), par délégation du recteur"),
    ControllerRole.RECTEUR: _l("le recteur d'académie"),
    ControllerRole.CHEF_ETABLISSEMENT: _l("le chef d'établissement"),
    ControllerRole.CHEF_ETABLISSEMENT_PRIVE: _l(
        "le chef d'établissement, pour l'organisme de gestion de cet établissement privé "
        "sous contrat"),
}


def controller_sentence(organisation: Organisation) -> str:
    """Who is responsible for the organisation's processing, in plain words."""
    return str(CONTROLLER_SENTENCES[organisation.controller_role])


def dpd_function(academie_name: str) -> str:
    """The DPD's function (never a name: staff names are not published)."""
    name = academie_name.strip()
    if name.lower().startswith("académie"):
        academie = f"{name[:1].lower()}{name[1:]}"
        return _("délégué à la protection des données (DPD) de l'%(academie)s", academie=academie)
    return _("délégué à la protection des données (DPD) de l'académie de %(academie)s",
             academie=name)


def signatories_sentence(signatories: ConsentSignatories | None, joint_needed: bool) -> str:
    """Who signs the consent, said to a parent; ``joint_needed`` when art. 45 LIL applies
    (consent to an online service offered directly to a child under 15)."""
    if signatories == ConsentSignatories.CONJOINT:
        return _("Vous et votre enfant, ensemble : l'accord est signé conjointement.")
    if signatories == ConsentSignatories.RESPONSABLES_LEGAUX:
        if joint_needed:
            return _("Vous, responsables légaux. Pour un service en ligne proposé directement "
                     "à un enfant de moins de 15 ans, la loi demande aussi son accord, en même "
                     "temps que le vôtre (art. 45 de la loi Informatique et Libertés).")
        return _("Vous, responsables légaux.")
    if signatories == ConsentSignatories.ELEVE_15_ANS:
        return _("L'élève lui-même, à partir de 15 ans.")
    if signatories == ConsentSignatories.PERSONNEL:
        return _("Le membre du personnel concerné.")
    return ""


def duration(amount: int, unit) -> str:
    """``1 an``, ``3 ans``, ``1 mois``, ``30 jours`` (as :func:`registre.text.duration_text`
    says them), in the page's language."""
    # French says "0 an" and "1 an": 0 and 1 are singular, whatever the language's rule.
    if unit.value == "ans":
        text = _("%(num)s an", num=amount) if amount in (0, 1) else _("%(num)s ans", num=amount)
    elif unit.value == "jours":
        text = (_("%(num)s jour", num=amount) if amount in (0, 1)
                else _("%(num)s jours", num=amount))
    elif amount in (0, 1):
        text = pgettext("une durée au singulier", "%(num)s mois", num=amount)
    else:
        text = _("%(num)s mois", num=amount)
    return text


FINAL_FATES = {
    "destruction": _l(", puis détruites"),
    "archivage_definitif": _l(", puis versées aux archives publiques"),
    "anonymisation": _l(", puis anonymisées"),
}


# A criterion that already says "until…" or "during…" is not introduced again; one that
# names a period or its end gets the word that makes a sentence of it.
_TIME_WORDS = ("jusqu", "pendant", "durant", "tant qu", "le temps")
_INTRODUCED = (("duree", N_("pendant la %(criteria)s")), ("fin ", N_("jusqu'à la %(criteria)s")))


def _criterion(criteria: str) -> str:
    """« jusqu'à la fin de la scolarité », « pendant la durée de… », or « : <criterion> »."""
    lowered = f"{criteria[:1].lower()}{criteria[1:]}"
    folded = fold(lowered)
    if folded.startswith(_TIME_WORDS):
        return lowered
    for start, words in _INTRODUCED:
        if folded.startswith(start):
            return translate(words) % {"criteria": lowered}
    return _(": %(criteria)s", criteria=lowered)


def retention_sentence(row: ActivityDataCategory) -> str:
    """How long one category of data is kept, in one sentence (empty when nobody said)."""
    if not row.has_retention:
        return ""
    criteria = answer(row.retention_criteria).strip().rstrip(".")
    if row.active_duration is not None and row.active_unit:
        sentence = _("Conservées %(duration)s",
                     duration=duration(row.active_duration, row.active_unit))
        if criteria:
            sentence += f" ({criteria})"
    else:
        sentence = _("Conservées %(criteria)s", criteria=_criterion(criteria))
    if row.archive_duration is not None and row.archive_unit:
        sentence += _(", puis archivées %(duration)s avec un accès restreint",
                      duration=duration(row.archive_duration, row.archive_unit))
    if row.final_fate is not None:
        sentence += str(FINAL_FATES[row.final_fate.value])
    return sentence + "."


def jurisdiction_warning(processor_name: str, country: str) -> str:
    """Warn that a company under foreign law may have to hand data to that country's authorities."""
    return foreign_law_sentence(processor_name, country_name(country, current_language()),
                                country == "US")


def governance_sentence(organisation: Organisation, opinion_date: str) -> str:
    """The school body consulted (conseil d'administration or conseil d'école) and when."""
    if not opinion_date:
        return ""
    if organisation.is_ecole:
        return _("Le conseil d'école en a été informé le %(day)s.", day=opinion_date)
    if organisation.is_eple:
        return _("Le conseil d'administration a donné son avis le %(day)s.", day=opinion_date)
    return _("L'instance compétente a été consultée le %(day)s.", day=opinion_date)


# Other answers a card may lack (art. 13 RGPD): the heading it belongs to, the question
# parents ask, and what they read.
OTHER_GAPS = {
    "finalite": ("pourquoi", _l("À quoi servent les données ?"),
                 _l("Le registre ne dit pas à quoi servent ces données.")),
    "texte_reference": ("base", _l("Quel texte encadre ce traitement national ?"),
                        _l("Le texte qui encadre ce traitement national n'est pas indiqué.")),
    "base": ("base", _l("Sur quelle base légale ?"),
             _l("Le registre n'indique pas la base légale de ce traitement (article 6 du RGPD).")),
    "personnes": ("donnees", _l("Qui est concerné ?"),
                  _l("Le registre ne dit pas quelles personnes sont concernées.")),
    "destinataires": ("destinataires", _l("Qui reçoit les données ?"),
                      _l("Le registre ne dit pas qui reçoit les données.")),
    "responsable": ("", _l("Qui est responsable du traitement ?"),
                    _l("Le registre ne dit pas qui est responsable de ce traitement.")),
    "decision_automatisee": ("", _l("Une décision est-elle prise automatiquement ?"),
                             _l("Le registre ne dit pas si une décision est prise automatiquement.")),
    "contrat": ("", _l("Un contrat encadre-t-il ce sous-traitant ?"),
                _l("Le registre ne dit pas si un contrat de sous-traitance est signé.")),
    "acces_hors_ue": ("", _l("Des accès depuis l'extérieur de l'Union européenne sont-ils possibles ?"),
                      _l("Le registre ne dit pas si l'hébergeur accède aux données depuis "
                      "l'extérieur de l'Union européenne.")),
    "accord_incoherent": ("", _l("Votre accord est-il demandé ?"),
                          _l("Les réponses du registre sur l'accord des familles se contredisent.")),
    "portee_accord": ("", _l("Sur quel usage porte votre accord ?"),
                      _l("Le registre ne dit pas quel usage votre accord couvre.")),
    "accord_inconnu": ("", _l("Votre accord est-il demandé ?"),
                       _l("Le registre ne dit pas si votre accord est demandé.")),
    "droits": ("", _l("Quels sont vos droits ?"),
               _l("Sans base légale indiquée, le registre ne dit pas quels droits s'appliquent.")),
}
