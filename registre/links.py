"""Absolute links on the site's canonical address, never on a request's Host header.

``REGISTRE_BASE_URL`` is that address. E-mailed links always use it (a forged Host cannot
send a victim a link to another site: hostile case 38); the API's ``Location`` headers and
download URLs use it whenever it is configured, else the address the client called.
"""
from urllib.parse import urlsplit

from flask import current_app, url_for

# Where ``make run`` serves the site, for e-mails when no address is configured.
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def site_url(endpoint: str, **values) -> str:
    """An absolute link to a page, on the configured canonical address of the site."""
    base = urlsplit(current_app.config["REGISTRE_BASE_URL"] or DEFAULT_BASE_URL)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an API answer: the canonical address when configured."""
    if current_app.config["REGISTRE_BASE_URL"]:
        return site_url(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
