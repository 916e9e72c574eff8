"""Languages: French everywhere; the public pages also in English (``?lang=en`` or the
browser's ``Accept-Language``).

The choice is never stored in the session: a public page stays the same for everybody who
asks in the same language, so shared caches may keep it (``Vary: Accept-Language``, no
cookie, no ``Vary: Cookie``). A link carries ``?lang=`` from page to page instead.
The staff pages stay French; their strings go through the same catalogues (French text as
message id) so that another language can be added later.
"""
import ast

from flask import Flask, Response, has_request_context, request, url_for
from flask_babel import LazyString, get_locale, gettext, refresh

DEFAULT_LOCALE = "fr"
PUBLIC_LOCALES = ("fr", "en")
# The blueprints whose pages anyone reads without logging in: their language follows the reader.
PUBLIC_BLUEPRINTS = frozenset({"public", "request_form", "accessibility"})
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def N_(text: str) -> str:  # noqa: N802  (the name gettext tools look for)
    """Mark a French text for the catalogues without translating it here (done at display)."""
    return text


def is_public_request() -> bool:
    """True while answering a public page (the only pages whose language may change)."""
    return has_request_context() and request.blueprint in PUBLIC_BLUEPRINTS


def requested_locale() -> str | None:
    """The language asked with ``?lang=``, when it is one the public pages exist in."""
    value = request.args.get("lang", "")
    return value if value in PUBLIC_LOCALES else None


def select_locale() -> str:
    """``?lang=`` first, then the browser's languages; French when nothing matches."""
    if not is_public_request():
        return DEFAULT_LOCALE
    return requested_locale() or request.accept_languages.best_match(
        PUBLIC_LOCALES, default=DEFAULT_LOCALE)


def current_language() -> str:
    """The language of the page being built (``fr`` outside a request)."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LOCALE


def translate(text: str) -> str:
    """Translate a French text known only at run time (a vocabulary label, a country zone)."""
    return gettext(text) if text else text


def lazy_translate(text: str) -> LazyString:
    """:func:`translate`, when the text is shown (labels of forms built at import time)."""
    return LazyString(translate, text)


def language_switch(endpoint: str | None = None) -> dict:
    """The link to the same public page in the other language (or to ``endpoint``'s page,
    for a page that must not repeat its address, such as "not found")."""
    other = "en" if current_language() == "fr" else "fr"
    if endpoint is None:
        endpoint = request.endpoint
        arguments = {**request.args.to_dict(), **(request.view_args or {}), "lang": other}
    else:
        arguments = {"lang": other}
    return {"url": url_for(endpoint, **arguments), "lang": other, "name": LANGUAGE_NAMES[other]}


def _keep_language(endpoint: str, values: dict) -> None:
    """Links from a public page to another keep the language asked with ``?lang=``."""
    if ("lang" in values or not has_request_context()
            or endpoint.partition(".")[0] not in PUBLIC_BLUEPRINTS):
        return
    if request.blueprint in PUBLIC_BLUEPRINTS and (lang := requested_locale()):
        values["lang"] = lang


def _language_headers(response: Response) -> Response:
    """Say which language a public page is in, and that it depends on Accept-Language."""
    if is_public_request():
        response.vary.add("Accept-Language")
        response.content_language.add(current_language())
    return response


def init_i18n(app: Flask, babel) -> None:
    """Bind Flask-Babel, keep ``?lang=`` in public links, add the language headers."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Paris")
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel keeps the locale on ``g``, which outlives a request when an application
    # context is already pushed (CLI, tests): choose it again for each request.
    app.before_request(refresh)
    # Whitespace inside {% trans %} blocks is collapsed, as babel.cfg says for extraction.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.url_defaults(_keep_language)
    app.after_request(_language_headers)
    app.jinja_env.filters["tr"] = translate
    app.jinja_env.globals.update(current_language=current_language,
                                 language_switch=language_switch)


def _field_label(node: ast.AST) -> str | None:
    """The label of a fiche catalogue entry: ``Field("key", "Libellé", …)`` or a section
    builder such as ``_description("key", "Libellé", …)``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and (node.func.id == "Field" or node.func.id.startswith("_"))
            and len(node.args) >= 2):
        return None
    key, label = node.args[:2]
    if all(isinstance(item, ast.Constant) and isinstance(item.value, str) for item in (key, label)):
        return label.value
    return None


def extract_labels(fileobj, keywords, comment_tags, options):
    """Babel extractor: a module's gettext calls, then the French labels of its enumeration
    members (``KEY = "value", "Libellé"``) and of the fiche catalogue's fields, which the
    public pages translate at display."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if (label := _field_label(node)) is not None:
            yield node.lineno, "N_", label, []
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            value = getattr(statement, "value", None)
            if (isinstance(statement, ast.Assign) and isinstance(value, ast.Tuple)
                    and len(value.elts) == 2
                    and all(isinstance(item, ast.Constant) and isinstance(item.value, str)
                            for item in value.elts)):
                yield statement.lineno, "N_", value.elts[1].value, []
