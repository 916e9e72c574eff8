"""Plain-French sentences of the public register: what a parent reads, without legal jargon."""
from registre.countries import country_name
from registre.fiche.answers import foreign_law_sentence
from registre.models import (
    ActivityDataCategory,
    ConsentSignatories,
    ControllerRole,
    Hosting,
    Informed,
    Organisation,
    RecipientKind,
)
from registre.text import answer, duration_text, fold

MINISTER = "le ministre chargé de l'éducation nationale"
CNIL_COMPLAINT_URL = "https://www.cnil.fr/fr/plaintes"

# The eight questions of a public card, in the order a parent reads them.
HEADINGS = {
    "pourquoi": "Pourquoi ?",
    "base": "Sur quelle base ?",
    "donnees": "Quelles données ?",
    "destinataires": "Qui les reçoit ?",
    "stockage": "Où sont-elles stockées ?",
    "duree": "Combien de temps ?",
    "accord": "Votre accord est-il demandé ?",
    "information": "Avez-vous été informés ?",
}

# What a parent reads when the compliance rule says a question has no answer.
UNANSWERED = {
    "informes": "L'établissement n'indique pas si les familles ont été informées.",
    "accord": "L'établissement n'indique pas si votre accord est nécessaire.",
    "texte": "Le texte que les familles signent, ou auraient dû signer, n'est pas indiqué.",
    "donnees": ("Le registre ne dit pas précisément quelles données sont transmises, "
                "ni à qui."),
    "stockage": "Le registre ne dit pas où les données sont stockées.",
    "duree": "Le registre ne dit pas combien de temps les données sont conservées.",
}

# The name of each basis for parents; what it means is registre.fiche.answers.basis_sentence.
BASES = {
    "6.1.a": "Votre consentement",
    "6.1.b": "Un contrat",
    "6.1.c": "Une obligation légale",
    "6.1.d": "La protection de la vie",
    "6.1.e": "Une mission d'intérêt public",
    "6.1.f": "Un intérêt légitime",
}

RIGHTS = {
    "acces": "savoir quelles données sont traitées et en obtenir une copie",
    "rectification": "faire corriger des données inexactes",
    "effacement": "demander l'effacement des données",
    "limitation": "demander qu'elles ne soient plus utilisées le temps d'une vérification",
    "opposition": "vous opposer au traitement pour des raisons tenant à votre situation",
    "portabilite": "récupérer vos données dans un format réutilisable",
    "retrait_consentement": "retirer votre accord à tout moment",
}

RECIPIENT_KINDS = {
    RecipientKind.SERVICE_INTERNE: "Service de l'établissement ou de l'administration",
    RecipientKind.SOUS_TRAITANT: "Prestataire (sous-traitant) qui traite les données pour "
                                 "le compte de l'établissement",
    RecipientKind.PARTENAIRE: "Partenaire",
    RecipientKind.PAYS_TIERS: "Destinataire hors de l'Union européenne",
    RecipientKind.AUTRE: "Autre destinataire",
}

HOSTING = {
    Hosting.ETABLISSEMENT: "Dans l'établissement lui-même.",
    Hosting.ACADEMIE: "Sur les serveurs de l'académie.",
    Hosting.MINISTERE: "Sur les serveurs du ministère de l'éducation nationale.",
    Hosting.COLLECTIVITE: "Sur les serveurs de la collectivité territoriale (commune, "
                          "département ou région).",
    Hosting.PRESTATAIRE: "Chez un prestataire privé.",
}

GUARANTEES = {
    "adequation": "le pays offre une protection reconnue équivalente par la Commission "
                  "européenne (décision d'adéquation)",
    "cct": "des clauses contractuelles types de la Commission européenne",
    "bcr": "des règles internes contraignantes du groupe, approuvées par une autorité de "
           "protection des données",
    "code_conduite": "un code de conduite approuvé",
    "certification": "une certification approuvée",
    "instrument_autorites_publiques": "un accord entre autorités publiques",
    "derogation_art49": "une dérogation prévue pour des situations particulières (art. 49 "
                        "du RGPD), sans garantie générale",
}

INFORMED = {
    Informed.OUI: "Oui, les familles ont été informées.",
    Informed.NON: "Non : les familles n'ont pas été informées.",
    Informed.INCONNU: "",
}

_DPD_FUNCTION = "délégué à la protection des données (DPD) de {academie}"


CONTROLLER_SENTENCES = {
    ControllerRole.IA_DASEN: ("l'IA-DASEN (directeur académique des services de l'éducation "
                              "nationale), par délégation du recteur"),
    ControllerRole.RECTEUR: "le recteur d'académie",
    ControllerRole.CHEF_ETABLISSEMENT: "le chef d'établissement",
    ControllerRole.CHEF_ETABLISSEMENT_PRIVE: (
        "le chef d'établissement, pour l'organisme de gestion de cet établissement privé "
        "sous contrat"),
}


def controller_sentence(organisation: Organisation) -> str:
    """Who is responsible for the organisation's processing, in plain words."""
    return CONTROLLER_SENTENCES[organisation.controller_role]


def dpd_function(academie_name: str) -> str:
    """The DPD's function (never a name: staff names are not published)."""
    name = academie_name.strip()
    if name.lower().startswith("académie"):
        return _DPD_FUNCTION.format(academie=f"l'{name[:1].lower()}{name[1:]}")
    return _DPD_FUNCTION.format(academie=f"l'académie de {name}")


