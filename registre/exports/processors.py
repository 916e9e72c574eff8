"""What an export says of a processor of the académie catalogue (issue 10, item 11)."""
from registre.dates import format_date
from registre.fiche.answers import NOT_PROVIDED
from registre.models import Processor


def processor_facts(processor: Processor) -> dict:
    """A processor's storage countries and its status line (country, contract, DPF)."""
    if processor.contract_signed is None:
        contract = f"contrat art. 28 : {NOT_PROVIDED.lower()}"
    elif not processor.contract_signed:
        contract = "contrat art. 28 : non signé"
    else:
        contract = "contrat art. 28 : signé" + (
            f" le {format_date(processor.contract_date)}" if processor.contract_date else "") + (
            f", expire le {format_date(processor.contract_expires_on)}"
            if processor.contract_expires_on else "")
    dpf = ("DPF : certifié" + (f", vérifié le {format_date(processor.dpf_checked_on)}"
                               if processor.dpf_checked_on else ", date de vérification "
                               "non renseignée")) if processor.dpf_certified \
        else "DPF : non certifié"
    country = processor.jurisdiction or NOT_PROVIDED.lower()
    return {"countries": processor.storage_countries,
            "text": f"{processor.name} (pays de la société mère : {country} ; {contract} ; "
                    f"{dpf})"}
