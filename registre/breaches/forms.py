"""Forms of the breach register: the facts (rédacteurs), the decisions (responsable, DPD)."""
from datetime import timedelta

from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Optional

from registre import dates
from registre.breaches.clock import NOTIFICATION_DELAY
from registre.forms.fields import (
    ChoiceField,
    DateField,
    DateTimeField,
    IntegerField,
    MultiCheckboxField,
    select_choices,
)
from registre.forms.validators import (
    CleanText,
    FrenchForm,
    IntegerRange,
    Required,
    Requires,
    check_requirements,
    nfc,
    normalize_text,
    strip_upper,
)
from registre.models import (
    BreachNature,
    BreachOrigin,
    BreachRisk,
    DataCategory,
    Notification,
    SubjectCategory,
)

MAX_COUNT = 100_000_000
# A clock a few minutes fast must not refuse "now".
FUTURE_TOLERANCE = timedelta(minutes=10)
NOTIFICATION_HOURS = NOTIFICATION_DELAY // timedelta(hours=1)


def _long(label: str, description: str = "", required: str | None = None):
    checks = [Required(required)] if required else [Optional()]
    return TextAreaField(label, description=description, filters=[nfc],
                         validators=[*checks, CleanText(multiline=True)])


def _count(label: str):
    return IntegerField(label, validators=[IntegerRange(0, MAX_COUNT, "Nombre entier entre 0 "
                                                       "et 100 000 000 attendu.")])


