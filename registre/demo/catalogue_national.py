"""Catalogue payloads of the ministry's applications and of the rectorat's staff management.

Facts come from SCHOOL-ACTIVITIES.md; figures it marks "(à vérifier)" stay marked so.
"""
from registre.demo.fields import (
    ACCOUNTS,
    LOGS,
    CatalogueContext,
    basis,
    data,
    document,
    measure,
    no_consent,
    people,
    recipient,
)

MINISTRY = "Ministère de l'Éducation nationale"
NATIONAL_NOTE = ("Traitement national : le ministre en est responsable, l'établissement le met "
                 "en œuvre. Hébergement en France, AIPD et répartition des données par "
                 "destinataire à confirmer auprès du ministère (à vérifier).")
GUICHET = measure("controle_acces", "Accès par le guichet d'authentification académique, "
                  "profils d'habilitation définis par le ministère.")


def _national(ctx: CatalogueContext, legal_text: str, notice: str) -> dict:
    """Fields shared by the ministry's applications implemented in schools."""
    return {
        "scope": "national", "legal_text": legal_text,
        "software_vendor": MINISTRY, "hosting": "ministere", "storage_countries": ["FR"],
        "informed": "oui",
        "information_notice": document(notice, ctx.school_year),
        "rights_contact": ctx.rights_contact, "concerns_minors": True,
        "internal_notes": NATIONAL_NOTE,
        **no_consent(),
    }


def siecle(ctx: CatalogueContext) -> dict:
    """#1 Scolarité — SIECLE."""
    keep = "Durée de la scolarité dans l'établissement (à vérifier)"
    return {
        **_national(ctx, "Arrêté ministériel portant création du traitement SIECLE "
                    "(référence à compléter)", "Notice d'information — Scolarité (SIECLE)"),
        "name": "Scolarité — SIECLE", "software": "SIECLE",
        "purpose": "Gérer la scolarité des élèves : inscription, répartition dans les classes, "
                   "bourses, contrôle de l'obligation d'instruction.",
        "sub_purposes": ["Inscription et répartition dans les classes", "Instruction des bourses",
                         "Contrôle de l'obligation d'instruction"],
        "legal_bases": [
            basis("6.1.c", "Obligations légales : inscription, contrôle de l'obligation "
                  "d'instruction, bourses (code de l'éducation)."),
            basis("6.1.e", "Mission de service public de l'éducation."),
        ],
        "data_source": "Responsables légaux (dossier d'inscription), établissement d'origine.",
        "collection_mandatory": True,
        "subject_categories": [people("eleves"), people("responsables_legaux")],
        "data_categories": [
            data("etat_civil", "Identité, INE, coordonnées des élèves et des responsables "
                 "légaux.", criteria=keep),
            data("vie_scolaire", "Scolarité : classe, options, régime.", criteria=keep),
            data("economique_financier", "Données fiscales des familles (bourses).",
                 criteria=keep),
        ],
        "recipients": [
            recipient("service_interne", "Personnels habilités de l'établissement",
                      ["etat_civil", "vie_scolaire", "economique_financier"]),
            recipient("partenaire_institutionnel", "DSDEN",
                      ["etat_civil", "vie_scolaire", "economique_financier"]),
            recipient("partenaire_institutionnel", "Collectivité de rattachement",
                      ["etat_civil", "vie_scolaire"]),
        ],
        "security_measures": [GUICHET, LOGS],
        "information_channel": "Dossier d'inscription et règlement intérieur",
        "information_text": "Les familles sont informées de l'enregistrement des données de "
                            "scolarité dans SIECLE et de leurs droits auprès du DPD académique.",
        "dpia_criteria": ["personnes_vulnerables", "grande_echelle"],
    }


