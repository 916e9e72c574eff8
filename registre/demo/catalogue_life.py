"""Catalogue payloads of school life: access security, images, trips, parents, library.

Facts come from SCHOOL-ACTIVITIES.md; figures it marks "(à vérifier)" stay marked so.
"""
from registre.demo.fields import (
    ACCOUNTS,
    LOCKED_FILES,
    LOGS,
    PROCESSOR_CONTROL,
    PUBLIC_MISSION,
    CatalogueContext,
    basis,
    data,
    document,
    local_fields,
    measure,
    people,
    recipient,
)


def videoprotection(ctx: CatalogueContext) -> dict:
    """#10 Video protection of the entrances (never of the places where pupils live)."""
    return {
        **local_fields(ctx, "Notice d'information — Vidéoprotection des accès",
                 "Panneaux d'information aux entrées, règlement intérieur"),
        "name": "Vidéoprotection des accès",
        "software": "Enregistreur de vidéoprotection",
        "software_vendor": "Sécurité Accès Vidéo SAS",
        "purpose": "Sécuriser les accès de l'établissement (entrées), à l'exclusion des lieux "
                   "de vie.",
        "legal_bases": [basis("6.1.e", "Sécurité des personnes et des biens ; dispositif décidé "
                              "par le chef d'établissement après délibération du conseil "
                              "d'administration.")],
        "subject_categories": [people("eleves"), people("personnels"), people("visiteurs")],
        "concerns_minors": True,
        "data_categories": [
            data("image_voix", "Images des personnes passant aux entrées (quelques jours "
                 "suffisent ; 30 jours au plus).", duration=30, unit="jours"),
        ],
        "recipients": [
            recipient("service_interne", "Personnes habilitées par le chef d'établissement",
                      ["image_voix"]),
            recipient("autre", "Forces de l'ordre, sur réquisition", ["image_voix"]),
            recipient("sous_traitant", "Sécurité Accès Vidéo (maintenance)", ["image_voix"],
                      ctx.processors["video"]),
        ],
        "security_measures": [
            measure("controle_acces", "Consultation des enregistrements réservée aux "
                    "personnes habilitées, dans un local fermé."),
            LOGS, PROCESSOR_CONTROL,
        ],
        "hosting": "etablissement", "storage_countries": ["FR"],
        "dpia_criteria": ["surveillance", "personnes_vulnerables"], "dpia_status": "a_realiser",
    }


def droit_image(ctx: CatalogueContext) -> dict:
    """#11 Pupils' images on the website and in the school paper (consent)."""
    keep = "Durée de validité de l'autorisation : une année scolaire"
    return {
        **local_fields(ctx, "Notice d'information — Droit à l'image",
                 "Formulaire d'autorisation remis à la rentrée"),
        "name": "Droit à l'image — site et journal de l'établissement",
        "purpose": "Valoriser les projets des élèves sur le site et dans le journal de "
                   "l'établissement.",
        "legal_bases": [basis("6.1.a", "Autorisation écrite, valable une année scolaire, "
                              "pour la captation et la diffusion.")],
        "subject_categories": [people("eleves"), people("personnels")],
        "concerns_minors": True,
        "data_categories": [
            data("image_voix", "Photographies, vidéos, enregistrements de la voix.",
                 criteria=keep),
            data("autre", "Productions des élèves et prénom.", criteria=keep),
        ],
        "recipients": [
            recipient("service_interne", "Enseignants et personnels qui conduisent le projet",
                      ["image_voix", "autre"]),
            recipient("autre", "Public (site internet et journal de l'établissement)",
                      ["image_voix", "autre"]),
        ],
        "security_measures": [ACCOUNTS, measure("autre", "Publication sans nom de famille ; "
                                                "retrait sur demande.")],
        "hosting": "academie", "storage_countries": ["FR"],
        # Optional: refusing has no consequence for the pupil, so consent can be free
        # (EDPB guidelines 05/2020 §16-17); a website is not offered to the child himself.
        "collection_mandatory": False, "offered_directly_to_child": "non",
        "consent_required": True, "consent_kind": "rgpd",
        "consent_scope": "La captation et la diffusion de l'image, de la voix et des "
                         "productions des élèves sur le site et dans le journal",
        "consent_reason": "La captation et la diffusion de l'image, de la voix et des "
                          "productions des élèves exigent une autorisation.",
        # Under 15: the child and the holders of parental authority consent jointly
        # (art. 8 RGPD, art. 45 Loi Informatique et Libertés).
        "consent_signatories": "conjoint_eleve_et_responsables",
        "consent_text": document("Autorisation de captation et de diffusion de l'image, de la "
                                 "voix et des productions", ctx.school_year,
                                 f"{ctx.site}/rgpd/autorisation-image-{ctx.school_year}.pdf"),
        "consent_collection": "Formulaire remis à la rentrée, signé par l'élève et ses "
                              "responsables légaux ; valable une année scolaire.",
        "consent_withdrawal": "À tout moment, par écrit auprès du secrétariat ; les contenus "
                              "concernés sont retirés.",
        "dpia_criteria": ["personnes_vulnerables"], "dpia_status": "non_requise",
    }