class BreachForm(FrenchForm):
    """What happened: times, facts, people and data, fiches, consequences and measures."""

    reference = StringField("N° / RÉF", filters=[strip_upper],
                            description="Laissez vide pour recevoir le numéro suivant "
                                        "(V-2026-001…).",
                            validators=[Optional(), CleanText(40)])
    discovered_at = DateTimeField(
        "Découverte le", description="Date et heure (heure de Paris) où l'établissement a eu "
        "connaissance de la violation : le délai de 72 heures court à partir de ce moment.",
        validators=[Required("Indiquez quand la violation a été découverte : le délai de "
                             "72 heures court à partir de ce moment.")])
    occurred_at = DateTimeField("Survenue le", description="Si on le sait.")
    contained_at = DateTimeField("Maîtrisée le", description="Quand la fuite ou la perte a "
                                 "été arrêtée, si c'est le cas.")
    description = _long("Description des faits", "Ce qui s'est passé, comment on l'a su.",
                        required="Décrivez ce qui s'est passé.")
    nature = MultiCheckboxField("Nature de la violation", choices=BreachNature.choices())
    origin = ChoiceField("Origine", choices=BreachOrigin.choices())
    activities = MultiCheckboxField("Traitements concernés")
    subject_categories = MultiCheckboxField("Catégories de personnes concernées",
                                            choices=SubjectCategory.choices())
    approx_subjects = _count("Nombre approximatif de personnes concernées")
    data_categories = MultiCheckboxField("Catégories de données concernées",
                                         choices=DataCategory.choices())
    approx_records = _count("Nombre approximatif d'enregistrements concernés")
    likely_consequences = _long("Conséquences probables pour les personnes")
    measures_taken = _long("Mesures prises", "Pour remédier à la violation et en limiter les "
                           "conséquences.")
    measures_planned = _long("Mesures envisagées", "Pour éviter qu'elle se reproduise.")
    version = HiddenField()

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.activities.choices = select_choices(
            (activity.id, f"{activity.reference} — {activity.name}") for activity in activities)

    # Times checked against "now" (with the tolerance) and against each other below; the
    # API's document states these rules in words (JSON Schema compares no two values).
    not_in_future = ("occurred_at", "discovered_at", "contained_at")
    requirements: tuple[Requires, ...] = ()
    json_schema_notes = (
        "Aucune date n'est dans le futur (10 minutes de tolérance pour une horloge en avance).",
        "« occurred_at » (survenue) n'est pas après « discovered_at » (découverte) ; "
        "« contained_at » (maîtrisée) n'est pas avant « occurred_at ».",
        "« activities » : identifiants de traitements (fiches) de l'établissement.")

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that the times follow each other and are not in the future."""
        valid = super().validate(extra_validators)
        latest = dates.utcnow() + FUTURE_TOLERANCE
        occurred, discovered = self.occurred_at.data, self.discovered_at.data
        for field in (self[name] for name in self.not_in_future):
            if field.data and not field.errors and field.data > latest:
                field.errors.append("Cette date est dans le futur.")
                valid = False
        if occurred and discovered and occurred > discovered and not self.occurred_at.errors:
            self.occurred_at.errors.append("La violation ne peut pas survenir après sa "
                                           "découverte.")
            valid = False
        contained = self.contained_at.data
        if contained and occurred and contained < occurred and not self.contained_at.errors:
            self.contained_at.errors.append("La violation ne peut pas être maîtrisée avant "
                                            "d'être survenue.")
            valid = False
        return check_requirements(self, self.requirements) and valid


class BreachDecisionForm(BreachForm):
    """The facts and the decisions: risk, notification to the CNIL, information of people."""

    risk = ChoiceField("Niveau de risque pour les personnes", choices=BreachRisk.choices(),
                       empty_label="— À évaluer —",
                       description="Tant que le risque n'est pas évalué, le délai de 72 heures "
                                   "s'applique.")
    cnil_notified = ChoiceField("Notifiée à la CNIL", choices=Notification.choices(),
                                optional=False, default=Notification.A_FAIRE.value)
    cnil_notified_at = DateTimeField("Notifiée le", description="Heure de Paris.")
    cnil_reference = StringField("Numéro de notification CNIL", filters=[normalize_text],
                                 validators=[Optional(), CleanText(100)])
    cnil_not_notified_reason = _long("Pourquoi la violation n'est pas notifiée",
                                     "Seule une violation sans risque pour les personnes peut "
                                     "ne pas être notifiée (art. 33.1).")
    cnil_late_reason = _long("Motif du retard de notification",
                             "Obligatoire au-delà de 72 heures (art. 33.1).")
    subjects_informed = ChoiceField("Personnes concernées informées (art. 34)",
                                    choices=Notification.choices(), optional=False,
                                    default=Notification.A_FAIRE.value)
    subjects_informed_on = DateField("Informées le")
    subjects_not_informed_reason = _long(
        "Pourquoi les personnes ne sont pas informées",
        "Art. 34.3 : données rendues incompréhensibles (chiffrement), mesures ultérieures "
        "écartant le risque élevé, ou efforts disproportionnés (communication publique).")

    not_in_future = (*BreachForm.not_in_future, "cnil_notified_at")
    # Each decision carries its date or its reason.
    requirements = (
        Requires("cnil_notified", "cnil_notified_at",
                 "Indiquez la date et l'heure de la notification.", Notification.OUI.value),
        Requires("cnil_notified", "cnil_not_notified_reason",
                 "Indiquez pourquoi la violation n'est pas notifiée à la CNIL.",
                 Notification.NON.value),
        Requires("subjects_informed", "subjects_informed_on",
                 "Indiquez la date de l'information des personnes.", Notification.OUI.value),
        Requires("subjects_informed", "subjects_not_informed_reason",
                 "Indiquez pourquoi les personnes ne sont pas informées.",
                 Notification.NON.value),
    )
    json_schema_notes = (
        *BreachForm.json_schema_notes,
        "Une notification à la CNIL (« cnil_notified » = oui) ne précède pas la découverte ; "
        f"plus de {NOTIFICATION_HOURS} heures après la découverte, « cnil_late_reason » "
        "(motif du retard) est obligatoire (art. 33.1).")

    def validate(self, extra_validators=None) -> bool:
        """Check the facts and each decision's date or reason, then the notification time."""
        valid = super().validate(extra_validators)
        notified, discovered = self.cnil_notified_at.data, self.discovered_at.data
        checks = []
        if self.cnil_notified.data == Notification.OUI and notified and discovered:
            checks.append((notified < discovered, self.cnil_notified_at,
                           "La notification ne peut pas précéder la découverte."))
            checks.append((notified > discovered + NOTIFICATION_DELAY
                           and not (self.cnil_late_reason.data or "").strip(),
                           self.cnil_late_reason,
                           f"Notifiée plus de {NOTIFICATION_HOURS} heures après la découverte "
                           ": indiquez le motif du retard (art. 33.1)."))
        for failed, field, message in checks:
            if failed and not field.errors:
                field.errors.append(message)
                valid = False
        return valid


FACT_FIELDSETS = [
    ("Dates", ["reference", "discovered_at", "occurred_at", "contained_at"]),
    ("Nature et origine", ["description", "nature", "origin"]),
    ("Traitements, personnes et données concernés",
     ["activities", "subject_categories", "approx_subjects", "data_categories",
      "approx_records"]),
    ("Conséquences et mesures", ["likely_consequences", "measures_taken", "measures_planned"]),
]
DECISION_FIELDSETS = [
    ("Risque et notification à la CNIL (art. 33)",
     ["risk", "cnil_notified", "cnil_notified_at", "cnil_reference",
      "cnil_not_notified_reason", "cnil_late_reason"]),
    ("Information des personnes concernées (art. 34)",
     ["subjects_informed", "subjects_informed_on", "subjects_not_informed_reason"]),
]
