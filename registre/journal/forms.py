"""The filters of the audit log page (a GET form: bookmarkable, no CSRF needed)."""
from wtforms import StringField
from wtforms.validators import Length, Optional

from registre.forms.fields import ChoiceField, DateField
from registre.forms.validators import FrenchForm, normalize_text
from registre.models import AuditAction, AuditOutcome


class JournalFilterForm(FrenchForm):
    """Period, action, user and outcome of the events to show or export."""

    class Meta:
        csrf = False

    since = DateField("Du", validators=[Optional()])
    until = DateField("Au", validators=[Optional()])
    action = ChoiceField("Action", choices=AuditAction.choices(), empty_label="Toutes")
    user = StringField("Utilisateur", filters=[normalize_text],
                       description="Une partie de l'adresse électronique.",
                       validators=[Optional(), Length(max=254)])
    outcome = ChoiceField("Résultat", choices=AuditOutcome.choices(), empty_label="Tous")

    def filters(self) -> dict:
        """The valid filters as keyword arguments of ``audit_query``."""
        return {"since": self.since.data, "until": self.until.data,
                "action": self.action.data or None, "user": self.user.data or None,
                "outcome": self.outcome.data or None}
