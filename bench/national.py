"""National-size dry run: the académie dashboard, the public page and the search on PostgreSQL.

Usage (from the repository root), on a database of your own seeded with
``flask registre seed-large`` (bench/README.md gives the commands of the dry run)::

    URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_national
    .venv/bin/python bench/national.py --database-url "$URL" --academie nat01

It prints the size of the database, times the académie compliance dashboard
(``/academies/<code>/conformite``, as a logged-in DPD of that académie, created if missing:
three runs, the first cold) with its SQL statement count, then runs ``bench/public.py``
against gunicorn on the same database: the public page of one school of the académie, the
static file, and two searches (a school's name, and a commune matching thousands of schools).
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from flask import g

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "Bench-mot-de-passe-2026!"


def dashboard(url: str, code: str) -> str:
    """Time the académie dashboard in-process; return a school's UAI with activities."""
    from werkzeug.security import generate_password_hash

    from registre import create_app
    from registre.extensions import db
    from registre.models import Academie, Activity, Organisation, Role, User

    app = create_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "bench", "TESTING": False,
                      "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        academie = db.session.scalars(sa.select(Academie).where(Academie.code == code)).one()
        email = f"dpd-bench@ac-{code}.fr"
        if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
            db.session.add(User(email=email, role=Role.DPD, academie_id=academie.id,
                                password_hash=generate_password_hash(PASSWORD,
                                                                     "pbkdf2:sha256:1000")))
            db.session.commit()
        organisations = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
        activities = db.session.scalar(sa.select(sa.func.count(Activity.id)))
        schools = db.session.scalar(sa.select(sa.func.count(Organisation.id))
                                    .where(Organisation.academie_id == academie.id))
        mine = db.session.scalar(sa.select(sa.func.count(Activity.id)).join(Organisation)
                                 .where(Organisation.academie_id == academie.id))
        uai = db.session.scalar(sa.select(Organisation.uai).join(Activity)
                                .where(Organisation.academie_id == academie.id)
                                .order_by(Organisation.uai).limit(1))
        print(f"base : {organisations} établissements, {activities} traitements ; académie "
              f"{code} : {schools} établissements, {mine} traitements")
        client = app.test_client()
        response = client.post("/connexion", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        statements: list = []

        def listener(*args):
            statements.append(1)

        for run in range(3):
            # Each run starts as a fresh process would: nothing loaded, no cached user.
            db.session.expunge_all()
            g.pop("_login_user", None)
            statements.clear()
            sa.event.listen(db.engine, "before_cursor_execute", listener)
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/academies/{code}/conformite")
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            sa.event.remove(db.engine, "before_cursor_execute", listener)
            assert response.status_code == 200, response.status_code
            print(f"tableau de bord de l'académie, passage {run + 1} : {wall:.2f} s "
                  f"(CPU {cpu:.2f} s), {len(statements)} requêtes SQL")
    return uai


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--academie", default="nat01")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    uai = dashboard(args.database_url, args.academie)
    subprocess.run([sys.executable, str(ROOT / "bench" / "public.py"), "--database-url",
                    args.database_url, "--uai", uai, "--clients", str(args.clients),
                    "--seconds", str(args.seconds), "--path", "/registre?q=etablissement+01234",
                    "--path", "/registre?q=versailles"], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
