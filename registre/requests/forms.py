"""Forms of the rights-request register: the request (rédacteurs), the answer (deciders)."""
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import Optional

from registre import dates
from registre.dates import local_date
from registre.forms.fields import ChoiceField, DateField, MultiCheckboxField, select_choices
from registre.forms.validators import (
    CleanText,
    FrenchForm,
    Required,
    Requires,
    check_requirements,
    nfc,
    normalize_text,
    strip_upper,
)
from registre.models import RequestChannel, RequesterKind, RequestKind, RequestOutcome
from registre.requests.deadlines import answer_due_on, extension_allowed, latest_extension


def _long(label: str, description: str = ""):
    return TextAreaField(label, description=description, filters=[nfc],
                         validators=[Optional(), CleanText(multiline=True)])


class RequestForm(FrenchForm):
    """The request as received: when, how, which right, who, which fiches."""

    reference = StringField("N° / RÉF", filters=[strip_upper],
                            description="Laissez vide pour recevoir un numéro (D-2026-…).",
                            validators=[Optional(), CleanText(40)])
    received_at = DateField("Reçue le", description="Le délai d'un mois court à partir de ce "
                            "jour.", validators=[Required("Indiquez le jour de réception.")])
    channel = ChoiceField("Canal", choices=RequestChannel.choices(), empty_label="— Choisissez —",
                          validators=[Required("Indiquez par quel canal la demande est "
                                               "arrivée.")])
    kind = ChoiceField("Droit exercé", choices=RequestKind.choices(),
                       validators=[Required("Choisissez le droit exercé.")])
    requester_kind = ChoiceField("Demandeur", choices=RequesterKind.choices(),
                                 empty_label="— Choisissez —",
                                 validators=[Required("Indiquez qui fait la demande.")])
    requester_name = StringField("Nom du demandeur", filters=[normalize_text],
                                 validators=[Optional(), CleanText(200)])
    requester_contact = StringField("Contact du demandeur", filters=[normalize_text],
                                    description="Adresse électronique ou postale, téléphone.",
                                    validators=[Optional(), CleanText(500)])
    message = _long("Demande (texte reçu)")
    identity_checked = BooleanField("Identité du demandeur vérifiée",
                                    description="Seulement en cas de doute raisonnable "
                                                "(art. 12.6), sans demander plus que nécessaire.")
    activities = MultiCheckboxField("Traitements concernés")
    version = HiddenField()

    def __init__(self, *args, activities=(), record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities.choices = select_choices(
            (activity.id, f"{activity.reference} — {activity.name}") for activity in activities)
        # The request being edited: its answer and extension, which only a decider changes,
        # must stay true of the day of receipt this form may change.
        self.record = record

    # Days (in Paris) that cannot be after today; the API's document states it as a pattern.
    not_in_future = ("received_at",)
    json_schema_notes = ("« activities » : identifiants de traitements (fiches) de "
                         "l'établissement.",
                         "« received_at » (réception) ne suit pas la réponse déjà enregistrée "
                         "et garde la prolongation enregistrée dans les bornes de l'art. 12.3.")

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, that no day is in the future, and the recorded decisions."""
        valid = super().validate(extra_validators)
        today = local_date(dates.utcnow())
        for field in (self[name] for name in self.not_in_future):
            if field.data and not field.errors and field.data > today:
                field.errors.append("Cette date est dans le futur.")
                valid = False
        message = self._contradicted_decision()
        if message and not self.received_at.errors:
            self.received_at.errors.append(message)
            valid = False
        return valid

    def _contradicted_decision(self) -> str | None:
        """Why the day of receipt contradicts the answer or extension a decider recorded."""
        received, record = self.received_at.data, self.record
        if record is None or received is None:
            return None
        reserved = " Seuls le responsable de traitement et le DPD peuvent corriger ces dates."
        if record.answered_at and received > record.answered_at:
            return (f"La réponse est datée du {record.answered_at:%d/%m/%Y} : la réception ne "
                    f"peut pas la suivre.{reserved}")
        extended = record.extended_until
        if extended and not extension_allowed(received, extended):
            return (f"Le délai est prolongé jusqu'au {extended:%d/%m/%Y} : reçue ce jour-là, la "
                    "demande aurait une prolongation hors des bornes de l'art. 12.3 (après "
                    f"l'échéance d'un mois, au plus trois mois après la réception).{reserved}")
        return None


class RequestDecisionForm(RequestForm):
    """The request and the decisions: extension of the delay, answer and outcome."""

    extended_until = DateField("Délai prolongé jusqu'au", description="Au plus trois mois "
                               "après la réception, si la demande est complexe ou nombreuse.")
    extension_reason = _long("Motif de la prolongation", "Le demandeur en est informé avant "
                             "la fin du premier mois.")
    answered_at = DateField("Répondue le")
    outcome = ChoiceField("Suite donnée", choices=RequestOutcome.choices())
    answer_summary = _long("Résumé de la réponse")

    not_in_future = (*RequestForm.not_in_future, "answered_at")
    requirements = (
        Requires("extended_until", "extension_reason",
                 "Indiquez le motif de la prolongation (art. 12.3)."),
        Requires("answered_at", "outcome", "Indiquez la suite donnée."),
        Requires("outcome", "answered_at", "Indiquez la date de la réponse."),
    )
    json_schema_notes = (
        *RequestForm.json_schema_notes,
        "« answered_at » (réponse) n'est pas avant « received_at » (réception).",
        "« extended_until » (prolongation, art. 12.3) est après l'échéance normale (un mois "
        "après la réception) et au plus tard trois mois après la réception.")

    def _contradicted_decision(self) -> str | None:
        return None  # the decisions are fields of this form, checked below

    def validate(self, extra_validators=None) -> bool:
        """Check the request, the answer's date and outcome, then the extension bounds."""
        valid = super().validate(extra_validators)
        valid = check_requirements(self, self.requirements) and valid
        received, extended = self.received_at.data, self.extended_until.data
        answered = self.answered_at.data
        checks = [(answered and received and answered < received, self.answered_at,
                   "La réponse ne peut pas précéder la réception.")]
        # A day of receipt already refused (in the future) has no deadline to compare with.
        if extended and received and not self.received_at.errors:
            checks.append((extended <= answer_due_on(received), self.extended_until,
                           f"La prolongation doit dépasser l'échéance normale du "
                           f"{answer_due_on(received):%d/%m/%Y}."))
            checks.append((extended > latest_extension(received), self.extended_until,
                           "Le délai ne peut être prolongé que de deux mois : au plus tard le "
                           f"{latest_extension(received):%d/%m/%Y} (art. 12.3)."))
        for failed, field, message in checks:
            if failed and not field.errors:
                field.errors.append(message)
                valid = False
        return valid


FACT_FIELDSETS = [
    ("La demande", ["reference", "received_at", "channel", "kind", "message"]),
    ("Le demandeur", ["requester_kind", "requester_name", "requester_contact",
                      "identity_checked"]),
    ("Traitements concernés", ["activities"]),
]
DECISION_FIELDSETS = [
    ("Délai (art. 12.3)", ["extended_until", "extension_reason"]),
    ("Réponse", ["answered_at", "outcome", "answer_summary"]),
]
