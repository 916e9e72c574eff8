"""Benchmark of a school's PDF export: the current template and stylesheet against a baseline.

Usage (from the repository root)::

    .venv/bin/python bench/pdf.py                       # 24 activities, 3 rounds
    .venv/bin/python bench/pdf.py --activities 24 --rounds 5 --baseline d3e249c

One run seeds a SQLite database (one school, N activities, ``seed_large``), extracts the
whole tree of the ``--baseline`` commit (``git archive``) and renders the school's PDF in
fresh subprocesses, alternating the **baseline** (that commit's code, templates and
stylesheet, same database, same packages) and the **current** working tree, so that both
meet the same machine load. Each subprocess renders twice:
the first render (cold: fonts, stylesheets) and the second (warm, as in a worker that has
served a PDF before) are both reported. CPU time is the process's user + system time of the
render alone (imports and seeding are not timed).
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASELINE = "d3e249c"  # the last commit with the automatic table layout
FILES = ("templates/exports/register.html", "registre/static/export-pdf.css")


def _app(database: Path):
    from registre import create_app

    return create_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "bench", "TESTING": False,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                       "EXPORTS_DIR": str(database.parent)})


def seed(database: Path, activities: int) -> None:
    """One school with ``activities`` activities (the benchmark académie's generator)."""
    from registre.demo.large import seed_large
    from registre.extensions import db

    app = _app(database)
    with app.app_context():
        db.create_all()
        seed_large("bench", 1, activities)
        db.session.commit()


def extract(ref: str, directory: Path) -> Path:
    """The source tree of a commit, extracted into ``directory``."""
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    return directory


def measure(database: Path, output: Path) -> dict:
    """Render the school's PDF twice in this process; return CPU and wall times, pages."""
    import io

    from registre.exports.render import write_export
    from registre.exports.services import organisation_context
    from registre.extensions import db
    from registre.models import Organisation

    app = _app(database)
    with app.app_context(), app.test_request_context():
        organisation = db.session.scalars(db.select(Organisation)).one()
        times = []
        for _ in range(2):
            buffer = io.BytesIO()
            cpu, wall = time.process_time(), time.perf_counter()
            write_export(organisation_context(organisation, None, None), "pdf", buffer)
            times.append((time.process_time() - cpu, time.perf_counter() - wall))
    output.write_bytes(buffer.getvalue())
    pages = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True).stdout
    count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")),
                 "?")
    return {"cold_cpu": times[0][0], "cold_wall": times[0][1], "warm_cpu": times[1][0],
            "warm_wall": times[1][1], "pages": count, "bytes": len(buffer.getvalue())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--worker", nargs=3, metavar=("SOURCE", "DATABASE", "OUTPUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        source, database, output = args.worker
        sys.path.insert(0, source)  # the registre package of that tree
        print(json.dumps(measure(Path(database), Path(output))))
        return
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "pdf.db"
        seed(database, args.activities)
        baseline = Path(directory) / "baseline"
        baseline.mkdir()
        sources = {"baseline": extract(args.baseline, baseline), "current": ROOT}
        results: dict[str, list[dict]] = {"baseline": [], "current": []}
        for _ in range(args.rounds):
            for variant in results:
                output = Path(directory) / f"{variant}.pdf"
                run = subprocess.run([sys.executable, __file__, "--worker",
                                      str(sources[variant]), str(database), str(output)],
                                     cwd=sources[variant], check=True, capture_output=True,
                                     text=True)
                results[variant].append(json.loads(run.stdout.strip().splitlines()[-1]))
    print(f"PDF of one school, {args.activities} activities, {args.rounds} rounds "
          f"(baseline: {args.baseline}); medians in seconds")
    print("| variant | cold CPU | warm CPU | cold wall | warm wall | pages | size (KB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    medians = {}
    for variant, runs in results.items():
        medians[variant] = {key: statistics.median(run[key] for run in runs)
                            for key in ("cold_cpu", "warm_cpu", "cold_wall", "warm_wall")}
        m = medians[variant]
        print(f"| {variant} | {m['cold_cpu']:.2f} | {m['warm_cpu']:.2f} | {m['cold_wall']:.2f} "
              f"| {m['warm_wall']:.2f} | {runs[-1]['pages']} | {runs[-1]['bytes'] // 1024} |")
    for key in ("cold_cpu", "warm_cpu"):
        ratio = medians["baseline"][key] / medians["current"][key]
        print(f"speed-up ({key.replace('_', ' ')}): {ratio:.1f}×")


if __name__ == "__main__":
    main()
