"""Seed the national-size dry run fast: one académie by seed-large, the others cloned in SQL.

Usage (from the repository root, on a PostgreSQL database of your own, never ``test``)::

    createdb -h 127.0.0.1 -U postgres bench_national
    URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_national
    nice .venv/bin/python bench/national_seed.py --database-url "$URL"          # seed
    .venv/bin/python bench/national_seed.py --database-url "$URL" --check nat17  # verify

Seeding upgrades the database (migrations), then:

1. ``nat01`` is made by :func:`registre.demo.large.seed_large` (``--schools`` ×
   ``--activities``: activities, their rows, creation revisions, stored findings), unless it
   exists already (``flask registre seed-large --academie nat01 …`` may have made it);
2. ``nat02`` … ``natNN`` get their organisations by ``seed_large(code, schools, 0)`` (UAIs,
   names, search text as in the real seeding), unless they exist;
3. every académie without activities receives a copy of ``nat01``'s, set-based: the
   organisation of rank *r* (by id) of ``nat01`` is mapped to the organisation of rank *r* of
   the target (same name, kind, sector and controller — checked), new activity ids are drawn
   from ``activity_id_seq``, and each activity's dependent rows — the seven row tables,
   ``revision`` (its snapshot's ``id`` and ``uai`` rewritten), ``activity_compliance`` and
   ``activity_finding`` — are copied with ``INSERT … SELECT`` (their own ids from their
   sequences). Any other table pointing at ``activity`` must be empty for the source (checked:
   seed-large writes none), so nothing is left behind. One transaction per académie.
4. ``ANALYZE``, then the database size is printed.

``--check CODE`` compares the académie ``CODE`` with ``nat01``: the compliance matrix of the
dashboard (each school's counts, score and per-rule figures, and the totals), each table's row
count, the creation revisions (snapshot = the activity, sampled), the public page of schools
of the same rank (same activities, findings and text apart from UAI and académie), and the
stored findings against the rules evaluated afresh
(:func:`registre.compliance.stored.refresh_findings` over the académie: 0 changed).
"""
import argparse
import re
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCE = "nat01"


def _app(url: str):
    from registre import create_app

    return create_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "bench", "TESTING": False,
                       "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})


def _dependent_tables():
    """(table, insert columns, select expressions) of every row copied with an activity."""
    from registre.fiche.serialization import ROW_FIELDS
    from registre.models import ActivityCompliance, Revision, StoredFinding

    tables = [model.__table__ for model, _ in ROW_FIELDS.values()]
    tables += [Revision.__table__, ActivityCompliance.__table__, StoredFinding.__table__]
    plans = []
    for table in tables:
        columns, values = [], []
        for column in table.columns:
            if column.primary_key and column.name == "id":
                continue  # drawn from the table's sequence
            columns.append(column.name)
            if column.name == "activity_id":
                values.append("m.dst")
            elif column.name == "organisation_id":
                values.append("m.organisation_id")
            elif table.name == "revision" and column.name == "snapshot":
                # The snapshot names the activity (id) and its organisation (uai).
                values.append("jsonb_set(jsonb_set(t.snapshot::jsonb, '{id}', to_jsonb(m.dst)),"
                              " '{uai}', to_jsonb(m.uai))::json")
            else:
                values.append(f"t.{column.name}")
        plans.append((table, columns, values))
    return plans


def _check_nothing_else(connection, source_id: int) -> None:
    """Tables pointing at activity that the clone does not copy must hold nothing of nat01."""
    from registre.extensions import db

    copied = {table.name for table, _, _ in _dependent_tables()} | {"activity"}
    for table in db.metadata.sorted_tables:
        if table.name in copied:
            continue
        for key in table.foreign_keys:
            if key.column.table.name == "activity":
                count = connection.execute(sa.text(
                    f"SELECT count(*) FROM {table.name} t JOIN activity a "
                    f"ON a.id = t.{key.parent.name} JOIN organisation o "
                    "ON o.id = a.organisation_id WHERE o.academie_id = :source"),
                    {"source": source_id}).scalar()
                if count:
                    raise SystemExit(f"{table.name} : {count} lignes de {SOURCE} non copiées.")


