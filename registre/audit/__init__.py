"""The audit log: who did what, from where, on which object, with what outcome."""
from flask import Flask


def init_audit(app: Flask) -> None:
    """Write the request's standalone audit events when each request ends."""
    from registre.audit.services import write_pending_events

    app.teardown_request(write_pending_events)
