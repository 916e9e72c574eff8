"""What one cached public page costs in-process: SQL statements, their time, the rest.

Usage (from the repository root)::

    .venv/bin/python bench/public_profile.py --database-url postgresql+psycopg://… --uai 9000001K
    .venv/bin/python bench/public_profile.py --database-url … --uai 9000001K --profile

The app runs with the production configuration (as under gunicorn). The page is requested
once (rendered, then kept by the page cache), then ``--runs`` times: the script prints the
wall time per request (p50 / p95), the SQL statements of one request with their time each
(from the cursor events), and whether the rendered page came from the cache. With
``--profile``, the 25 functions with the most cumulative time over the runs (cProfile).
"""
import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--uai", required=True)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from registre import create_app
    from registre.extensions import db
    from registre.public import cache

    app = create_app({"REGISTRE_ENV": "production", "SECRET_KEY": "bench-" + "x" * 40,
                      "SQLALCHEMY_DATABASE_URI": args.database_url})
    client = app.test_client()
    path = f"/registre/{args.uai}"
    with app.app_context():
        engine = db.engine
    statements: list[list] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append([time.perf_counter() - conn.info["started"].pop(),
                           " ".join(statement.split())[:110]])

    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    print(f"premier passage (rendu) : {(time.perf_counter() - started) * 1000:.1f} ms, "
          f"{len(response.data) // 1024} Ko")
    pages = cache.pages_of(app)
    hits = [0]
    original = pages.get

    def counted(key):
        page = original(key)
        hits[0] += page is not None
        return page

    pages.get = counted
    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    statements.clear()
    client.get(path)
    one = list(statements)
    times = []
    profiler = cProfile.Profile() if args.profile else None
    for _ in range(args.runs):
        statements.clear()
        if profiler:
            profiler.enable()
        began = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - began)
        if profiler:
            profiler.disable()
    cuts = statistics.quantiles(times, n=20)
    print(f"{args.runs} passages : p50 {statistics.median(times) * 1000:.2f} ms, "
          f"p95 {cuts[18] * 1000:.2f} ms ; page servie par le cache {hits[0]} fois "
          f"sur {args.runs + 1}")
    print(f"requêtes SQL d'un passage : {len(one)}, {sum(t for t, _ in one) * 1000:.2f} ms")
    for elapsed, statement in one:
        print(f"  {elapsed * 1000:6.2f} ms  {statement}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
