"""Small builders for the rows of a demo activity payload (the ``activity_to_dict`` key format)."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CatalogueContext:
    """What the catalogue payloads of one académie depend on."""

    rights_contact: str
    site: str  # the académie's web address, for notices and consent texts
    school_year: str  # "2026-2027"
    processors: dict[str, int] = field(default_factory=dict)  # key -> Processor id

# The minister is the controller of national applications that schools implement.
NATIONAL_CONTROLLER = {
    "title": "Ministre chargé de l'éducation nationale",
    "name": "Ministère de l'Éducation nationale",
    "address": "110 rue de Grenelle, 75357 Paris SP 07",
    "email": "",
    "phone": "",
}

# Said once in every fiche whose defaults come from figures the reference marks "(à vérifier)".
TO_CHECK = ("Valeurs par défaut du catalogue académique marquées « à vérifier » ou « référence "
            "à compléter » dans la référence : "
            "à confirmer par le responsable de traitement avant de les tenir pour acquises.")


def basis(code: str, justification: str) -> dict:
    """A legal basis row (art. 6.1) with its justification."""
    return {"basis": code, "justification": justification}


def people(category: str, details: str = "") -> dict:
    """A category of persons concerned."""
    return {"category": category, "details": details}


def data(category: str, description: str, *, duration: int | None = None, unit: str | None = None,
         criteria: str = "", archive: int | None = None, archive_unit: str | None = None,
         fate: str | None = "destruction", sensitive: str | None = None) -> dict:
    """A data category with its own retention (a duration, or a criterion)."""
    return {"category": category, "sensitive_kind": sensitive, "description": description,
            "active_duration": duration, "active_unit": unit, "retention_criteria": criteria,
            "archive_duration": archive, "archive_unit": archive_unit, "final_fate": fate}


def recipient(kind: str, name: str, categories: list[str],
              processor_id: int | None = None) -> dict:
    """A recipient and the data categories it receives."""
    return {"kind": kind, "name": name, "processor_id": processor_id,
            "data_categories": list(categories)}


def measure(kind: str, details: str) -> dict:
    """A security measure (never shown on the public page)."""
    return {"kind": kind, "details": details}


def document(title: str, version: str = "", url: str = "") -> dict:
    """An information notice or a consent text: title, version, address."""
    return {"title": title, "version": version, "url": url}


def no_consent(reason: str = "") -> dict:
    """Consent fields of an activity that does not rest on consent."""
    return {
        "consent_required": False,
        "consent_reason": reason or ("Traitement nécessaire à une mission d'intérêt public ou à "
                                     "une obligation légale : l'accord des familles n'est pas la "
                                     "base légale, mais elles sont informées."),
        "consent_signatories": None, "consent_text": None,
        "consent_collection": "", "consent_withdrawal": "",
    }


def local_fields(ctx: CatalogueContext, notice: str, channel: str) -> dict:
    """Fields shared by the services a school runs itself (controller: its own)."""
    return {
        "scope": "local", "informed": "oui", "information_channel": channel,
        "information_notice": document(notice, ctx.school_year),
        "rights_contact": ctx.rights_contact, **no_consent(),
    }


PUBLIC_MISSION = basis("6.1.e", "Mission de service public de l'éducation.")

# Measures shared by most school applications (the école or EPLE's own practice).
ACCOUNTS = measure("controle_acces", "Comptes nominatifs, profils d'habilitation par fonction, "
                   "revue des comptes à chaque rentrée.")
LOGS = measure("tracabilite", "Journalisation des connexions et des modifications.")
BACKUPS = measure("sauvegarde", "Sauvegardes régulières assurées par l'hébergeur.")
PROCESSOR_CONTROL = measure("controle_sous_traitants",
                            "Contrat de sous-traitance (art. 28 RGPD) signé avec le prestataire.")
LOCKED_FILES = measure("autre", "Dossiers papier dans une armoire fermée à clé, accès limité "
                       "aux personnels concernés.")
