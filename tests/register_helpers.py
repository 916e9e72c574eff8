"""Helpers of the breach, rights-request and reminder tests: their instant, an SMTP server."""
from datetime import datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

# A Saturday in autumn, 10:00 in Paris (UTC+1): the instant the tests live at, where the
# frozen clock (tests/conftest.py, ``frozen_clock``) starts in their modules.
NOW = datetime(2026, 11, 28, 9, 0)
AT_NOW = pytest.mark.frozen_at(NOW)


class Inbox:
    """What the test SMTP server received: one (recipients, message) pair per message."""

    def __init__(self):
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook)
        message = message_from_bytes(envelope.content, policy=default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages delivered to ``address``."""
        return [message for recipients, message in self.received if address in recipients]

    def recipients(self) -> list[str]:
        """Every recipient, once per message received."""
        return [address for recipients, _ in self.received for address in recipients]


class _EphemeralController(Controller):
    """aiosmtpd's controller on a port the system chooses (port 0)."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp(app):
    """A real SMTP server on 127.0.0.1 (ephemeral port) that the application sends to."""
    inbox = Inbox()
    controller = _EphemeralController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    app.config.update(REGISTRE_SMTP_HOST="127.0.0.1", REGISTRE_SMTP_PORT=controller.port,
                      REGISTRE_MAIL_FROM="registre@ac-test.fr",
                      REGISTRE_BASE_URL="https://registre.ac-test.fr")
    try:
        yield inbox
    finally:
        controller.stop()
