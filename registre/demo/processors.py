"""The processors of each académie's demo catalogue.

Index Éducation (Pronote) is the real publisher; the other companies are fictitious names
for the demonstration. Contract dates and references are demo values of the académie's
own catalogue, to be replaced by the real documents.
"""
from datetime import date

from registre.extensions import db
from registre.models import Academie, Processor


def processor_specs(academie: Academie, today: date) -> dict[str, dict]:
    """The demo processors of one académie, by key, as ``Processor`` column values."""
    code = academie.code.upper()
    signed = date(today.year - 1, 9, 1)
    return {
        "pronote": {
            "name": "Index Éducation (Pronote)",
            "legal_entity": "Index Éducation",
            "jurisdiction": "FR",
            "service": "Pronote : vie scolaire, notes, absences, cahier de textes, liaison "
                       "avec les familles, en version hébergée par l'éditeur.",
            "contract_signed": True, "contract_date": signed,
            "contract_reference": f"AC-{code}-ART28-PRONOTE-{signed.year}",
            "contract_expires_on": date(signed.year + 4, 8, 31),
            "hosting_provider": "Index Éducation",
            "datacenter_countries": ["FR"], "backup_countries": ["FR"],
            "access_from_outside_eu": False,
        },
        "ent": {
            "name": "EduNuage (ENT)",
            "legal_entity": "EduNuage SAS (société fictive de démonstration)",
            "jurisdiction": "FR",
            "service": "Espace numérique de travail : messagerie, ressources, cahier de textes, "
                       "porte-documents.",
            "contract_signed": True, "contract_date": date(signed.year, 7, 1),
            "contract_reference": f"AC-{code}-ENT-{signed.year}",
            "contract_expires_on": date(signed.year + 3, 6, 30),
            "hosting_provider": "EduNuage SAS",
            "datacenter_countries": ["FR"], "backup_countries": ["FR"],
            "access_from_outside_eu": False,
        },
        "appli": {
            "name": "Exercices+ (application pédagogique)",
            "legal_entity": "Exercices Plus SAS (société fictive de démonstration)",
            "jurisdiction": "FR",
            "service": "Exercices en ligne et suivi des résultats des élèves.",
            "contract_signed": True, "contract_date": date(signed.year, 10, 1),
            "contract_reference": f"AC-{code}-APPLI-{signed.year}",
            "hosting_provider": "Exercices Plus SAS",
            "datacenter_countries": ["FR"], "backup_countries": ["FR"],
            "access_from_outside_eu": False,
        },
        "restauration": {
            "name": "Cantine & Paiement",
            "legal_entity": "Cantine et Paiement SARL (société fictive de démonstration)",
            "jurisdiction": "FR",
            "service": "Inscription à la demi-pension, réservation des repas, facturation et "
                       "paiement en ligne.",
            "contract_signed": True, "contract_date": date(signed.year, 6, 15),
            "contract_reference": f"AC-{code}-RESTAU-{signed.year}",
            "hosting_provider": "Cantine et Paiement SARL",
            "datacenter_countries": ["FR"], "backup_countries": ["FR"],
            "access_from_outside_eu": False,
        },
        "video": {
            "name": "Sécurité Accès Vidéo",
            "legal_entity": "Sécurité Accès Vidéo SAS (société fictive de démonstration)",
            "jurisdiction": "FR",
            "service": "Installation et maintenance du système de vidéoprotection des accès ; "
                       "l'enregistreur reste dans l'établissement.",
            "contract_signed": True, "contract_date": date(signed.year, 5, 20),
            "contract_reference": f"AC-{code}-VIDEO-{signed.year}",
            "hosting_provider": "",
            "datacenter_countries": [], "backup_countries": [],
            "access_from_outside_eu": False,
        },
        "voyages": {
            "name": "Horizons Voyages Scolaires",
            "legal_entity": "Horizons Voyages Scolaires SAS (société fictive de démonstration)",
            "jurisdiction": "FR",
            "service": "Agence de voyages scolaires : transport, hébergement, assurance.",
            "contract_signed": True, "contract_date": date(signed.year, 11, 15),
            "contract_reference": f"AC-{code}-VOYAGES-{signed.year}",
            "hosting_provider": "Horizons Voyages Scolaires SAS",
            "datacenter_countries": ["FR"], "backup_countries": [],
            "access_from_outside_eu": False,
        },
    }


def create_processors(academie: Academie, specs: dict[str, dict]) -> dict[str, Processor]:
    """Add the académie's processors to the session and return them by key (ids flushed)."""
    processors = {key: Processor(academie=academie, academie_id=academie.id, **values)
                  for key, values in specs.items()}
    db.session.add_all(processors.values())
    db.session.flush()
    return processors
