"""Benchmark: the académie compliance dashboard over 1,000 organisations × 30 activities.

Seeds a temporary database (SQLite, or PostgreSQL with ``--database-url``) with minimal but
varied rows inserted with Core inserts, stores their findings with ``refresh_findings`` (what
``flask registre refresh-findings`` runs every night: timed), then measures, in the same
process:
- baseline: a plain SELECT of the same current activities with their rows (selectin);
- the académie dashboard page ``/academies/<code>/conformite`` (stored findings, GROUP BY);
- the CSV export of the same matrix.
Prints wall and CPU time and query count of each, and the CPU-time ratio to the baseline
(CPU time is steadier than wall time on a shared machine).

Usage: .venv/bin/python bench/findings.py [--schools 1000] [--activities 30]
                                          [--database-url postgresql+psycopg://…]
"""
import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import g
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from registre import create_app
from registre.compliance.stored import refresh_condition, refresh_findings
from registre.dates import today
from registre.extensions import db
from registre.models import (
    Academie,
    Activity,
    ActivityDataCategory,
    ActivityLegalBasis,
    ActivityRecipient,
    ActivitySecurityMeasure,
    ActivitySubjectCategory,
    ActivityTransfer,
    Organisation,
    Processor,
    Role,
    Status,
    User,
)
from registre.organisations.uai import check_letter

PASSWORD = "Bench-mot-de-passe-2026!"
KINDS = ("college", "lycee", "ecole", "lycee_professionnel")
INFORMED = ("oui", "oui", "non", "inconnu")
STATUSES = ("en_service", "en_service", "brouillon", "a_valider", "termine")


