"""Security headers applied to every response (one place for all of them)."""
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from registre.config import PRODUCTION

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def content_security_policy() -> str:
    """The policy; with académie sign-in, the logout form may lead on to the provider."""
    issuer = urlsplit(current_app.config.get("OIDC_ISSUER") or "")
    if not issuer.scheme or not issuer.netloc:
        return CONTENT_SECURITY_POLICY
    # Browsers apply form-action to a form's redirects too (RP-initiated logout).
    return CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {issuer.scheme}://{issuer.netloc}")


def set_security_headers(response: Response) -> Response:
    """Add the security headers to a response (one place for all of them)."""
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config["REGISTRE_ENV"] == PRODUCTION:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # A public page (Cache-Control: public, set by its view) is the same for everybody, signed
    # in or not; anything else a signed-in user or a token sees is never kept by a cache.
    if not response.cache_control.public and _is_private(response):
        response.headers["Cache-Control"] = "no-store"
    return response


def _is_private(response: Response) -> bool:
    """Tell whether the answer shows a signed-in user's data (never kept by a cache).

    ``g._login_user`` is only set when the request looked at the user: reading
    ``current_user`` here would touch the session of every public page.
    """
    if request.path.startswith("/api/") or "Authorization" in request.headers:
        return True
    user = g.get("_login_user")
    return user is not None and user.is_authenticated


def init_security(app: Flask) -> None:
    """Register the response headers hook; trust ``X-Forwarded-*`` only from known proxies."""
    app.after_request(set_security_headers)
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # The client address (throttling, audit log) and the scheme then come from the
        # proxies' headers; X-Forwarded-Host is never trusted (links use the real host).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
