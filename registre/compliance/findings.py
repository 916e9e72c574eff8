"""What a finding is, and the six questions parents ask of every activity.

Every screen that warns (fiche, lists, dashboards, API, public page) uses these
definitions, so that a "Non renseigné" shown to parents and a finding shown to the DPD
always agree.
"""
from dataclasses import asdict, dataclass

from registre.fiche import answers
from registre.i18n import N_
from registre.models import Activity, Informed, RecipientKind
from registre.text import answer

ERROR = "erreur"
WARNING = "avertissement"

# The short French title of every rule (the fiche's, a breach's, a rights request's): users
# read it, never the identifier. Each module declares its rules' titles with :func:`titled`.
_TITLES: dict[str, str] = {}
# What a finding of a rule without a title is called.
GENERIC_TITLE = "Constat de conformité"


def titled(titles: dict[str, str]) -> dict[str, str]:
    """Declare the French titles of a module's rules, beside the rules; return them."""
    _TITLES.update(titles)
    return titles


def rule_title(rule: str) -> str:
    """The short French title of a rule: what users read instead of its identifier."""
    return _TITLES.get(rule, GENERIC_TITLE)


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
    "informes": N_("Les parents ont-ils été informés ?"),
    "accord": N_("Leur accord a-t-il été demandé ?"),
    "texte": N_("Quel texte ont-ils signé ?"),
    "donnees": N_("Quelles données sont transmises, et à qui ?"),
    "stockage": N_("Où les données sont-elles stockées ?"),
    "duree": N_("Combien de temps sont-elles conservées ?"),
}

_QUESTION_FIELDS = {
    "informes": "informed", "accord": "consent_required", "texte": "consent_text",
    "donnees": "data_categories", "stockage": "storage_countries",
    "duree": "data_categories.retention",
}
_QUESTION_OF_FIELD = {field: key for key, field in _QUESTION_FIELDS.items()}


def storage_countries(activity: Activity) -> list[str]:
    """Countries where the data rest: the activity's own, else its host's (one rule, in
    :func:`registre.fiche.answers.storage_countries`, shared with the exports)."""
    host = activity.hosting_processor
    return answers.storage_countries(activity.storage_countries,
                                     host.storage_countries if host is not None else [])


def unanswered_parent_questions(activity: Activity) -> list[str]:
    """Return the keys of the parents' questions this activity leaves without an answer."""
    missing = []
    if activity.informed == Informed.INCONNU:
        missing.append("informes")
    if activity.consent_required is None:
        missing.append("accord")
    if activity.consent_required is None or (
            activity.consent_required and not (answer(activity.consent_text_title)
                                               or answer(activity.consent_text_url))):
        missing.append("texte")
    # Every recipient outside the organisation must say which data it receives (a company
    # whose role is unknown, such as Microsoft in 2015, included).
    if not activity.data_categories or any(
            recipient.kind != RecipientKind.SERVICE_INTERNE and not recipient.data_categories
            for recipient in activity.recipients):
        missing.append("donnees")
    if activity.hosting is None or not storage_countries(activity):
        missing.append("stockage")
    if not activity.data_categories or not all(
            row.has_retention for row in activity.data_categories):
        missing.append("duree")
    return missing


def unanswered_in(findings: list[Finding]) -> list[str]:
    """The keys of the parents' questions left without an answer, read from (stored) findings."""
    keys = {_QUESTION_OF_FIELD.get(finding.field) for finding in findings
            if finding.rule == "question-parents-sans-reponse"}
    return [key for key in PARENT_QUESTIONS if key in keys]


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


def art30_findings(activity: Activity) -> list[Finding]:
    """Rule ``art30-incomplet``: one error per mandatory element of art. 30.1 that is missing.

    A fiche with any of these cannot be put in service.
    """
    def missing(field: str, what: str, article: str) -> Finding:
        return Finding(
            rule="art30-incomplet", severity=ERROR, field=field, article=article,
            message=f"{what} manque : le registre doit l'indiquer ({article}). Complétez la fiche.",
        )

    findings = []
    if not (activity.purpose or "").strip():
        findings.append(missing("purpose", "La finalité du traitement", "RGPD art. 30.1.b"))
    if not activity.subject_categories:
        findings.append(missing("subject_categories", "La catégorie de personnes concernées",
                                "RGPD art. 30.1.c"))
    if not activity.data_categories:
        findings.append(missing("data_categories", "La catégorie de données",
                                "RGPD art. 30.1.c"))
    if not activity.recipients:
        findings.append(missing("recipients", "Le destinataire des données", "RGPD art. 30.1.d"))
    for index, row in enumerate(activity.data_categories):
        if not row.has_retention:
            findings.append(missing(f"data_categories[{index}].retention",
                                    f"La durée de conservation de « {row.category.label} »",
                                    "RGPD art. 30.1.f"))
    if not activity.security_measures:
        findings.append(missing("security_measures", "La description des mesures de sécurité",
                                "RGPD art. 30.1.g"))
    if not ((activity.controller_title or activity.controller_name).strip()
            and (activity.controller_email or activity.controller_address
                 or activity.controller_phone).strip()):
        findings.append(missing("controller", "Le nom et les coordonnées du responsable",
                                "RGPD art. 30.1.a"))
    for index, row in enumerate(activity.joint_controllers):
        if not (row.email or row.address or row.phone).strip():
            findings.append(missing(f"joint_controllers[{index}]",
                                    f"Les coordonnées du responsable conjoint « "
                                    f"{(row.title or row.name or 'sans nom').strip()} »",
                                    "RGPD art. 26 et 30.1.a"))
    academie = activity.organisation.academie
    if not (academie.dpd_name.strip() and (academie.dpd_email or academie.dpd_phone).strip()):
        findings.append(missing("dpd", "Le nom et les coordonnées du délégué à la protection "
                                "des données", "RGPD art. 30.1.a"))
    return findings