def seed(schools: int, activities: int) -> str:
    """Insert the académie, its processors, organisations and activities with Core inserts."""
    academie = Academie(code="bench", name="Benchmark", dpd_name="DPD",
                        dpd_email="dpd@bench.fr")
    db.session.add(academie)
    db.session.flush()
    processors = [Processor(academie_id=academie.id, name=f"Prestataire {n}",
                            jurisdiction=("US", "FR", "IE", "")[n % 4],
                            contract_signed=(True, None, False, True)[n % 4],
                            datacenter_countries=[("FR", "IE", "US", "DE")[n % 4]],
                            dpf_certified=n % 8 == 2) for n in range(20)]
    db.session.add_all(processors)
    db.session.add(User(email="dpd@bench.fr", role=Role.DPD, academie_id=academie.id,
                        password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")))
    db.session.flush()
    processor_ids = [processor.id for processor in processors]
    db.session.execute(sa.insert(Organisation), [
        {"uai": f"{n:07d}" + check_letter(f"{n:07d}"), "name": f"Établissement {n:04d}",
         "kind": KINDS[n % 4], "academie_id": academie.id, "commune": "Ville",
         "controller_title": "Chef d'établissement", "controller_email": "ce@bench.fr"}
        for n in range(1, schools + 1)])
    organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
    rows = []
    for organisation_id in organisation_ids:
        for n in range(activities):
            hosted = n % 3 == 0
            rows.append({
                "organisation_id": organisation_id, "reference": f"T-{n + 1:03d}",
                "name": f"Traitement {n}", "status": STATUSES[n % 5],
                "purpose": "Finalité" if n % 11 else "",
                "controller_title": "Chef d'établissement", "controller_email": "ce@bench.fr",
                "concerns_minors": True, "min_age": 11, "max_age": 16,
                "informed": INFORMED[n % 4], "consent_required": (False, None, True)[n % 3],
                "hosting": "prestataire" if hosted else "etablissement",
                "hosting_processor_id": processor_ids[n % 20] if hosted else None,
                "storage_countries": [] if hosted else ["FR"],
                "dpia_criteria": ["grande_echelle"] if n % 5 == 0 else [],
                "last_reviewed_on": date(2025, 1 + n % 12, 1) if n % 2 else None,
            })
    db.session.execute(sa.insert(Activity), rows)
    activity_ids = db.session.scalars(sa.select(Activity.id)).all()
    children = {ActivityLegalBasis: [], ActivitySubjectCategory: [], ActivityDataCategory: [],
                ActivityRecipient: [], ActivitySecurityMeasure: [], ActivityTransfer: []}
    for index, activity_id in enumerate(activity_ids):
        children[ActivityLegalBasis].append({"activity_id": activity_id, "position": 0,
                                             "basis": ("6.1.e", "6.1.a")[index % 7 == 0]})
        children[ActivitySubjectCategory].append({"activity_id": activity_id, "position": 0,
                                                  "category": "eleves"})
        children[ActivityDataCategory].extend([
            {"activity_id": activity_id, "position": 0, "category": "etat_civil",
             "active_duration": 1, "active_unit": "ans", "final_fate": "destruction"},
            {"activity_id": activity_id, "position": 1, "category": "vie_scolaire",
             "retention_criteria": "Scolarité + 1 an",
             "final_fate": None if index % 6 == 0 else "destruction"}])
        children[ActivityRecipient].append({
            "activity_id": activity_id, "position": 0,
            "kind": "sous_traitant" if index % 4 == 0 else "service_interne",
            "name": "Destinataire", "data_categories": ["etat_civil"],
            "processor_id": processor_ids[index % 20] if index % 4 == 0 else None})
        if index % 2:
            children[ActivitySecurityMeasure].append({"activity_id": activity_id,
                                                      "position": 0, "kind": "controle_acces"})
        if index % 9 == 0:
            children[ActivityTransfer].append({"activity_id": activity_id, "position": 0,
                                               "recipient": "Cloud", "country": "US",
                                               "guarantee": "adequation"})
    for model, values in children.items():
        db.session.execute(sa.insert(model), values)
    db.session.commit()
    return academie.code


def forget_session() -> None:
    """Start the next request as a fresh process would: no loaded object, no cached user
    (the whole run shares one application context)."""
    db.session.expunge_all()
    g.pop("_login_user", None)


class QueryCounter:
    """Count the SQL statements sent while the block runs."""

    def __enter__(self):
        self.count = 0
        sa.event.listen(db.engine, "before_cursor_execute", self._record)
        self.started = time.perf_counter()
        self.cpu_started = time.process_time()
        return self

    def _record(self, *args):
        self.count += 1

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.cpu = time.process_time() - self.cpu_started
        sa.event.remove(db.engine, "before_cursor_execute", self._record)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=30)
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL URL of an empty database (default: SQLite in /tmp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "bench",
                          "SQLALCHEMY_DATABASE_URI": args.database_url
                          or f"sqlite:///{tmp}/bench.db",
                          "SQLALCHEMY_ENGINE_OPTIONS": {}, "WTF_CSRF_ENABLED": False,
                          "EXPORTS_DIR": f"{tmp}/exports"})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            code = seed(args.schools, args.activities)
            print(f"seeded {args.schools} organisations × {args.activities} activities "
                  f"in {time.perf_counter() - started:.1f} s "
                  f"({db.engine.dialect.name}, {today()})")
            academie_id = db.session.scalar(sa.select(Academie.id).where(Academie.code == code))
            db.session.expunge_all()
            with QueryCounter() as stored:
                refresh_findings(refresh_condition("academie", academie_id),
                                 after_batch=lambda done, total: db.session.commit())
                db.session.commit()
            client = app.test_client()
            assert client.post("/connexion", data={"email": "dpd@bench.fr",
                                                   "password": PASSWORD}).status_code == 302
            academie = db.session.scalars(sa.select(Academie).where(Academie.code == code)).one()
            in_academie = Activity.organisation_id.in_(
                sa.select(Organisation.id).where(Organisation.academie_id == academie.id))
            db.session.expunge_all()
            with QueryCounter() as baseline:
                loaded = db.session.scalars(sa.select(Activity).where(
                    in_academie, Activity.status != Status.TERMINE)).all()
            count = len(loaded)
            del loaded
            forget_session()
            with QueryCounter() as page:
                response = client.get(f"/academies/{code}/conformite")
            assert response.status_code == 200, response.status_code
            forget_session()
            with QueryCounter() as export:
                response = client.get(f"/academies/{code}/conformite.csv")
            assert response.status_code == 200, response.status_code
            print(f"current activities: {count}")
            print(f"refresh-findings (all {args.schools * args.activities} activities): "
                  f"wall {stored.seconds:7.2f} s  cpu {stored.cpu:7.2f} s  "
                  f"{stored.count} queries")
            for label, measure in (("baseline SELECT + rows", baseline),
                                   ("académie dashboard page", page),
                                   ("académie CSV export", export)):
                print(f"{label:<26} wall {measure.seconds:7.2f} s  cpu {measure.cpu:7.2f} s  "
                      f"{measure.count:5d} queries  ratio (cpu) {measure.cpu / baseline.cpu:4.1f}×")


if __name__ == "__main__":
    main()