def sorties(ctx: CatalogueContext) -> dict:
    """#12 School trips."""
    keep = "Fin du voyage + délai de contentieux (à vérifier)"
    payload = {
        **local_fields(ctx, "Notice d'information — Sorties et voyages scolaires",
                 "Dossier d'inscription au voyage"),
        "name": "Sorties et voyages scolaires",
        "purpose": "Organiser les sorties et voyages scolaires : inscription, assurance, "
                   "urgences.",
        "legal_bases": [PUBLIC_MISSION],
        "art9_condition": "9.2.h",
        "subject_categories": [people("eleves"), people("responsables_legaux"),
                               people("intervenants", "Accompagnateurs")],
        "concerns_minors": True,
        "data_categories": [
            data("etat_civil", "Identité, coordonnées des responsables, pièces d'identité "
                 "pour les voyages.", criteria=keep),
            data("sensible", "Fiche sanitaire de liaison.", criteria=keep, sensitive="sante"),
        ],
        "recipients": [
            recipient("service_interne", "Enseignants organisateurs et accompagnateurs",
                      ["etat_civil", "sensible"]),
            recipient("sous_traitant", "Horizons Voyages Scolaires (agence)", ["etat_civil"],
                      ctx.processors["voyages"]),
            recipient("autre", "Transporteur et hébergeur", ["etat_civil"]),
        ],
        "transfers": [],
        "security_measures": [LOCKED_FILES, PROCESSOR_CONTROL],
        "hosting": "etablissement", "storage_countries": ["FR"],
        "dpia_criteria": ["personnes_vulnerables", "donnees_sensibles"],
        "dpia_status": "a_realiser",
    }
    payload["internal_notes"] = ("Voyage hors de l'Union européenne : déclarer le transfert "
                                 "et sa garantie. Condition de l'art. 9.2 pour la fiche "
                                 "sanitaire retenue par défaut (à vérifier).")
    return payload


def associations_parents(ctx: CatalogueContext) -> dict:
    """#13 Parents' contacts passed to parents' associations (with their consent)."""
    return {
        **local_fields(ctx, "Notice d'information — Associations de parents d'élèves",
                 "Fiche de renseignements de rentrée"),
        "name": "Annuaire transmis aux associations de parents d'élèves",
        "purpose": "Permettre aux associations de parents d'élèves d'informer les familles, "
                   "notamment pour les élections des représentants des parents.",
        "legal_bases": [
            basis("6.1.e", "Organisation des élections des représentants des parents."),
            basis("6.1.a", "Transmission aux associations : seulement pour les parents qui "
                  "l'ont acceptée."),
        ],
        "consent_kind": "rgpd",
        # The elections use the contacts whatever parents answer (6.1.e): the consent covers
        # the transmission to the associations only.
        "consent_scope": "La transmission de vos coordonnées aux associations de parents "
                         "d'élèves",
        "subject_categories": [people("responsables_legaux")],
        "concerns_minors": False,
        "data_categories": [
            data("etat_civil", "Nom, adresse électronique, téléphone.",
                 criteria="Année scolaire"),
        ],
        "recipients": [
            recipient("service_interne", "Direction et secrétariat", ["etat_civil"]),
            recipient("partenaire_institutionnel",
                      "Associations de parents d'élèves (parents ayant accepté)",
                      ["etat_civil"]),
        ],
        "security_measures": [ACCOUNTS, measure("autre", "Seules les coordonnées des parents "
                                                "ayant donné leur accord sont transmises.")],
        "hosting": "etablissement", "storage_countries": ["FR"],
        "consent_required": True,
        "consent_reason": "La transmission des coordonnées aux associations repose sur "
                          "l'accord de chaque parent.",
        "consent_signatories": "responsables_legaux",
        "consent_text": document("Accord pour la transmission de mes coordonnées aux "
                                 "associations de parents d'élèves", ctx.school_year,
                                 f"{ctx.site}/rgpd/accord-associations-{ctx.school_year}.pdf"),
        "consent_collection": "Case à cocher dans la fiche de renseignements de rentrée.",
        "consent_withdrawal": "Sur simple demande au secrétariat.",
        "dpia_criteria": [], "dpia_status": "non_requise",
    }


def cdi(ctx: CatalogueContext) -> dict:
    """#14 School library loans."""
    year = "Année scolaire"
    return {
        **local_fields(ctx, "Notice d'information — CDI", "Règlement du CDI"),
        "name": "CDI — gestion des prêts",
        "software": "Logiciel de gestion documentaire",
        "purpose": "Gérer les prêts et la fréquentation du centre de documentation et "
                   "d'information.",
        "legal_bases": [PUBLIC_MISSION],
        "subject_categories": [people("eleves"), people("personnels")],
        "concerns_minors": True,
        "data_categories": [
            data("etat_civil", "Identité, classe.", criteria=year),
            data("autre", "Prêts et fréquentation.", criteria=year),
        ],
        "recipients": [
            recipient("service_interne", "Professeur documentaliste", ["etat_civil", "autre"]),
            recipient("sous_traitant", "Éditeur du logiciel documentaire (maintenance)",
                      ["etat_civil", "autre"]),
        ],
        "security_measures": [ACCOUNTS, measure("sauvegarde", "Sauvegarde de la base du CDI.")],
        "hosting": "etablissement", "storage_countries": ["FR"],
        "dpia_criteria": ["personnes_vulnerables"], "dpia_status": "non_requise",
    }
