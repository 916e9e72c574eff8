"""Public pages, no login: find an organisation, read its register, download it as open data."""
from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.http import generate_etag

from registre.i18n import N_, translate
from registre.organisations.uai import InvalidUAI, normalize_uai
from registre.public import cache
from registre.public import search as finder
from registre.public.academie import academie_overview, overview_csv, parse_kind
from registre.public.cache import language_key
from registre.public.changes import public_changes
from registre.public.opendata import register_csv
from registre.public.printing import register_pdf
from registre.public.services import (
    find_public_organisation,
    last_modified,
    public_activities,
    public_register,
)
from registre.public.wording import HEADINGS

bp = Blueprint("public", __name__, url_prefix="/registre")

CACHE_CONTROL = "public, max-age=300"


@bp.get("")
def search():
    """Search organisations; without a query, list académies or one académie's organisations."""
    raw_query = request.args.get("q", "")
    words = finder.query_words(raw_query)
    number = finder.page_number(request.args.get("page"))
    academie = finder.find_academie(request.args.get("academie"))
    page = academies = None
    if words:
        page = finder.search_organisations(words, number)
        if page.total == 0:
            page = finder.search_close_organisations(words)
    elif academie is not None:
        page = finder.academie_organisations(academie, number)
    else:
        academies = finder.academies_with_counts()
    response = Response(render_template(
        "public/search.html", query=raw_query[:finder.MAX_QUERY_LENGTH].strip(),
        searched=bool(words), academie=academie, page=page, academies=academies))
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


NOT_FOUND = (N_("Registre introuvable"), N_("Aucun registre public ne correspond à cette adresse."))


def _not_found(as_json: bool = False) -> Response:
    if as_json:
        response = jsonify(error=translate(NOT_FOUND[0]), message=translate(NOT_FOUND[1]))
        response.status_code = 404
        return response
    return Response(render_template("public/not_found.html", message=NOT_FOUND), status=404)


def _conditional(response: Response, modified, etag: str | None = None) -> Response:
    """Add the cache validators and answer 304 when the client's copy is still good.

    ``etag``: the body's, when already known (a cached page); else computed from the body.
    """
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.last_modified = modified
    if etag is None:
        response.add_etag()
    else:
        response.set_etag(etag)
    return response.make_conditional(request)


def _load(uai: str):
    organisation = find_public_organisation(uai)
    if organisation is None:
        return None, None, None
    activities = public_activities(organisation)
    modified = last_modified(organisation, activities)
    return organisation, public_register(organisation, activities), modified


@bp.get("/<uai>")
def register(uai: str):
    """The public register of one organisation, one card per activity in service."""
    try:
        found = cache.lookup(normalize_uai(uai))
    except InvalidUAI:
        found = None
    if found is None:
        return _not_found()
    stored_uai, stamp = found
    if uai != stored_uai:
        return redirect(url_for("public.register", uai=stored_uai), 301)
    # Rendered once per change of the register (and language), see registre/public/cache.py:
    # a page in the cache costs one statement, and no ORM object.
    key = (stamp, language_key(request.args.get("lang"), request.headers.get("Accept-Language")))
    pages = cache.pages_of(current_app)
    page = pages.get(key)
    if page is None:
        organisation = find_public_organisation(stored_uai)
        if organisation is None:  # deleted in between
            return _not_found()
        activities = public_activities(organisation)
        body = render_template("public/register.html",
                               register=public_register(organisation, activities),
                               headings=HEADINGS).encode()
        page = (body, last_modified(organisation, activities), generate_etag(body))
        pages.put(key, page)
    body, modified, etag = page
    return _conditional(Response(body, content_type="text/html; charset=utf-8"), modified, etag)


@bp.get("/<uai>.json")
def register_json(uai: str):
    """The same public register as JSON open data."""
    organisation, data, modified = _load(uai)
    if organisation is None:
        return _not_found(as_json=True)
    return _conditional(jsonify(data), modified)


@bp.get("/<uai>.csv")
def register_csv_file(uai: str):
    """The same public register as CSV open data, one row per activity in service."""
    return _download(uai, register_csv, "text/csv", "attachment", "csv")


@bp.get("/<uai>.pdf")
def register_pdf_file(uai: str):
    """The same public register as a printable PDF (the register's date on every page)."""
    return _download(uai, register_pdf, "application/pdf", "inline", "pdf")


def _download(uai: str, render, mimetype: str, disposition: str, extension: str):
    """The public register as a file, with the page's validators (404 page when unknown)."""
    organisation, data, modified = _load(uai)
    if organisation is None:
        return _not_found()
    response = Response(render(data), mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="registre-{organisation.uai}.{extension}"')
    return _conditional(response, modified)


def _changes(uai: str):
    organisation = find_public_organisation(uai)
    if organisation is None:
        return None, None, None
    entries = public_changes(organisation)
    modified = max([entry.at for entry in entries[:1]] + [organisation.updated_at])
    return organisation, entries, modified


@bp.get("/<uai>/changements")
def changes(uai: str):
    """What changed in the published register, newest first."""
    organisation, entries, modified = _changes(uai)
    if organisation is None:
        return _not_found()
    if uai != organisation.uai:
        return redirect(url_for("public.changes", uai=organisation.uai), 301)
    response = Response(render_template("public/changes.html", organisation=organisation,
                                        entries=entries))
    return _conditional(response, modified)


@bp.get("/<uai>/changements.atom")
def changes_feed(uai: str):
    """The same changes as an Atom feed (RFC 4287), for parents who subscribe."""
    organisation, entries, modified = _changes(uai)
    if organisation is None:
        return _not_found()
    response = Response(render_template("public/changes.atom.xml", organisation=organisation,
                                        entries=entries, updated=modified),
                        mimetype="application/atom+xml")
    return _conditional(response, modified)


def _overview(code: str):
    academie = finder.find_academie(code)
    if academie is None:
        return None, None
    overview = academie_overview(academie, parse_kind(request.args.get("type")))
    return overview, overview.pop("last_modified")


@bp.get("/academies/<code>")
def academie(code: str):
    """An académie at a glance: services, processors, countries, answers, ended activities."""
    overview, modified = _overview(code)
    if overview is None:
        return _not_found()
    response = Response(render_template("public/academie.html", overview=overview,
                                        kinds=finder.KINDS))
    return _conditional(response, modified)


@bp.get("/academies/<code>.json")
def academie_json(code: str):
    """The same overview as JSON open data."""
    overview, modified = _overview(code)
    if overview is None:
        return _not_found(as_json=True)
    return _conditional(jsonify(overview), modified)


@bp.get("/academies/<code>.csv")
def academie_csv(code: str):
    """The same overview as CSV open data."""
    overview, modified = _overview(code)
    if overview is None:
        return _not_found()
    response = Response(overview_csv(overview), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="academie-{overview["academie"]["code"]}.csv"')
    return _conditional(response, modified)
