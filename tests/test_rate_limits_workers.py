"""The login limit holds across three gunicorn workers sharing Redis (issue 12, item 3).

Real processes on an ephemeral loopback port, a temporary SQLite database, Redis at
127.0.0.1:6379 under a key prefix of this test only (deleted afterwards). Gunicorn's access
log records each answer's worker pid, which shows the attempts were spread over workers.
"""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from tests.conftest import REQUIRE_SYSTEM_TOOLS, TEST_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)


def _redis_or_skip():
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        if REQUIRE_SYSTEM_TOOLS:
            pytest.fail("Redis (127.0.0.1:6379) est requis en CI")
        pytest.skip("Redis absent sur 127.0.0.1:6379")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _seed(database: Path, emails: list[str]) -> None:
    from registre import create_app
    from registre.extensions import db
    from registre.models import Role, User

    app = create_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "x", "TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "SQLALCHEMY_ENGINE_OPTIONS": {}})
    with app.app_context():
        db.create_all()
        digest = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
        db.session.add_all(User(email=email, role=Role.ADMIN, password_hash=digest)
                           for email in emails)
        db.session.commit()
        db.engine.dispose()


def _login(base: str, email: str, password: str) -> int:
    """One attempt from a new browser (new cookie jar, new connection): the HTTP status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                         _NoRedirect())
    with opener.open(base + "/connexion", timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                      r'name="csrf_token" value="([^"]+)"', page)
    data = urllib.parse.urlencode({"csrf_token": token.group(1) or token.group(2),
                                   "email": email, "password": password}).encode()
    try:
        with opener.open(base + "/connexion", data=data, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def gunicorn(tmp_path):
    _redis_or_skip()
    prefix = f"registre-test-{uuid.uuid4().hex[:12]}"
    database = tmp_path / "workers.db"
    emails = ["distrait@exemple.fr", "collegue@exemple.fr"]
    _seed(database, emails)
    port = _free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "REGISTRE_ENV": "testing", "REGISTRE_SECRET_KEY": "secret-de-test",
           "REGISTRE_DATABASE_URL": f"sqlite:///{database}",
           "REGISTRE_REDIS_URL": "redis://127.0.0.1:6379/0", "REGISTRE_REDIS_PREFIX": prefix}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "3", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(s)s",
         "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/connexion", timeout=2) as response:
                    response.read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
                time.sleep(0.3)
        yield base, emails, log
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()
        import redis
        client = redis.Redis(host=REDIS[0], port=REDIS[1])
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


def test_login_limit_holds_across_three_workers(gunicorn):
    base, (clumsy, colleague), log = gunicorn
    statuses = [_login(base, clumsy, "Faute-de-frappe-1") for _ in range(12)]
    # 5 failures per account per minute, counted once for all workers.
    assert statuses == [401] * 5 + [429] * 7
    assert _login(base, clumsy, TEST_PASSWORD) == 429
    assert _login(base, colleague, TEST_PASSWORD) == 302  # the same address still logs in
    time.sleep(0.5)  # let gunicorn flush its access log
    posts = [line.split() for line in log.read_text().splitlines() if " POST " in line]
    assert len(posts) == 14
    assert len({pid for pid, _, _ in posts}) >= 2, "toutes les requêtes sur un seul worker"
