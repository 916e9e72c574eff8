"""Catalogue payloads of the school's own digital services (controller: the chef d'établissement).

Facts come from SCHOOL-ACTIVITIES.md; figures it marks "(à vérifier)" stay marked so.
"""
from registre.demo.fields import (
    ACCOUNTS,
    BACKUPS,
    LOCKED_FILES,
    LOGS,
    PROCESSOR_CONTROL,
    PUBLIC_MISSION,
    CatalogueContext,
    basis,
    data,
    local_fields,
    measure,
    people,
    recipient,
)

HTTPS = measure("chiffrement", "Connexions chiffrées (HTTPS).")


def _hosted(ctx: CatalogueContext, key: str) -> dict:
    """Hosting at a catalogue processor: the storage countries come from the processor."""
    return {"hosting": "prestataire", "hosting_processor_id": ctx.processors[key],
            "storage_countries": []}


def pronote(ctx: CatalogueContext) -> dict:
    """#4 Vie scolaire et notes (Pronote)."""
    yearly = "Base annuelle : une base par année scolaire"
    return {
        **local_fields(ctx, "Notice d'information — Vie scolaire et notes (Pronote)",
                 "Règlement intérieur, réunion de rentrée, ENT"),
        **_hosted(ctx, "pronote"),
        "name": "Vie scolaire et notes (Pronote)",
        "software": "Pronote", "software_vendor": "Index Éducation",
        "purpose": "Suivre la vie scolaire : notes, absences, sanctions, cahier de textes, "
                   "liaison avec les familles.",
        "sub_purposes": ["Notes et bulletins", "Absences et retards", "Punitions et sanctions",
                         "Cahier de textes", "Liaison avec les familles"],
        "legal_bases": [PUBLIC_MISSION],
        "subject_categories": [people("eleves"), people("responsables_legaux"),
                               people("personnels", "Équipe pédagogique et vie scolaire")],
        "concerns_minors": True,
        "offered_directly_to_child": "oui",  # pupils have their own account
        "data_categories": [
            data("etat_civil", "Identité, classe, coordonnées des responsables.",
                 criteria=yearly),
            data("vie_scolaire", "Évaluations, absences, sanctions, cahier de textes.",
                 criteria=yearly),
            data("connexion", "Journaux de connexion.", criteria=yearly),
        ],
        "recipients": [
            recipient("service_interne", "Équipe pédagogique, CPE, vie scolaire",
                      ["etat_civil", "vie_scolaire"]),
            recipient("autre", "Familles, pour leur enfant", ["etat_civil", "vie_scolaire"]),
            recipient("sous_traitant", "Index Éducation (version hébergée)",
                      ["etat_civil", "vie_scolaire", "connexion"], ctx.processors["pronote"]),
        ],
        "security_measures": [ACCOUNTS, LOGS, BACKUPS, HTTPS, PROCESSOR_CONTROL],
        "dpia_criteria": ["evaluation", "personnes_vulnerables"], "dpia_status": "a_realiser",
    }


def ent(ctx: CatalogueContext) -> dict:
    """#5 Espace numérique de travail."""
    after = "Suppression 3 mois après la fin du droit d'accès"
    return {
        **local_fields(ctx, "Notice d'information — Espace numérique de travail",
                 "Charte d'usage de l'ENT, règlement intérieur"),
        **_hosted(ctx, "ent"),
        "name": "Espace numérique de travail (ENT)",
        "software": "ENT EduNuage", "software_vendor": "EduNuage SAS",
        "joint_controllers": [{
            # A joint controller's contact is part of the register (art. 26 and 30.1.a).
            "title": "Collectivité territoriale de rattachement", "name": "",
            "address": "Délégué à la protection des données de la collectivité de "
                       "rattachement (département pour un collège, région pour un lycée), à "
                       "l'adresse de son hôtel",
            "email": "", "phone": "",
            "role_split": "Fournit l'ENT ; répartition des rôles fixée par la convention ENT "
                          "(à vérifier)."}],
        "purpose": "Offrir un espace numérique de travail : messagerie, ressources, cahier de "
                   "textes.",
        "sub_purposes": ["Messagerie", "Ressources pédagogiques", "Cahier de textes"],
        "legal_bases": [PUBLIC_MISSION],
        "subject_categories": [people("eleves"), people("responsables_legaux"),
                               people("personnels")],
        "concerns_minors": True,
        "offered_directly_to_child": "oui",  # pupils have their own account
        "data_categories": [
            data("etat_civil", "Identité et identifiants.", criteria=after),
            data("autre", "Contenus : messages, documents déposés.", criteria=after),
            data("connexion", "Journaux de connexion.", criteria=after),
        ],
        "recipients": [
            recipient("service_interne", "Utilisateurs habilités de l'établissement",
                      ["etat_civil", "autre"]),
            recipient("sous_traitant", "EduNuage (prestataire ENT)",
                      ["etat_civil", "autre", "connexion"], ctx.processors["ent"]),
        ],
        "security_measures": [ACCOUNTS, LOGS, BACKUPS, HTTPS, PROCESSOR_CONTROL],
        "dpia_criteria": ["personnes_vulnerables"], "dpia_status": "non_requise",
    }


