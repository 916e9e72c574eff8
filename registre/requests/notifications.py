"""E-mails about a request filed online: the parent's acknowledgement, the staff's notice."""
import sqlalchemy as sa
from flask import current_app

from registre.extensions import db
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
    organisation = request.organisation
    return (
        f"Bonjour,\n\n"
        f"Votre demande d'exercice de vos droits ({request.kind.label.lower()}) adressée à "
        f"{organisation.name} a bien été reçue le {request.received_at:%d/%m/%Y}.\n\n"
        f"Numéro de votre demande : {request.reference}\n"
        f"Une réponse doit vous être apportée au plus tard le {request.due_on:%d/%m/%Y} "
        "(un mois ; ce délai peut être prolongé de deux mois si la demande est complexe, "
        "auquel cas vous en serez informé avec le motif).\n\n"
        "Rappelez ce numéro si vous écrivez au délégué à la protection des données de "
        f"l'académie ({organisation.academie.rights_contact or organisation.academie.dpd_email}"
        ").\n\nCe message est envoyé automatiquement : n'y répondez pas.\n")


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
                  f"Demande {request.reference} bien reçue", _acknowledgement(request)),
                (staff_addresses(request),
                 f"Nouvelle demande d'exercice des droits {request.reference} — "
                 f"{request.organisation.name}", _staff_notice(request))]
    for recipients, subject, body in messages:
        try:
            send_mail(recipients, subject, body)
        except MailError as error:
            current_app.logger.error("%s", error)
