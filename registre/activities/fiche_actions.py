"""What the current user may do with a fiche, with the forms of its buttons.

Built once by the fiche view from the findings it already computed; the template only shows
the allowed buttons (the permissions are decided by :mod:`registre.scopes`).
"""
from dataclasses import dataclass, field

from registre.activities.forms import EndForm, SendBackForm, TransitionForm
from registre.activities.workflow import TRANSITIONS, today
from registre.compliance.findings import Finding
from registre.compliance.services import validation_findings
from registre.models import Activity, Status, User
from registre.scopes import Action, can, can_record


@dataclass
class FicheActions:
    """The buttons of a fiche: a form for each allowed transition, None otherwise."""

    edit: bool = False
    propose: bool = False  # an in-service fiche changes through a new version to validate
    delete: bool = False
    report_breach: bool = False  # record a data breach concerning this fiche
    submit: TransitionForm | None = None
    validate: TransitionForm | None = None
    send_back: SendBackForm | None = None
    end: EndForm | None = None
    missing: list[Finding] = field(default_factory=list)
    to_acknowledge: list[Finding] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """True when at least one button is shown."""
        return any((self.edit, self.propose, self.delete, self.submit, self.validate, self.send_back,
                    self.end))


def _with_id(form_field, html_id: str) -> None:
    """Give a field an id of its own (several forms share the page)."""
    form_field.id = html_id
    form_field.label.field_id = html_id


def fiche_actions(user: User, activity: Activity, findings: list[Finding]) -> FicheActions:
    """The actions ``user`` may take on ``activity``, given the findings shown on its page."""
    organisation = activity.organisation

    def form(status: Status, form_class=TransitionForm, **data):
        if not can(user, TRANSITIONS[status].action, organisation, activity):
            return None
        return form_class(formdata=None, to=status.value, version=str(activity.version), **data)

    in_service = activity.status == Status.EN_SERVICE
    actions = FicheActions(
        edit=can(user, Action.EDIT, organisation, activity) and not in_service,
        propose=in_service and can(user, Action.PROPOSE, organisation, activity),
        delete=can(user, Action.DELETE, organisation, activity),
        report_breach=can_record(user, Action.CREATE, organisation),
        submit=form(Status.A_VALIDER), validate=form(Status.EN_SERVICE),
        send_back=form(Status.BROUILLON, SendBackForm), end=form(Status.TERMINE, EndForm,
                                                                  ended_on=today()))
    if actions.validate is not None:
        actions.missing, actions.to_acknowledge = validation_findings(findings)
        actions.validate.acknowledge.render_kw = {"required": True}
    if actions.send_back is not None:
        _with_id(actions.send_back.comment, "send-back-comment")
    if actions.end is not None:
        _with_id(actions.end.ended_on, "ended-on")
        _with_id(actions.end.comment, "end-comment")
    return actions
