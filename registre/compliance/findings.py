"""What a finding is, and the six questions parents ask of every activity.

Every screen that warns (fiche, lists, dashboards, API, public page) uses these
definitions, so that a "Non renseigné" shown to parents and a finding shown to the DPD
always agree.
"""
from dataclasses import asdict, dataclass

from registre.models import Activity, Informed, RecipientKind

ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True)
class Finding:
    """One problem of one activity: rule id, severity, French message, field, legal text."""

    rule: str
    severity: str
    message: str
    field: str
    article: str

    def to_dict(self) -> dict:
        """Return the finding as JSON-ready data."""
        return asdict(self)


# The six questions of the 2016 EduNathon letter, in the order parents asked them.
PARENT_QUESTIONS = {
    "informes": "Les parents ont-ils été informés ?",
    "accord": "Leur accord a-t-il été demandé ?",
    "texte": "Quel texte ont-ils signé ?",
    "donnees": "Quelles données sont transmises, et à qui ?",
    "stockage": "Où les données sont-elles stockées ?",
    "duree": "Combien de temps sont-elles conservées ?",
}

_QUESTION_FIELDS = {
    "informes": "informed", "accord": "consent_required", "texte": "consent_text",
    "donnees": "data_categories", "stockage": "storage_countries", "duree": "data_categories",
}


def storage_countries(activity: Activity) -> list[str]:
    """Countries where the data rest: the activity's own, else its host's."""
    if activity.storage_countries:
        return list(activity.storage_countries)
    if activity.hosting_processor is not None:
        return activity.hosting_processor.storage_countries
    return []


def unanswered_parent_questions(activity: Activity) -> list[str]:
    """Return the keys of the parents' questions this activity leaves without an answer."""
    missing = []
    if activity.informed == Informed.INCONNU:
        missing.append("informes")
    if activity.consent_required is None:
        missing.append("accord")
    if activity.consent_required is None or (
            activity.consent_required and not (activity.consent_text_title
                                               or activity.consent_text_url)):
        missing.append("texte")
    outside = (RecipientKind.SOUS_TRAITANT, RecipientKind.PAYS_TIERS)
    if not activity.data_categories or any(
            recipient.kind in outside and not recipient.data_categories
            for recipient in activity.recipients):
        missing.append("donnees")
    if activity.hosting is None or not storage_countries(activity):
        missing.append("stockage")
    if not activity.data_categories or not all(
            row.has_retention for row in activity.data_categories):
        missing.append("duree")
    return missing


def parent_question_findings(activity: Activity) -> list[Finding]:
    """Rule ``question-parents-sans-reponse``: one warning per unanswered question."""
    return [
        Finding(
            rule="question-parents-sans-reponse",
            severity=WARNING,
            message=(f"{PARENT_QUESTIONS[key]} — non renseigné. Les familles doivent pouvoir "
                     "trouver cette réponse dans le registre : complétez la fiche."),
            field=_QUESTION_FIELDS[key],
            article="RGPD art. 12 à 14 (information des personnes)",
        )
        for key in unanswered_parent_questions(activity)
    ]