def onde(ctx: CatalogueContext) -> dict:
    """#2 ONDE, the écoles' pupil base."""
    keep = "Durée fixée par l'arrêté du 25 mai 2023 (à vérifier)"
    return {
        **_national(ctx, "Arrêté du 25 mai 2023 (à vérifier)",
                    "Notice d'information — Gestion des élèves du premier degré (ONDE)"),
        "name": "Gestion des élèves du premier degré — ONDE", "software": "ONDE",
        # The minister is the controller of ONDE; the IA-DASEN receives data (recipient), he
        # does not decide its purposes with the minister: not a joint controller (art. 26).
        "purpose": "Gestion administrative et pédagogique des élèves du premier degré.",
        "sub_purposes": ["Inscription et admission", "Répartition dans les classes",
                         "Suivi des effectifs"],
        "legal_bases": [basis("6.1.c", "Obligation d'instruction et d'inscription."),
                        basis("6.1.e", "Mission de service public de l'éducation.")],
        "data_source": "Responsables légaux, mairie (inscription).",
        "collection_mandatory": True,
        "subject_categories": [people("eleves"), people("responsables_legaux"),
                               people("autres", "Personnes autorisées à prendre l'élève en "
                                      "charge")],
        "data_categories": [
            data("etat_civil", "Identité, INE, adresse de l'élève ; identité et coordonnées "
                 "des responsables et des personnes autorisées.", criteria=keep),
            data("vie_scolaire", "Scolarité : école, classe, cycle.", criteria=keep),
            data("autre", "Activités périscolaires.", criteria=keep),
        ],
        "recipients": [
            recipient("service_interne", "Directeur d'école",
                      ["etat_civil", "vie_scolaire", "autre"]),
            recipient("partenaire_institutionnel", "IEN de circonscription",
                      ["etat_civil", "vie_scolaire"]),
            recipient("partenaire_institutionnel", "IA-DASEN", ["etat_civil", "vie_scolaire"]),
            recipient("partenaire_institutionnel", "Mairie", ["etat_civil", "autre"]),
        ],
        "security_measures": [GUICHET, LOGS],
        "information_channel": "Dossier d'inscription, affichage à l'école",
        "dpia_criteria": ["personnes_vulnerables", "grande_echelle"],
    }


def lsu(ctx: CatalogueContext) -> dict:
    """#3 Livret scolaire unique."""
    cycle = "Fin du cycle + 1 an"
    return {
        **_national(ctx, "Arrêté ministériel portant création du livret scolaire unique "
                    "(référence à compléter)", "Notice d'information — Livret scolaire unique"),
        "name": "Livret scolaire unique (LSU)", "software": "LSU",
        "purpose": "Suivre les acquis des élèves du CP à la 3e.",
        "sub_purposes": ["Bilans périodiques", "Bilans de fin de cycle", "Attestations"],
        "legal_bases": [basis("6.1.e", "Mission de service public : suivi et évaluation des "
                              "acquis des élèves.")],
        "subject_categories": [people("eleves"), people("responsables_legaux"),
                               people("enseignants")],
        "data_categories": [
            data("etat_civil", "Identité et INE des élèves ; nom des enseignants.",
                 criteria=cycle),
            data("vie_scolaire", "Bilans périodiques et attestations.", criteria=cycle),
            data("vie_scolaire", "Bilans de fin de cycle.",
                 criteria="Jusqu'à la fin de la classe de seconde"),
        ],
        "recipients": [
            recipient("service_interne", "Enseignants", ["etat_civil", "vie_scolaire"]),
            recipient("service_interne", "Direction", ["etat_civil", "vie_scolaire"]),
        ],
        "security_measures": [GUICHET, LOGS],
        "information_channel": "Réunion de rentrée, livret communiqué aux familles",
        "dpia_criteria": ["evaluation", "personnes_vulnerables", "grande_echelle"],
    }