def clone(connection, source_id: int, target_id: int) -> int:
    """Copy the source académie's activities and dependent rows into the target's schools."""
    from registre.models import Activity

    connection.execute(sa.text("SET LOCAL synchronous_commit = off"))
    connection.execute(sa.text("""
        CREATE TEMP TABLE org_map ON COMMIT DROP AS
        SELECT s.id AS src, d.id AS dst, d.uai FROM
          (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM organisation
           WHERE academie_id = :source) s
        JOIN (SELECT id, uai, row_number() OVER (ORDER BY id) AS rank FROM organisation
              WHERE academie_id = :target) d USING (rank)"""),
        {"source": source_id, "target": target_id})
    unlike = connection.execute(sa.text("""
        SELECT count(*) FROM org_map m JOIN organisation s ON s.id = m.src
        JOIN organisation d ON d.id = m.dst
        WHERE (s.name, s.kind, s.sector, s.controller_title, s.controller_name)
              IS DISTINCT FROM (d.name, d.kind, d.sector, d.controller_title, d.controller_name)
    """)).scalar()
    if unlike:
        raise SystemExit(f"{unlike} établissements de même rang diffèrent : copie impossible.")
    connection.execute(sa.text("""
        CREATE TEMP TABLE activity_map ON COMMIT DROP AS
        SELECT a.id AS src, nextval('activity_id_seq') AS dst, m.dst AS organisation_id, m.uai
        FROM activity a JOIN org_map m ON m.src = a.organisation_id ORDER BY a.id"""))
    connection.execute(sa.text("CREATE INDEX ON activity_map (src)"))
    connection.execute(sa.text("ANALYZE activity_map"))
    columns = [column.name for column in Activity.__table__.columns]
    values = ["m.dst" if name == "id" else "m.organisation_id" if name == "organisation_id"
              else f"t.{name}" for name in columns]
    copied = connection.execute(sa.text(
        f"INSERT INTO activity ({', '.join(columns)}) SELECT {', '.join(values)} "
        "FROM activity t JOIN activity_map m ON m.src = t.id")).rowcount
    for table, columns, values in _dependent_tables():
        connection.execute(sa.text(
            f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {', '.join(values)} "
            f"FROM {table.name} t JOIN activity_map m ON m.src = t.activity_id "
            f"ORDER BY t.{'id' if 'id' in table.c else 'activity_id'}"))
    return copied


def seed(url: str, academies: int, schools: int, activities: int) -> None:
    from flask_migrate import upgrade

    from registre.demo.large import seed_large
    from registre.extensions import db
    from registre.models import Academie, Activity, Organisation

    app = _app(url)
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        codes = [f"nat{number:02d}" for number in range(1, academies + 1)]
        existing = set(db.session.scalars(sa.select(Academie.code)))
        for code in codes:
            if code in existing:
                continue
            began = time.perf_counter()
            seed_large(code, schools, activities if code == SOURCE else 0)
            db.session.commit()
            print(f"{code} : {schools} établissements"
                  f"{f' × {activities} traitements' if code == SOURCE else ''} "
                  f"(seed-large) en {time.perf_counter() - began:.0f} s", flush=True)
        ids = dict(db.session.execute(sa.select(Academie.code, Academie.id)
                                      .where(Academie.code.in_(codes))).all())
        counts = dict(db.session.execute(
            sa.select(Organisation.academie_id, sa.func.count(Activity.id))
            .join(Activity, Activity.organisation_id == Organisation.id)
            .group_by(Organisation.academie_id)).all())
        db.session.commit()
        engine = db.engine
    with engine.connect() as connection:
        _check_nothing_else(connection, ids[SOURCE])
        connection.commit()
    for code in codes[1:]:
        if counts.get(ids[code]):
            continue
        began = time.perf_counter()
        with engine.begin() as connection:
            copied = clone(connection, ids[SOURCE], ids[code])
        print(f"{code} : {copied} traitements copiés de {SOURCE} en "
              f"{time.perf_counter() - began:.0f} s", flush=True)
    began = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("ANALYZE"))
        print(f"ANALYZE en {time.perf_counter() - began:.0f} s")
        print(f"total {time.perf_counter() - started:.0f} s ; "
              + _size(connection), flush=True)


def _size(connection) -> str:
    organisations, activities = connection.execute(sa.text(
        "SELECT (SELECT count(*) FROM organisation), (SELECT count(*) FROM activity)")).one()
    size = connection.execute(sa.text(
        "SELECT pg_size_pretty(pg_database_size(current_database()))")).scalar()
    return f"{organisations} établissements, {activities} traitements, base {size}"


