"""Benchmark of the académie exports (XLSX, ODS, CSV) against bare openpyxl ``write_only``.

Usage (from the repository root)::

    .venv/bin/python bench/export.py                      # 1,000 organisations × 30 activities
    .venv/bin/python bench/export.py --organisations 50 --activities 10   # quick run

One run seeds (or reuses) a SQLite database in a temporary directory, dumps the cell grid of
the académie workbook once, then measures each export in its own subprocess: wall time and
CPU time and peak memory (``ru_maxrss`` of that subprocess; the "dont imports" column is the
peak right after the imports, before the export starts). The baseline writes the same grid
(same sheets, same rows, plain values) with bare openpyxl ``write_only``, streaming it from the
dump file; its time includes reading the dump (shown separately).
"""
import argparse
import json
import marshal
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CODE = "bench"


def _app(database: Path):
    from registre import create_app

    return create_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "bench", "TESTING": False,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                       "EXPORTS_DIR": str(database.parent)})


def seed(database: Path, organisations: int, activities: int) -> str:
    """Create the académie unless the database already holds it with the same size."""
    import sqlalchemy as sa

    from registre.demo.large import seed_large
    from registre.extensions import db
    from registre.models import Activity, Organisation

    app = _app(database)
    with app.app_context():
        db.create_all()
        total = db.session.scalar(sa.select(sa.func.count(Activity.id)))
        count = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
        if (count, total) == (organisations, organisations * activities):
            return "réutilisée"
        if count:
            raise SystemExit(f"{database} contient une autre académie : supprimez-la.")
        start = time.perf_counter()
        seed_large(CODE, organisations, activities)
        db.session.commit()
        return f"créée en {time.perf_counter() - start:.1f} s"


class DumpSheet:
    """Records the rows a sheet receives (after the safety rules), for the baseline."""

    def __init__(self, book, number):
        self.book, self.number, self.headers = book, number, ()

    def append(self, values, heading=False):
        # Empty texts are empty cells, as in our XLSX writer (same grid, same work).
        marshal.dump((self.number, [None if v == "" else v for v in values]), self.book.file)


class DumpBook:
    """Same interface as XlsxBook; writes ("sheet", name, index) and rows to a file."""

    def __init__(self, path):
        self.file = open(path, "wb")  # noqa: SIM115  (closed by close())
        self.count = 0

    def add_sheet(self, name, index=None, widths=None):
        marshal.dump(("sheet", name, index), self.file)
        self.count += 1
        return DumpSheet(self, self.count - 1)

    def save(self, target=None):
        self.file.close()


def measure(kind: str, database: Path, output: Path, dump: Path) -> dict:
    """One measurement, run inside its own subprocess (imports are not timed)."""
    from openpyxl import Workbook

    from registre.exports.render import write_export
    from registre.exports.services import academie_context, iter_activities, parse_status
    from registre.exports.workbook import write_workbook
    from registre.organisations.services import find_academie

    app = _app(database)
    imported_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu_start = time.perf_counter(), time.process_time()
    if kind in ("xlsx", "ods", "csv"):
        with app.app_context():
            context = academie_context(find_academie(CODE), parse_status("tous"), None)
            with open(output, "wb") as target:
                write_export(context, kind, target)
    elif kind == "seed":
        return {"message": seed(database, *map(int, output.name.split("x")))}
    elif kind == "dump":
        with app.app_context():
            context = academie_context(find_academie(CODE), parse_status("tous"), None)
            book = DumpBook(dump)
            write_workbook(book, context, iter_activities(context))
            book.save()
    elif kind in ("baseline", "read-dump"):
        workbook = Workbook(write_only=True) if kind == "baseline" else None
        sheets = []
        with open(dump, "rb") as source:
            while True:
                try:
                    record = marshal.load(source)
                except EOFError:
                    break
                if record[0] == "sheet":
                    if workbook is not None:
                        sheets.append(workbook.create_sheet(record[1], record[2]))
                elif workbook is not None:
                    sheets[record[0]].append(record[1])
        if workbook is not None:
            workbook.save(output)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    size = output.stat().st_size / 1e6 if output.exists() else 0
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "imported_mb": imported_mb,
            "size_mb": size}


def _run(kind: str, database: Path, workdir: Path) -> dict:
    output = workdir / f"out-{kind}.{kind if kind in ('xlsx', 'ods', 'csv') else 'xlsx'}"
    output.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--database", str(database),
         "--output", str(output), "--dump", str(workdir / "grid.marshal")],
        capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise SystemExit(f"La mesure {kind} a échoué :\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=30)
    parser.add_argument("--workdir", default=None, help="dossier de travail (réutilisé)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    parser.add_argument("--dump", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, Path(args.database), Path(args.output),
                                 Path(args.dump))))
        return
    workdir = Path(args.workdir or Path(tempfile.gettempdir())
                   / f"registre-bench-{args.organisations}x{args.activities}")
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "bench.db"
    # Seeding runs in a subprocess too: this parent stays small, since a child's peak RSS
    # starts from its parent's size at fork time.
    seeded = subprocess.run(
        [sys.executable, __file__, "--measure", "seed", "--database", str(database),
         "--output", f"{args.organisations}x{args.activities}", "--dump", "-"],
        capture_output=True, text=True, check=True, cwd=ROOT)
    message = json.loads(seeded.stdout.strip().splitlines()[-1])["message"]
    print(f"Académie de {args.organisations} organisations × {args.activities} traitements "
          f"({args.organisations * args.activities} traitements) : {message} — {database}")
    _run("dump", database, workdir)
    results = {kind: _run(kind, database, workdir)
               for kind in ("baseline", "read-dump", "xlsx", "ods", "csv")}
    base = results["baseline"]
    print(f"{'mesure':<28}{'temps (s)':>10}{'× base':>8}{'CPU (s)':>9}{'× base':>8}"
          f"{'pic RSS (Mo)':>14}{'× base':>8}{'dont imports':>14}{'fichier (Mo)':>14}")
    labels = {"baseline": "openpyxl write_only (base)", "read-dump": "  dont lecture de la grille",
              "xlsx": "export XLSX", "ods": "export ODS", "csv": "export CSV"}
    for kind, result in results.items():
        print(f"{labels[kind]:<28}{result['seconds']:>10.1f}"
              f"{result['seconds'] / base['seconds']:>8.2f}{result['cpu']:>9.1f}"
              f"{result['cpu'] / base['cpu']:>8.2f}{result['peak_mb']:>14.0f}"
              f"{result['peak_mb'] / base['peak_mb']:>8.2f}{result['imported_mb']:>14.0f}"
              f"{result['size_mb']:>14.1f}")
    xlsx = results["xlsx"]
    # CPU time is the fairer ratio on a shared machine (wall time includes waiting for a core).
    verdict = xlsx["cpu"] <= 1.5 * base["cpu"] and xlsx["peak_mb"] < 300
    print(f"Objectif XLSX ≤ 1,5 × base (temps CPU) et < 300 Mo : "
          f"{'atteint' if verdict else 'NON atteint'}")


if __name__ == "__main__":
    os.environ.setdefault("REGISTRE_ENV", "testing")
    main()
