"""E-mails about a request filed online: the parent's acknowledgement, the staff's notice."""
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from registre.dates import format_date
from registre.extensions import db
from registre.i18n import translate
from registre.links import site_url
from registre.mail import MailError, send_mail
from registre.models import RightsRequest, Role, User


def staff_addresses(request: RightsRequest) -> list[str]:
    """The DPD of the académie and the organisation's responsables (active accounts)."""
    organisation = request.organisation
    users = db.session.scalars(sa.select(User.email).where(
        User.active.is_(True),
        sa.or_(sa.and_(User.role == Role.DPD, User.academie_id == organisation.academie_id,
                       User.organisation_id.is_(None)),
               sa.and_(User.role == Role.RESPONSABLE,
                       User.organisation_id == organisation.id)))).all()
    return list(dict.fromkeys([organisation.academie.dpd_email, *users]))


def _acknowledgement(request: RightsRequest) -> str:
    """The parent's acknowledgement, in the language of the form they filled in."""
    organisation = request.organisation
    return _(
        "Bonjour,\n\n"
        "Votre demande d'exercice de vos droits (%(right)s) adressée à %(school)s a bien été "
        "reçue le %(received)s.\n\n"
        "Numéro de votre demande : %(reference)s\n"
        "Une réponse doit vous être apportée au plus tard le %(due)s (un mois ; ce délai peut "
        "être prolongé de deux mois si la demande est complexe, auquel cas vous en serez "
        "informé avec le motif).\n\n"
        "Rappelez ce numéro si vous écrivez au délégué à la protection des données de "
        "l'académie (%(contact)s).\n\nCe message est envoyé automatiquement : n'y répondez "
        "pas.\n", right=translate(request.kind.label).lower(), school=organisation.name,
        received=format_date(request.received_at), reference=request.reference,
        due=format_date(request.due_on),
        contact=organisation.academie.rights_contact or organisation.academie.dpd_email)


def _staff_notice(request: RightsRequest) -> str:
    organisation = request.organisation
    link = site_url("requests.show", uai=organisation.uai, request_id=request.id)
    # The requester's name and message stay in the register, not in the e-mail.
    return (
        f"Une demande d'exercice des droits a été déposée en ligne pour {organisation.name} "
        f"({organisation.uai}).\n\n"
        f"Numéro : {request.reference}\nDroit exercé : {request.kind.label}\n"
        f"Demandeur : {request.requester_kind.label}\n"
        f"Réponse due le : {request.due_on:%d/%m/%Y}\n\n"
        f"Pour la traiter : {link}\n")


def notify_online_request(request: RightsRequest) -> None:
    """Acknowledge to the requester and tell the staff; a mail failure is logged, not raised
    (the request is already in the register)."""
    messages = [([request.requester_contact],
                  _("Demande %(reference)s bien reçue", reference=request.reference),
                  _acknowledgement(request)),
                (staff_addresses(request),
                 f"Nouvelle demande d'exercice des droits {request.reference} — "
                 f"{request.organisation.name}", _staff_notice(request))]
    for recipients, subject, body in messages:
        try:
            send_mail(recipients, subject, body)
        except MailError as error:
            current_app.logger.error("%s", error)
