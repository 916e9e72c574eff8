"""Helpers shared by the compliance tests: processors and the 2015 Microsoft fiche."""

from registre.extensions import db
from registre.models import Activity, Processor
from tests.factories import make_processor


def reload(activity: Activity) -> Activity:
    """Flush, forget every loaded object, and load the activity again as a page would."""
    activity_id = activity.id
    db.session.flush()
    db.session.expire_all()
    return db.session.get(Activity, activity_id)


def microsoft_2015_overrides(microsoft: Processor) -> dict:
    """The demo's 2015 Microsoft fiche as the design tells it: nobody could answer parents."""
    return {
        "name": "Office 365 Éducation (partenariat Microsoft 2015)",
        "purpose": "Messagerie, suite bureautique et stockage en ligne pour les élèves.",
        "software": "Office 365 Education", "software_vendor": "Microsoft",
        "informed": "inconnu", "consent_required": None, "consent_reason": "",
        "hosting": "prestataire", "hosting_processor_id": microsoft.id,
        "storage_countries": [],
        "recipients": [{"kind": "sous_traitant", "name": "Microsoft Ireland Operations Ltd",
                        "processor_id": microsoft.id, "data_categories": []}],
        "dpia_criteria": ["grande_echelle", "croisement"], "dpia_status": None,
        "governance_opinion_date": None,
    }


def make_microsoft(academie) -> Processor:
    """Microsoft Ireland, whose parent company is in the United States; contract unknown."""
    return make_processor(academie, name="Microsoft", jurisdiction="US",
                          legal_entity="Microsoft Ireland Operations Ltd",
                          contract_signed=None, contract_date=None,
                          datacenter_countries=[], dpf_certified=False)