def application_pedagogique(ctx: CatalogueContext) -> dict:
    """#7 Online teaching application."""
    year = "Année scolaire"
    return {
        **local_fields(ctx, "Notice d'information — Application d'exercices en ligne",
                 "ENT, information des familles en début d'année"),
        **_hosted(ctx, "appli"),
        "name": "Application pédagogique en ligne",
        "software": "Exercices+", "software_vendor": "Exercices Plus SAS",
        "purpose": "Proposer des exercices en ligne et suivre les résultats des élèves.",
        "legal_bases": [basis("6.1.e", "Mission d'enseignement ; outil choisi après avis du "
                              "conseil d'administration (R.421-23 du code de l'éducation).")],
        "subject_categories": [people("eleves"), people("enseignants")],
        "concerns_minors": True,
        "offered_directly_to_child": "oui",  # pupils have their own account
        "data_categories": [
            data("etat_civil", "Identité (pseudonyme de préférence), classe.", criteria=year),
            data("vie_scolaire", "Résultats et traces d'apprentissage.", criteria=year),
        ],
        "recipients": [
            recipient("service_interne", "Enseignants de la classe",
                      ["etat_civil", "vie_scolaire"]),
            recipient("sous_traitant", "Exercices+ (éditeur, contrat art. 28)",
                      ["etat_civil", "vie_scolaire"], ctx.processors["appli"]),
        ],
        "security_measures": [ACCOUNTS, HTTPS, PROCESSOR_CONTROL],
        "dpia_criteria": ["evaluation", "personnes_vulnerables"], "dpia_status": "a_realiser",
    }


def restauration(ctx: CatalogueContext) -> dict:
    """#8 School catering."""
    payload = {
        **local_fields(ctx, "Notice d'information — Restauration scolaire",
                 "Dossier d'inscription à la demi-pension"),
        **_hosted(ctx, "restauration"),
        "name": "Restauration scolaire",
        "software": "Cantine & Paiement", "software_vendor": "Cantine et Paiement SARL",
        "purpose": "Gérer la restauration scolaire : inscription, facturation, régimes et "
                   "allergies.",
        "sub_purposes": ["Inscription à la demi-pension", "Facturation et paiement",
                         "Prise en compte des allergies"],
        "legal_bases": [PUBLIC_MISSION],
        "art9_condition": "9.2.h",
        "subject_categories": [people("eleves"), people("responsables_legaux")],
        "concerns_minors": True,
        "data_categories": [
            data("etat_civil", "Identité, classe, régime.", criteria="Année scolaire"),
            data("economique_financier", "Tarifs, factures, paiements ; pièces comptables : "
                 "10 ans (à vérifier).", duration=10, unit="ans"),
            data("sensible", "Allergies et régimes pour raison de santé.",
                 criteria="Année scolaire", sensitive="sante"),
        ],
        "recipients": [
            recipient("service_interne", "Gestionnaire",
                      ["etat_civil", "economique_financier"]),
            recipient("service_interne", "Cuisine (allergies seulement)", ["sensible"]),
            recipient("service_interne", "Agent comptable",
                      ["etat_civil", "economique_financier"]),
            recipient("sous_traitant", "Cantine & Paiement (inscription et paiement)",
                      ["etat_civil", "economique_financier"], ctx.processors["restauration"]),
        ],
        "security_measures": [ACCOUNTS, HTTPS, PROCESSOR_CONTROL],
        "dpia_criteria": ["personnes_vulnerables", "donnees_sensibles"],
        "dpia_status": "a_realiser",
    }
    payload["internal_notes"] = ("Condition de l'art. 9.2 pour les allergies : la référence "
                                 "cite l'art. 9.2 sans préciser le point ; 9.2.h retenu par "
                                 "défaut (à vérifier).")
    return payload


def sante(ctx: CatalogueContext) -> dict:
    """#9 School health and individual care plans (PAI)."""
    keep = "Durée de la scolarité dans l'établissement (à vérifier)"
    return {
        **local_fields(ctx, "Notice d'information — Santé scolaire et PAI",
                 "Élaboration du PAI avec la famille"),
        "name": "Santé scolaire et projets d'accueil individualisés (PAI)",
        "purpose": "Accueillir les élèves malades ou en situation de handicap et organiser la "
                   "réponse aux urgences.",
        "sub_purposes": ["Projets d'accueil individualisés", "Urgences"],
        "legal_bases": [PUBLIC_MISSION],
        "art9_condition": "9.2.h",
        "subject_categories": [people("eleves")],
        "concerns_minors": True,
        "data_categories": [
            data("etat_civil", "Identité de l'élève, contacts d'urgence.", criteria=keep),
            data("sensible", "PAI, protocole de soins, informations de santé utiles à "
                 "l'accueil.", criteria=keep, sensitive="sante"),
        ],
        "recipients": [
            recipient("service_interne", "Infirmier·e et médecin scolaires",
                      ["etat_civil", "sensible"]),
            recipient("service_interne", "Personnels concernés par l'accueil de l'élève",
                      ["etat_civil", "sensible"]),
        ],
        "security_measures": [LOCKED_FILES, ACCOUNTS],
        "hosting": "etablissement", "storage_countries": ["FR"],
        "dpia_criteria": ["personnes_vulnerables", "donnees_sensibles"],
        "dpia_status": "a_realiser",
    }
