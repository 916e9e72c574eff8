"""The production recipe: ``/sante``, the gunicorn configuration and its access log."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from registre.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def test_health_is_200_with_the_database_and_no_redis(client):
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.get_json() == {"etat": "ok",
                                   "verifications": {"base_de_donnees": {"etat": "ok"}}}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_checks_redis_when_configured(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/sante")
    assert response.status_code == 503
    body = response.get_json()
    assert body["etat"] == "erreur"
    assert body["verifications"]["redis"] == {
        "etat": "erreur", "message": "Redis ne répond pas (tâches et limites de débit)."}
    assert "127.0.0.1" not in response.get_data(as_text=True)


def test_health_is_503_without_the_database_and_reveals_nothing(app, client, monkeypatch):
    def down(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("mot-de-passe@db:5432"))

    monkeypatch.setattr(db.session, "execute", down)
    response = client.get("/sante")
    assert response.status_code == 503
    assert response.get_json()["verifications"]["base_de_donnees"] == {
        "etat": "erreur", "message": "La base de données ne répond pas."}
    assert "mot-de-passe" not in response.get_data(as_text=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_with_its_config_and_logs_no_query_string(app, tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "REGISTRE_ENV": "production", "REGISTRE_SECRET_KEY": "clé-de-test",
           "REGISTRE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "REGISTRE_BIND": f"127.0.0.1:{port}", "REGISTRE_WEB_WORKERS": "2"}
    env.pop("REGISTRE_REDIS_URL", None)
    with open(log, "w") as output:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                   "wsgi:app"], cwd=ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
        try:
            body = None
            for _ in range(100):
                try:
                    with urllib.request.urlopen(
                            f"http://127.0.0.1:{port}/sante?jeton=secret-123", timeout=2) as r:
                        body = r.read()
                    break
                except OSError:
                    time.sleep(0.2)
            assert body is not None, log.read_text()[-2000:]
            assert b'"etat":"ok"' in body.replace(b" ", b"")
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert "Booting worker" in text and text.count("Booting worker") == 2
    access = [line for line in text.splitlines() if '"GET /sante' in line]
    assert access, text[-2000:]
    assert "secret-123" not in text and "jeton" not in text


@pytest.mark.parametrize("setting, expected", [("timeout", 30), ("accesslog", "-")])
def test_gunicorn_config_values(setting, expected):
    namespace: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)
    assert namespace[setting] == expected
    assert "%(r)s" not in namespace["access_log_format"]  # the request line has the query
    assert "%(q)s" not in namespace["access_log_format"]
