"""Sending e-mail: through SMTP when ``REGISTRE_SMTP_HOST`` is set, else into files.

Settings: ``REGISTRE_SMTP_HOST``, ``REGISTRE_SMTP_PORT`` (465 means implicit TLS; STARTTLS
is used whenever the server offers it), ``REGISTRE_SMTP_USER``, ``REGISTRE_SMTP_PASSWORD``,
``REGISTRE_MAIL_FROM``. Without a host (``make run``), each message is written to
``instance/mails/`` as an ``.eml`` file a developer can open. Links use
``REGISTRE_BASE_URL``, never the Host header of a request (:mod:`registre.links`).
"""
import smtplib
import ssl
import uuid
from collections.abc import Iterable
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from registre import dates

SMTP_TIMEOUT = 20  # seconds: a slow server must not hold a web request for long


class MailError(RuntimeError):
    """The message could not be handed to the mail server."""


def build_message(recipients: Iterable[str], subject: str, body: str) -> EmailMessage:
    """A plain-text French message from the configured sender."""
    sender = current_app.config["REGISTRE_MAIL_FROM"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = format_datetime(dates.utcnow().replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "registre")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def send_mail(recipients: Iterable[str], subject: str, body: str) -> None:
    """Send one message to ``recipients`` (or write it to a file); raise :class:`MailError`."""
    recipients = list(dict.fromkeys(address for address in recipients if address))
    if not recipients:
        return
    message = build_message(recipients, subject, body)
    config = current_app.config
    if not config["REGISTRE_SMTP_HOST"]:
        _write_file(message, Path(config["REGISTRE_MAILS_DIR"]))
        return
    try:
        _deliver(message, config)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"Le message « {subject} » n'a pas pu être envoyé : {error}") from error


def _deliver(message: EmailMessage, config) -> None:
    host, port = config["REGISTRE_SMTP_HOST"], config["REGISTRE_SMTP_PORT"]
    context = ssl.create_default_context()
    if port == 465:
        server = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT, context=context)
    else:
        server = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
    with server:
        server.ehlo()
        if port != 465 and server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
        if config["REGISTRE_SMTP_USER"]:
            server.login(config["REGISTRE_SMTP_USER"], config["REGISTRE_SMTP_PASSWORD"])
        server.send_message(message)


def _write_file(message: EmailMessage, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{dates.utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    (folder / name).write_bytes(bytes(message))
    current_app.logger.info("Message écrit dans %s (aucun serveur SMTP configuré)", folder / name)
