"""Demo breach and rights request in the showcase college, so that both registers show a
deadline running on the day the demo is loaded."""
from datetime import timedelta

from registre.breaches.services import create_breach
from registre.demo.placement import DemoClock
from registre.models import Organisation, RequestChannel, User
from registre.requests.services import create_request


def seed_registers(organisation: Organisation, author: User, clock: DemoClock) -> None:
    """A breach discovered 70 hours ago (two hours left) and a request received 25 days ago."""
    create_breach(organisation, {
        "discovered_at": clock.now - timedelta(hours=70),
        "occurred_at": clock.now - timedelta(hours=74),
        "description": "Une clé USB non chiffrée contenant le tableau des notes de 3e B a été "
                       "perdue lors d'une sortie scolaire.",
        "nature": ["confidentialite"], "origin": "acte_interne_accidentel",
        "subject_categories": ["eleves"], "approx_subjects": 28,
        "data_categories": ["etat_civil", "vie_scolaire"], "approx_records": 28,
        "likely_consequences": "Divulgation des notes et des appréciations des élèves.",
        "measures_taken": "Recherche de la clé ; information de l'équipe de direction.",
    }, author)
    create_request(organisation, {
        "received_at": clock.today - timedelta(days=25),
        "channel": RequestChannel.COURRIEL.value, "kind": "acces",
        "requester_kind": "parent", "requester_name": "Claire Martin",
        "requester_contact": "claire.martin@exemple.fr",
        "message": "Je souhaite recevoir une copie des données concernant mon fils Léo, "
                   "en 4e A.",
    }, author)