def _neutral(html: str, organisation, academie) -> str:
    """A page with what differs by construction (UAI, académie, DPD) replaced by markers."""
    for value, marker in ((organisation.uai, "UAI"), (academie.code, "CODE"),
                          (academie.name, "NOM"), (academie.dpd_email, "DPD"),
                          (academie.dpd_address, "ADRESSE")):
        html = html.replace(value, marker)
    return re.sub(r'name="csrf_token"[^>]*>', "", html)


def check(url: str, code: str, samples: int = 5) -> None:
    from registre.compliance.dashboards import academie_matrix
    from registre.compliance.stored import refresh_condition, refresh_findings
    from registre.extensions import db
    from registre.fiche.serialization import activity_to_dict
    from registre.models import Academie, Activity, Organisation, Revision

    app = _app(url)
    with app.app_context():
        source, target = (db.session.scalars(sa.select(Academie).where(Academie.code == name))
                          .one() for name in (SOURCE, code))

        def figures(row):
            return (row.activity_count, row.errors, row.warnings, row.score_total, row.scored,
                    tuple(sorted(row.by_rule.items())))

        matrices = [academie_matrix(academie) for academie in (source, target)]
        rows = [sorted((row.organisation.name, *figures(row)) for row in matrix.rows)
                for matrix in matrices]
        assert rows[0] == rows[1], "tableaux de bord différents"
        assert figures(matrices[0].totals) == figures(matrices[1].totals)
        total = matrices[1].totals
        print(f"tableau de bord : {len(rows[1])} établissements identiques ; total "
              f"{total.activity_count} traitements, {total.errors} erreurs, "
              f"{total.warnings} avertissements, score moyen {total.score}")
        with db.engine.connect() as connection:
            for table, _, _ in _dependent_tables():
                per = [connection.execute(sa.text(
                    f"SELECT count(*) FROM {table.name} t JOIN activity a ON a.id = t.activity_id"
                    " JOIN organisation o ON o.id = a.organisation_id "
                    "WHERE o.academie_id = :a"), {"a": academie.id}).scalar()
                    for academie in (source, target)]
                assert per[0] == per[1], (table.name, per)
                print(f"  {table.name}: {per[1]} lignes (comme {SOURCE})")
        for academie in (source, target):
            activities = db.session.scalars(
                sa.select(Activity).join(Organisation).where(Organisation.academie_id
                                                             == academie.id)
                .order_by(Activity.id).limit(300)).all()
            snapshots = dict(db.session.execute(
                sa.select(Revision.activity_id, Revision.snapshot)
                .where(Revision.activity_id.in_([activity.id for activity in activities]))).all())
            differ = sum(snapshots[activity.id] != activity_to_dict(activity)
                         for activity in activities)
            assert not differ, f"{differ} révisions de {academie.code} ≠ leur traitement"
        print(f"  révisions : les {len(activities)} premières = leur traitement (id, uai compris)")
        client = app.test_client()
        ranks = [row[0] for row in db.session.execute(sa.text(
            "SELECT id FROM organisation WHERE academie_id = :a ORDER BY id"),
            {"a": source.id})]
        step = max(1, len(ranks) // samples)
        for rank in range(0, len(ranks), step)[:samples]:
            pages = []
            for academie in (source, target):
                organisation = db.session.scalars(
                    sa.select(Organisation).where(Organisation.academie_id == academie.id)
                    .order_by(Organisation.id).offset(rank).limit(1)).one()
                response = client.get(f"/registre/{organisation.uai}")
                assert response.status_code == 200
                pages.append(_neutral(response.get_data(as_text=True), organisation, academie))
            assert pages[0] == pages[1], f"pages publiques différentes au rang {rank + 1}"
            print(f"  page publique du rang {rank + 1} : identique ({len(pages[1])} caractères, "
                  f"{pages[1].count('<article')} fiches)")
        began = time.perf_counter()
        changed = refresh_findings(refresh_condition("academie", target.id))
        db.session.rollback()
        print(f"constats recalculés sur {code} : {changed} différent(s) des constats stockés "
              f"({time.perf_counter() - began:.0f} s)")
        assert changed == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--academies", type=int, default=30)
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--activities", type=int, default=30)
    parser.add_argument("--check", metavar="CODE", help="comparer cette académie à nat01")
    args = parser.parse_args()
    if args.check:
        check(args.database_url, args.check)
    else:
        seed(args.database_url, args.academies, args.schools, args.activities)


if __name__ == "__main__":
    main()
