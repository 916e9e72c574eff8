"""CLI of the other registers: the daily reminders and the erasure of requesters."""
import click
from flask import current_app

from registre import dates
from registre.cli import fail, registre_cli
from registre.dates import local_date
from registre.extensions import db
from registre.mail import MailError, send_mail
from registre.reminders.messages import digest_message
from registre.reminders.services import pending_digests, record_sent
from registre.requests.erasure import erase_requesters


@registre_cli.command("send-reminders")
def send_reminders_command():
    """Envoyer à chacun le récapitulatif de ses échéances (une fois par jour, par cron)."""
    now = dates.utcnow()
    today = local_date(now)
    sent, failed = 0, 0
    for digest in pending_digests(now):
        subject, body = digest_message(digest, today)
        try:
            send_mail([digest.user.email], subject, body)
        except MailError as error:
            current_app.logger.error("%s", error)
            failed += 1
            continue
        # Committed person by person: a failure later on never resends what was sent.
        record_sent(digest, today)
        db.session.commit()
        sent += 1
    click.echo(f"{sent} récapitulatif{'s' if sent > 1 else ''} envoyé{'s' if sent > 1 else ''}.")
    if failed:
        fail(f"{failed} récapitulatif{'s' if failed > 1 else ''} non envoyé"
             f"{'s' if failed > 1 else ''} (voir le journal) ; ils le seront au prochain "
             "passage.")


@registre_cli.command("erase-requesters")
def erase_requesters_command():
    """Effacer nom, contact et texte des demandeurs au-delà de la durée de conservation."""
    count = erase_requesters(dates.utcnow())
    db.session.commit()
    click.echo(f"{count} demande{'s' if count > 1 else ''} anonymisée{'s' if count > 1 else ''}.")
