"""The audit log pages: an académie's for its DPD, the whole platform's for the administrator."""
from flask import Blueprint, Response, render_template, request, stream_with_context, url_for
from flask_login import current_user, login_required

from registre.audit.services import audit_query, journal_csv, page_of_events, record_event
from registre.journal.forms import JournalFilterForm
from registre.models import AuditAction
from registre.scopes import can_read_audit_log, get_academie_or_404, require

bp = Blueprint("journal", __name__)

PAGE_SIZE = 100
MAX_PAGE = 10_000
MAX_CSV_ROWS = 200_000


@bp.route("/academies/<code>/journal")
@login_required
def academie_journal(code: str):
    """The académie's audit log, newest first, filtered (``du``, ``au``, action…)."""
    academie = get_academie_or_404(current_user, code)
    require(can_read_audit_log(current_user, academie))
    return _page(academie)


@bp.route("/academies/<code>/journal.csv")
@login_required
def academie_journal_csv(code: str):
    """The académie's audit log with the same filters, as CSV."""
    academie = get_academie_or_404(current_user, code)
    require(can_read_audit_log(current_user, academie))
    return _csv(academie)


@bp.route("/journal")
@login_required
def platform_journal():
    """The whole platform's audit log (administrator)."""
    require(can_read_audit_log(current_user))
    return _page(None)


@bp.route("/journal.csv")
@login_required
def platform_journal_csv():
    """The whole platform's audit log as CSV (administrator)."""
    require(can_read_audit_log(current_user))
    return _csv(None)


def _page(academie):
    form = JournalFilterForm(request.args)
    valid = form.validate()
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 1 <= int(page) <= MAX_PAGE else 1
    events, has_next = ([], False)
    if valid:
        query = audit_query(academie.id if academie else None, **form.filters())
        events, has_next = page_of_events(query, page, PAGE_SIZE)
    arguments = {key: value for key, value in request.args.items() if key != "page" and value}
    endpoint = "journal.academie_journal" if academie else "journal.platform_journal"
    values = {"code": academie.code} if academie else {}
    return render_template(
        "journal/index.html", academie=academie, form=form, events=events, page=page,
        previous_url=url_for(endpoint, **values, **arguments, page=page - 1) if page > 1 else None,
        next_url=url_for(endpoint, **values, **arguments, page=page + 1) if has_next else None,
        csv_url=url_for(endpoint + "_csv", **values, **arguments)), 200 if valid else 400


def _csv(academie):
    form = JournalFilterForm(request.args)
    if not form.validate():
        return _page(academie)
    query = audit_query(academie.id if academie else None, **form.filters())
    code = academie.code if academie else "plateforme"
    record_event(AuditAction.EXPORT, f"journal:{code}",
                 academie_id=academie.id if academie else None,
                 details="format=csv; " + "; ".join(f"{key}={value}" for key, value
                                                   in form.filters().items() if value))
    return Response(stream_with_context(journal_csv(query, MAX_CSV_ROWS)),
                    content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="journal-{code}.csv"',
                             "Cache-Control": "no-store"})
