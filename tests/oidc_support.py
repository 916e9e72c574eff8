"""A real OpenID provider for the académie sign-in tests (npm ``oidc-provider``, tests/oidc/).

The provider runs in Node on 127.0.0.1 with an ephemeral port; the tests skip with a reason
when Node or the npm package is missing, and fail in CI (REGISTRE_REQUIRE_SYSTEM_TOOLS=1).
"""
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from registre.auth.oidc.client import init_oidc
from tests.support import REQUIRE_SYSTEM_TOOLS, require_tool

OIDC_DIR = Path(__file__).resolve().parent / "oidc"
PROVIDER_SCRIPT = OIDC_DIR / "provider.mjs"
CLIENT_ID = "registre"
CLIENT_SECRET = "secret-de-test-du-registre-0123456789abcdef"
# ID tokens issued to this client come back signed for another audience (see provider.mjs).
WRONG_AUDIENCE_CLIENT = "registre-mauvaise-audience"
TEST_BASE = "http://registre.test"
ACCOUNTS = {
    "dpd": {"email": "Camille.Martin@AC-Besancon.fr", "email_verified": True,
            "name": "Camille Martin"},
    "inconnu": {"email": "dominique.inconnu@ac-besancon.fr", "email_verified": True},
    "ancien": {"email": "ancien.agent@ac-besancon.fr", "email_verified": True},
    "principal": {"email": "principal.0250003t@ac-besancon.fr", "email_verified": True,
                  "name": "Claude Principal",
                  "FrEduRneResp": ["0259999Z$UAJ$PU$N$T3$CLG$340",
                                   "0250003T$UAJ$PU$N$T3$CLG$340"],
                  "FrEduFonctAdm": "DIR"},
    "sans-adresse": {"name": "Sans Adresse"},
}


@dataclass
class OpenIDProvider:
    """A running provider: its issuer URL and its process."""

    issuer: str
    process: subprocess.Popen

    def stop(self) -> None:
        """End the provider's process (started by this fixture, ended by its id)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _client(client_id: str, base: str) -> dict:
    return {"client_id": client_id, "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{base}/connexion/oidc/retour"],
            "post_logout_redirect_uris": [f"{base}/connexion"],
            "grant_types": ["authorization_code"], "response_types": ["code"]}


def require_provider_packages() -> None:
    """Skip (or fail in CI) without Node or the npm packages; install them when npm is there."""
    require_tool("node", "les tests de connexion académique lancent un fournisseur OpenID")
    package = OIDC_DIR / "node_modules" / "oidc-provider"
    if not package.exists() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--prefix", str(OIDC_DIR), "--no-audit", "--no-fund"],
                       check=False, capture_output=True, timeout=300)
    if not package.exists():
        reason = "oidc-provider absent : lancez « npm ci --prefix tests/oidc »"
        if REQUIRE_SYSTEM_TOOLS:
            pytest.fail(f"{reason} (requis en CI)")
        pytest.skip(reason)


def start_provider(workdir: Path, base: str = TEST_BASE) -> OpenIDProvider:
    """Start the provider for a registre served at ``base``; wait until it listens."""
    require_provider_packages()
    config = workdir / "oidc-provider.json"
    config.write_text(json.dumps({
        "clients": [_client(CLIENT_ID, base), _client(WRONG_AUDIENCE_CLIENT, base)],
        "accounts": ACCOUNTS, "wrong_audience_client": WRONG_AUDIENCE_CLIENT}))
    ready, log_path = workdir / "oidc-provider-ready.json", workdir / "oidc-provider.log"
    ready.unlink(missing_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(["node", str(PROVIDER_SCRIPT), str(config), str(ready)],
                                   stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if ready.exists() and ready.read_text():
            return OpenIDProvider(json.loads(ready.read_text())["issuer"], process)
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)
    pytest.fail("le fournisseur OpenID de test n'a pas démarré : "
                + log_path.read_text(errors="replace")[-2000:])


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """One provider for the session, for the test client's registre (http://registre.test)."""
    provider = start_provider(tmp_path_factory.mktemp("oidc"))
    yield provider
    provider.stop()


def configure_oidc(app, issuer: str, client_id: str = CLIENT_ID, **settings) -> None:
    """Turn académie sign-in on for an application, as the REGISTRE_OIDC_* settings would."""
    app.config.update({"OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": client_id,
                       "OIDC_CLIENT_SECRET": CLIENT_SECRET, **settings})
    init_oidc(app)


def sign_in_at_provider(authorize_url: str, login: str, base: str = TEST_BASE) -> str:
    """Go through the provider's pages as a browser would; return the redirect back to us."""
    http = requests.Session()
    url, form = authorize_url, None
    for _ in range(12):
        if form is None:
            response = http.get(url, allow_redirects=False, timeout=10)
        else:
            response = http.post(url, data=form, allow_redirects=False, timeout=10)
        form = None
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(base):
                return url[len(base):]
            continue
        assert response.status_code == 200, response.text[:500]
        assert 'name="login"' in response.text, response.text[:500]
        form = {"login": login}
    raise AssertionError(f"la connexion chez le fournisseur ne revient pas : {url}")
