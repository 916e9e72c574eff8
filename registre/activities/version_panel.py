"""What the fiche page shows about its workflow: a pending new version, a send-back comment."""
from dataclasses import dataclass, field

from registre.activities.forms import SendBackForm, TransitionForm
from registre.activities.versions import pending_version, proposal_findings, version_changes
from registre.compliance.findings import Finding
from registre.compliance.services import validation_findings
from registre.history.diff import Change
from registre.history.services import latest_revision
from registre.models import Activity, PendingVersion, Revision, Status, User
from registre.scopes import Action, can


@dataclass
class PendingPanel:
    """A proposed version beside the in-service one: its differences and the allowed buttons."""

    pending: PendingVersion
    changes: list[Change]
    missing: list[Finding] = field(default_factory=list)
    to_acknowledge: list[Finding] = field(default_factory=list)
    validate: TransitionForm | None = None
    send_back: SendBackForm | None = None
    may_edit: bool = False
    may_withdraw: bool = False


def pending_panel(user: User, activity: Activity) -> PendingPanel | None:
    """The pending version of an in-service fiche as its page shows it, or None."""
    if activity.status != Status.EN_SERVICE:
        return None
    pending = pending_version(activity)
    if pending is None:
        return None
    organisation = activity.organisation
    decides = can(user, Action.VALIDATE_VERSION, organisation, activity)
    panel = PendingPanel(pending=pending, changes=version_changes(activity, pending.data),
                         may_edit=can(user, Action.PROPOSE, organisation, activity),
                         may_withdraw=decides or pending.author_id == user.id)
    if decides and not pending.sent_back:
        panel.missing, panel.to_acknowledge = validation_findings(
            proposal_findings(activity, pending.data))
        version = str(activity.version)
        panel.validate = TransitionForm(formdata=None, to=Status.EN_SERVICE.value,
                                        version=version)
        panel.validate.acknowledge.render_kw = {"required": True}
        panel.validate.acknowledge.id = panel.validate.acknowledge.label.field_id = \
            "version-acknowledge"
        panel.send_back = SendBackForm(formdata=None, to=Status.BROUILLON.value,
                                       version=version)
        panel.send_back.comment.id = panel.send_back.comment.label.field_id = \
            "version-send-back-comment"
    return panel


def send_back_note(activity: Activity) -> Revision | None:
    """The revision that sent a draft back to its writer, while the draft awaits rework."""
    if activity.status != Status.BROUILLON:
        return None
    revision = latest_revision(activity.id)
    return revision if revision is not None and revision.action == "renvoi" else None