def signatories_sentence(signatories: ConsentSignatories | None, joint_needed: bool) -> str:
    """Who signs the consent, said to a parent; ``joint_needed`` when art. 45 LIL applies
    (consent to an online service offered directly to a child under 15)."""
    if signatories == ConsentSignatories.CONJOINT:
        return "Vous et votre enfant, ensemble : l'accord est signé conjointement."
    if signatories == ConsentSignatories.RESPONSABLES_LEGAUX:
        if joint_needed:
            return ("Vous, responsables légaux. Pour un service en ligne proposé directement "
                    "à un enfant de moins de 15 ans, la loi demande aussi son accord, en même "
                    "temps que le vôtre (art. 45 de la loi Informatique et Libertés).")
        return "Vous, responsables légaux."
    if signatories == ConsentSignatories.ELEVE_15_ANS:
        return "L'élève lui-même, à partir de 15 ans."
    if signatories == ConsentSignatories.PERSONNEL:
        return "Le membre du personnel concerné."
    return ""


def duration(amount: int, unit) -> str:
    """``1 an``, ``3 ans``, ``1 mois``, ``30 jours``: :func:`registre.text.duration_text`."""
    return duration_text(amount, unit)


# A criterion that already says "until…" or "during…" is not introduced again; one that
# names a period or its end gets the word that makes a sentence of it.
_TIME_WORDS = ("jusqu", "pendant", "durant", "tant qu", "le temps")
_INTRODUCED = (("duree", "pendant la "), ("fin ", "jusqu'à la "))


def _criterion(criteria: str) -> str:
    """« jusqu'à la fin de la scolarité », « pendant la durée de… », or « : <criterion> »."""
    lowered = f"{criteria[:1].lower()}{criteria[1:]}"
    folded = fold(lowered)
    if folded.startswith(_TIME_WORDS):
        return lowered
    for start, words in _INTRODUCED:
        if folded.startswith(start):
            return words + lowered
    return f": {lowered}"


def retention_sentence(row: ActivityDataCategory) -> str:
    """How long one category of data is kept, in one sentence (empty when nobody said)."""
    if not row.has_retention:
        return ""
    criteria = answer(row.retention_criteria).strip().rstrip(".")
    if row.active_duration is not None and row.active_unit:
        sentence = f"Conservées {duration(row.active_duration, row.active_unit)}"
        if criteria:
            sentence += f" ({criteria})"
    else:
        sentence = f"Conservées {_criterion(criteria)}"
    if row.archive_duration is not None and row.archive_unit:
        sentence += (f", puis archivées {duration(row.archive_duration, row.archive_unit)} "
                     "avec un accès restreint")
    if row.final_fate is not None:
        sentence += {"destruction": ", puis détruites",
                     "archivage_definitif": ", puis versées aux archives publiques",
                     "anonymisation": ", puis anonymisées"}[row.final_fate.value]
    return sentence + "."


def jurisdiction_warning(processor_name: str, country: str) -> str:
    """Warn that a company under foreign law may have to hand data to that country's authorities."""
    return foreign_law_sentence(processor_name, country_name(country), country == "US")


def governance_sentence(organisation: Organisation, opinion_date: str) -> str:
    """The school body consulted (conseil d'administration or conseil d'école) and when."""
    if not opinion_date:
        return ""
    if organisation.is_ecole:
        return f"Le conseil d'école en a été informé le {opinion_date}."
    if organisation.is_eple:
        return f"Le conseil d'administration a donné son avis le {opinion_date}."
    return f"L'instance compétente a été consultée le {opinion_date}."


# Other answers a card may lack (art. 13 RGPD): the heading it belongs to, the question
# parents ask, and what they read.
OTHER_GAPS = {
    "finalite": ("pourquoi", "À quoi servent les données ?",
                 "Le registre ne dit pas à quoi servent ces données."),
    "texte_reference": ("base", "Quel texte encadre ce traitement national ?",
                        "Le texte qui encadre ce traitement national n'est pas indiqué."),
    "base": ("base", "Sur quelle base légale ?",
             "Le registre n'indique pas la base légale de ce traitement (article 6 du RGPD)."),
    "personnes": ("donnees", "Qui est concerné ?",
                  "Le registre ne dit pas quelles personnes sont concernées."),
    "destinataires": ("destinataires", "Qui reçoit les données ?",
                      "Le registre ne dit pas qui reçoit les données."),
    "responsable": ("", "Qui est responsable du traitement ?",
                    "Le registre ne dit pas qui est responsable de ce traitement."),
    "decision_automatisee": ("", "Une décision est-elle prise automatiquement ?",
                             "Le registre ne dit pas si une décision est prise automatiquement."),
    "contrat": ("", "Un contrat encadre-t-il ce sous-traitant ?",
                "Le registre ne dit pas si un contrat de sous-traitance est signé."),
    "acces_hors_ue": ("", "Des accès depuis l'extérieur de l'Union européenne sont-ils possibles ?",
                      "Le registre ne dit pas si l'hébergeur accède aux données depuis "
                      "l'extérieur de l'Union européenne."),
    "accord_incoherent": ("", "Votre accord est-il demandé ?",
                          "Les réponses du registre sur l'accord des familles se contredisent."),
    "portee_accord": ("", "Sur quel usage porte votre accord ?",
                      "Le registre ne dit pas quel usage votre accord couvre."),
    "accord_inconnu": ("", "Votre accord est-il demandé ?",
                       "Le registre ne dit pas si votre accord est demandé."),
    "droits": ("", "Quels sont vos droits ?",
               "Sans base légale indiquée, le registre ne dit pas quels droits s'appliquent."),
}