def gar(ctx: CatalogueContext) -> dict:
    """#6 GAR — access to digital resources."""
    keep = "Durée fixée par l'arrêté du 18 décembre 2017 (à vérifier)"
    return {
        **_national(ctx, "Arrêté du 18 décembre 2017 (gestionnaire d'accès aux ressources)",
                    "Notice d'information — Accès aux ressources numériques (GAR)"),
        "name": "Accès aux ressources numériques — GAR",
        "software": "GAR (gestionnaire d'accès aux ressources)",
        "purpose": "Transmettre aux éditeurs de ressources numériques les seules données "
                   "nécessaires à l'accès des élèves et des enseignants.",
        "legal_bases": [basis("6.1.e", "Mission de service public du numérique éducatif.")],
        "subject_categories": [people("eleves"), people("enseignants")],
        "data_categories": [
            data("etat_civil", "Identifiants pseudonymes.", criteria=keep),
            data("vie_scolaire", "Classe, groupes, établissement.", criteria=keep),
        ],
        "recipients": [recipient("partenaire_institutionnel",
                                 "Éditeurs de ressources numériques (données minimales)",
                                 ["etat_civil", "vie_scolaire"])],
        "security_measures": [GUICHET, measure("autre", "Pseudonymisation des identifiants "
                                               "transmis aux éditeurs.")],
        "information_channel": "ENT et règlement intérieur",
        "dpia_criteria": ["personnes_vulnerables", "grande_echelle"],
    }


def faits_etablissement(ctx: CatalogueContext) -> dict:
    """#15 Faits établissement."""
    logs = {"duration": 1, "unit": "ans", "archive": 5, "archive_unit": "ans"}
    payload = {
        **_national(ctx, "Arrêté ministériel portant création de l'application Faits "
                    "établissement (référence à compléter)",
                    "Notice d'information — Signalement des faits (Faits établissement)"),
        "name": "Signalement des faits de violence — Faits établissement",
        "software": "Faits établissement",
        "purpose": "Signaler les faits de violence survenus dans l'établissement.",
        "legal_bases": [basis("6.1.e", "Mission de service public : sécurité des élèves et "
                              "des personnels.")],
        "subject_categories": [people("eleves"), people("personnels"),
                               people("autres", "Tiers impliqués dans les faits")],
        "data_categories": [
            data("etat_civil", "Identité des personnes impliquées.", **logs),
            data("autre", "Description des faits signalés.", **logs),
            data("sensible", "Faits pouvant constituer des infractions.",
                 sensitive="infractions_condamnations", **logs),
        ],
        "recipients": [
            recipient("partenaire_institutionnel", name, ["etat_civil", "autre", "sensible"])
            for name in ("DSDEN", "Rectorat", "Ministère")
        ],
        "security_measures": [GUICHET, LOGS],
        "information_channel": "Règlement intérieur",
        "dpia_criteria": ["personnes_vulnerables", "donnees_sensibles"],
    }
    payload["internal_notes"] = ("Données d'infraction (art. 10 RGPD) : cadre à confirmer "
                                 "auprès du ministère (à vérifier). " + payload["internal_notes"])
    return payload


def gestion_personnels(ctx: CatalogueContext) -> dict:
    """#16 Staff management, kept by the rectorat (controller: the recteur)."""
    keep = "Durée de la carrière + 5 ans (à vérifier)"
    return {
        "name": "Gestion des personnels", "scope": "local",
        "software": "Applications de gestion des ressources humaines",
        "purpose": "Gérer les personnels : affectations, remplacements.",
        "sub_purposes": ["Affectations", "Remplacements"],
        "legal_bases": [basis("6.1.c", "Obligations de l'employeur public."),
                        basis("6.1.e", "Mission de service public de l'éducation.")],
        "subject_categories": [people("personnels")],
        "data_categories": [
            data("etat_civil", "Identité, NUMEN, coordonnées.", criteria=keep),
            data("vie_professionnelle", "Carrière, affectations, remplacements.",
                 criteria=keep),
        ],
        "recipients": [
            recipient("service_interne", "Services des ressources humaines du rectorat",
                      ["etat_civil", "vie_professionnelle"]),
            recipient("service_interne", "Chefs d'établissement, pour les personnels "
                      "affectés", ["etat_civil", "vie_professionnelle"]),
        ],
        "security_measures": [ACCOUNTS, LOGS],
        "hosting": "academie", "storage_countries": ["FR"],
        "informed": "oui", "information_channel": "Intranet académique",
        "information_notice": document("Notice d'information — Gestion des personnels",
                                       ctx.school_year),
        "rights_contact": ctx.rights_contact,
        "dpia_criteria": ["grande_echelle"], "dpia_status": "non_requise",
        **no_consent(),
    }
