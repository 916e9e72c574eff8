"""Benchmark of a school's PDF export: the current template and stylesheet against a baseline.

Usage (from the repository root)::

    .venv/bin/python bench/pdf.py                       # 24 activities, 3 rounds
    .venv/bin/python bench/pdf.py --activities 24 --rounds 5 --baseline d3e249c

One run seeds a SQLite database (one school, N activities, ``seed_large``), then renders the
school's PDF in fresh subprocesses, alternating the **baseline** (template and stylesheet of
the ``--baseline`` commit, read with ``git show``, the Python code being today's) and the
**current** files, so that both meet the same machine load. Each subprocess renders twice:
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


def _use_baseline(app, ref: str, directory: Path) -> None:
    """Point the app at the baseline's template and stylesheet (extracted with git show)."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    for name in FILES:
        source = subprocess.run(["git", "show", f"{ref}:{name}"], cwd=ROOT, check=True,
                                capture_output=True).stdout
        target = directory / ("templates/exports/register.html" if name.endswith(".html")
                              else "static/export-pdf.css")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source)
    app.jinja_env.loader = ChoiceLoader([FileSystemLoader(directory / "templates"),
                                         app.jinja_env.loader])
    app.static_folder = str(directory / "static")


def measure(variant: str, database: Path, ref: str, output: Path) -> dict:
    """Render the school's PDF twice in this process; return CPU and wall times, pages."""
    import io

    from registre.exports.render import write_export
    from registre.exports.services import organisation_context
    from registre.extensions import db
    from registre.models import Organisation

    app = _app(database)
    with tempfile.TemporaryDirectory() as directory:
        if variant == "baseline":
            _use_baseline(app, ref, Path(directory))
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
    parser.add_argument("--worker", nargs=3, metavar=("VARIANT", "DATABASE", "OUTPUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        variant, database, output = args.worker
        print(json.dumps(measure(variant, Path(database), args.baseline, Path(output))))
        return
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "pdf.db"
        seed(database, args.activities)
        results: dict[str, list[dict]] = {"baseline": [], "current": []}
        for _ in range(args.rounds):
            for variant in results:
                output = Path(directory) / f"{variant}.pdf"
                run = subprocess.run([sys.executable, __file__, "--baseline", args.baseline,
                                      "--worker", variant, str(database), str(output)],
                                     cwd=ROOT, check=True, capture_output=True, text=True)
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
