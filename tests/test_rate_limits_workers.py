"""The login limit holds across three gunicorn workers sharing Redis (issue 12, item 3).

Three gunicorn servers of one worker each (as on three machines behind a load balancer), on
ephemeral loopback ports, share a temporary SQLite database and Redis at 127.0.0.1:6379 under
a key prefix of this test only (deleted afterwards). The attempts go to each worker in turn —
one gunicorn with three workers would not say which worker the kernel hands a connection to,
and often hands all of them to the same one. Each access log records its worker's pid.
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

from tests.support import REQUIRE_SYSTEM_TOOLS, TEST_PASSWORD

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


def _serve(port: int, log: Path, env: dict) -> subprocess.Popen:
    """One gunicorn server with one worker on ``port``."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(s)s",
         "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/connexion", timeout=2) as response:
                response.read()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.3)


@pytest.fixture
def gunicorn(tmp_path):
    _redis_or_skip()
    prefix = f"registre-test-{uuid.uuid4().hex[:12]}"
    database = tmp_path / "workers.db"
    emails = ["distrait@exemple.fr", "collegue@exemple.fr"]
    _seed(database, emails)
    env = {**os.environ, "REGISTRE_ENV": "testing", "REGISTRE_SECRET_KEY": "secret-de-test",
           "REGISTRE_DATABASE_URL": f"sqlite:///{database}",
           "REGISTRE_REDIS_URL": "redis://127.0.0.1:6379/0", "REGISTRE_REDIS_PREFIX": prefix}
    servers = []
    try:
        for number in range(3):
            port, log = _free_port(), tmp_path / f"access-{number}.log"
            servers.append((f"http://127.0.0.1:{port}", log, _serve(port, log, env)))
        for base, _, process in servers:
            _wait_until_up(base, process)
        yield [base for base, _, _ in servers], emails, [log for _, log, _ in servers]
    finally:
        for _, _, process in servers:
            process.terminate()
            process.wait(timeout=30)
            process.stderr.close()
        import redis
        client = redis.Redis(host=REDIS[0], port=REDIS[1])
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


def test_login_limit_holds_across_three_workers(gunicorn):
    bases, (clumsy, colleague), logs = gunicorn
    statuses = [_login(bases[attempt % 3], clumsy, "Faute-de-frappe-1")
                for attempt in range(12)]
    # 5 failures per account per minute, counted once for all workers.
    assert statuses == [401] * 5 + [429] * 7
    assert _login(bases[0], clumsy, TEST_PASSWORD) == 429
    assert _login(bases[1], colleague, TEST_PASSWORD) == 302  # the same address still logs in
    time.sleep(0.5)  # let gunicorn flush its access logs
    workers = set()
    for log in logs:
        posts = [line.split() for line in log.read_text().splitlines() if " POST " in line]
        assert len(posts) >= 4, "chaque worker a reçu ses tentatives"
        workers |= {pid for pid, _, _ in posts}
    assert len(workers) == 3
