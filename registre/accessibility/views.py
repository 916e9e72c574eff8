"""``GET /accessibilite``: the accessibility statement, linked from every public page footer."""
from datetime import date

from flask import Blueprint, Response, render_template

bp = Blueprint("accessibility", __name__)

# The day the checks listed in the statement were last run and the statement written.
STATEMENT_DATE = date(2026, 11, 30)
RGAA_VERSION = "4.1.2"


@bp.get("/accessibilite")
def statement():
    """The RGAA statement: conformance status, what was checked, how to report a problem."""
    response = Response(render_template(
        "accessibility/statement.html", statement_date=STATEMENT_DATE,
        rgaa_version=RGAA_VERSION))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
