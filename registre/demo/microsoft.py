"""The 2015 Microsoft partnership: the demo's "missing answers" fiche.

Only what the public record says is written here (see SCHOOL-ACTIVITIES.md); every
unknown is stored as unknown (``inconnu``, ``None``, empty list) so that the register
shows "non renseigné" with a warning instead of a reassuring guess.
"""
from datetime import date

from registre.demo.fields import people

PROCESSOR = {
    "name": "Microsoft Ireland Operations Ltd",
    "legal_entity": "Microsoft Ireland Operations Ltd (filiale de Microsoft Corporation)",
    # The parent company is American: its laws (CLOUD Act) can reach the data.
    "jurisdiction": "US",
    "service": "Office 365 Éducation, gestion des appareils Intune, identités Azure Active "
               "Directory, réseau social privé et outils d'analyse, fournis dans le cadre du "
               "partenariat signé fin novembre 2015 entre le ministère et Microsoft France",
    # Nobody has produced an art. 28 contract: unknown, not "no".
    "contract_signed": None,
    "hosting_provider": "Microsoft",
    # The press placed the hosting "outside France" without naming countries.
    "datacenter_countries": [],
    "backup_countries": [],
    "access_from_outside_eu": True,
    # No DPF claim: the Data Privacy Framework dates from 10 July 2023. In 2015 the Safe Harbor
    # had been invalidated by the CJEU on 6 October 2015 (C-362/14, Schrems), weeks before the
    # signature; what framed transfers then is unknown.
    "dpf_certified": False,
    "dpf_checked_on": None,
}

NAME = "Partenariat Microsoft – Office 365 Éducation, Intune, Azure AD (2015)"

PURPOSE = (
    "Fournir aux élèves et aux enseignants les services Microsoft prévus par le partenariat "
    "signé fin novembre 2015 entre le ministère (MENESR) et Microsoft France : Office 365 "
    "Éducation, gestion des appareils (Intune), identités (Azure Active Directory), réseau "
    "social privé et outils d'analyse. Accord de 18 mois, conclu sans appel d'offres ; "
    "Microsoft annonçait y investir 13 millions d'euros."
)

NOTES = (
    "Faits connus : accord signé fin novembre 2015 entre le MENESR et Microsoft France, pour "
    "18 mois, sans appel d'offres ; 13 M€ : l'investissement annoncé par Microsoft ; cinq "
    "axes (une « charte de confiance » "
    "sur les données des élèves et des enseignants, toujours non rédigée un an plus tard ; "
    "formation ; mise à disposition de solutions ; apprentissage du code ; soutien aux "
    "entreprises françaises de l'e-éducation). La presse a situé l'hébergement hors de France "
    "(Microsoft n'avait alors pas de centre de données en France) ; cocontractant rapporté : "
    "Microsoft Ireland. Le Safe Harbor avait été invalidé par la CJUE le 6 octobre 2015 "
    "(C-362/14, Schrems), quelques semaines avant la signature ; le Data Privacy Framework "
    "n'existe que depuis juillet 2023 : aucune certification ne couvrait alors ces transferts.\n"
    "Novembre 2016 : le collectif EduNathon demande à la CNIL et au ministère si les parents "
    "ont été informés, s'ils ont signé une autorisation de collecte des données de leurs "
    "enfants mineurs, quel texte, quelles données, où elles sont stockées et pour combien de "
    "temps. 2017 : la CNIL demande un cadre contraignant (pas d'usage commercial, hébergement "
    "en France ou dans l'UE) plutôt qu'une charte. Octobre 2021 : le ministère demande aux "
    "recteurs de cesser le déploiement d'Office 365 et de Google Workspace gratuits dans les "
    "écoles et établissements.\n"
    "Inconnu à ce jour : responsable du traitement (ministère, rectorat ou établissement ?), "
    "rôle de Microsoft (sous-traitant ou non), date de fin effective, base légale, "
    "information des parents, autorisation signée et son "
    "texte, données transmises par service, pays de stockage, durées de conservation, contrat "
    "de sous-traitance (art. 28), AIPD. Ces champs restent « non renseigné » tant qu'aucun "
    "document ne permet d'y répondre : ne pas les compléter par hypothèse."
)


# History, not a current service: the 18-month agreement ran from the end of November 2015.
# Its exact end was not published; the end of May 2017 is the end of those 18 months.
ENDED_ON = date(2017, 5, 31)
END_COMMENT = ("Fin de l'accord de 18 mois signé fin novembre 2015 (date exacte non publiée). "
               "En octobre 2021, le ministère a demandé aux recteurs de cesser le déploiement "
               "d'Office 365 gratuit dans les écoles et établissements.")
# Nobody has said who the controller was: not the principal of the demo collège.
UNKNOWN_CONTROLLER = {"title": "", "name": "", "address": "", "email": "", "phone": ""}


def fiche(processor_id: int, rights_contact: str) -> dict:
    """The fiche's payload; data categories are listed without any retention (unknown)."""
    unknown = ("Durée de conservation inconnue. Le détail des données par service n'a pas "
               "été publié.")
    return {
        "name": NAME,
        "scope": "local",
        "legal_text": "",
        "software": "Office 365 Éducation, Intune, Azure Active Directory",
        "software_vendor": "Microsoft",
        "purpose": PURPOSE,
        "sub_purposes": [
            "Suite bureautique et messagerie en ligne (Office 365 Éducation)",
            "Gestion des appareils (Intune)",
            "Gestion des identités des utilisateurs (Azure Active Directory)",
            "Réseau social privé et outils d'analyse",
        ],
        "legal_bases": [],
        "art9_condition": None,
        "automated_decision": "inconnu",
        "offered_directly_to_child": "oui",
        "started_on": None,
        "controller": dict(UNKNOWN_CONTROLLER),
        "data_source": "",
        "collection_mandatory": None,
        "subject_categories": [people("eleves"), people("enseignants")],
        "concerns_minors": True,
        "data_categories": [
            _unknown_row("etat_civil", "Identités et identifiants des comptes (Azure Active "
                         "Directory). " + unknown),
            _unknown_row("connexion", "Données d'usage et d'appareils (Intune, outils "
                         "d'analyse). " + unknown),
            _unknown_row("autre", "Contenus créés par les élèves et les enseignants dans les "
                         "services (documents, messages, réseau social privé). " + unknown),
        ],
        # Which data reach Microsoft is exactly what nobody could say, and whether Microsoft
        # acted as a processor (art. 28) or for its own purposes was never established.
        "recipients": [{"kind": "autre",
                        "name": "Microsoft Ireland Operations Ltd (rôle — sous-traitant ou "
                                "non — non renseigné)",
                        "processor_id": processor_id, "data_categories": []}],
        "transfers": [],
        "security_measures": [],
        "hosting": "prestataire",
        "hosting_processor_id": processor_id,
        "storage_countries": [],
        "informed": "inconnu",
        "information_channel": "",
        "information_notice": None,
        "information_text": "",
        "consent_required": None,
        "consent_reason": "",
        "consent_signatories": None,
        "consent_text": None,
        "consent_collection": "",
        "consent_withdrawal": "",
        "rights_contact": rights_contact,
        "dpia_criteria": [],
        "dpia_status": None,
        "internal_notes": NOTES,
        "published": True,
    }


def _unknown_row(category: str, description: str) -> dict:
    return {"category": category, "sensitive_kind": None, "description": description,
            "active_duration": None, "active_unit": None, "retention_criteria": "",
            "archive_duration": None, "archive_unit": None, "final_fate": None}
