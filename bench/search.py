"""The public search at national size (PostgreSQL): the old per-row folding against the stored
``search_text`` (migration srch0001a5e7), in the same run, on the same rows.

Usage (from the repository root), on a database of your own, dropped afterwards::

    createdb -h 127.0.0.1 -U postgres bench_search
    .venv/bin/python bench/search.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_search
    dropdb -h 127.0.0.1 -U postgres bench_search

It upgrades the database (migrations, so pg_trgm and the trigram index are made as in
production), seeds ``--organisations`` organisations over 30 académies with Core inserts
when fewer are there (names like the directory's: « Collège Jean Moulin », plus one third
« Établissement 01234 » as ``seed-large`` names them; one school in five in Versailles), runs
``ANALYZE``, then times each query ``--runs`` times in-process: the search as it was (every
name, commune and UAI folded in SQL per row; copied below) and as it is now, each a count
and a page of 50 then, when nothing matches, the typo-tolerant search. Prints p50/p95 and
whether both gave the same answers (the count, up to 1000 now, and the UAIs shown).
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["etablissement 01233", "versailles", "college jean moulin", "3401234a", "e",
           "colege jean mouln versaile", "etablisement 01233", "piscine municipale"]
KINDS = [("college", "Collège"), ("lycee", "Lycée"), ("ecole", "École élémentaire"),
         ("ecole", "École maternelle"), ("lycee_professionnel", "Lycée professionnel")]
PEOPLE = ["Jean Moulin", "Jules Ferry", "Victor Hugo", "Marie Curie", "Jean Jaurès",
          "Louise Michel", "Paul Langevin", "Albert Camus", "Jacques Prévert", "Pierre Brossolette",
          "Saint-Exupéry", "Jean de La Fontaine", "Condorcet", "Pasteur", "Simone Veil",
          "Anatole France", "Émile Zola", "George Sand", "Jean Monnet", "Aimé Césaire"]
COMMUNES = ["Versailles", "Nanterre", "Évry-Courcouronnes", "Cergy", "Mantes-la-Jolie",
            "Amiens", "Lille", "Château-Thierry", "Saint-Étienne", "L'Haÿ-les-Roses",
            "Rouen", "Besançon", "Créteil", "Nîmes", "Orléans", "Poissy", "Sèvres", "Trappes",
            "Quimper", "Pau"]


def seed(total: int) -> None:
    """Add organisations (Core inserts, 30 académies) until ``total`` are there."""
    from registre.extensions import db
    from registre.models import Academie, Organisation

    present = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
    if present >= total:
        return
    started = time.perf_counter()
    academies = []
    for number in range(1, 31):
        code = f"srch{number:02d}"
        academie = db.session.scalars(sa.select(Academie).where(Academie.code == code)).first()
        if academie is None:
            academie = Academie(code=code, name=f"Académie {number:02d}", dpd_name="DPD",
                                dpd_email=f"dpd@ac-{code}.fr")
            db.session.add(academie)
            db.session.flush()
        academies.append(academie.id)
    rows = []
    for number in range(present, total):
        kind, label = KINDS[number % len(KINDS)]
        if number % 3 == 0:
            name = f"Établissement {number:05d}"
        else:
            name = f"{label} {PEOPLE[(number // 7) % len(PEOPLE)]}"
        commune = "Versailles" if number % 5 == 0 else COMMUNES[(number // 3) % len(COMMUNES)]
        rows.append({"uai": f"{number % 100:02d}{number:05d}A"[-8:], "name": name, "kind": kind,
                     "sector": "public", "commune": commune, "postal_code": f"{number % 95:02d}000",
                     "address": "", "academie_id": academies[number % 30],
                     "controller_title": "", "controller_name": "", "controller_email": "",
                     "controller_phone": ""})
    for start in range(0, len(rows), 5000):
        db.session.execute(sa.insert(Organisation), rows[start:start + 5000])
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("ANALYZE organisation"))
    print(f"{total - present} établissements insérés en {time.perf_counter() - started:.1f} s")


# The search as it was before srch0001a5e7 (registre/public/search.py at main), for comparison.
_ACCENTED = "àâäáãåçéèêëîïíìôöóòõùûüúÿñ"
_PLAIN = "aaaaaaceeeeiiiiooooouuuuyn"
FOLD_FROM = _ACCENTED + _ACCENTED.upper() + "Ÿ-'’"
FOLD_TO = _PLAIN + _PLAIN + "y   "
LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"))


def _fold_sql(column):
    for source, target in LIGATURES:
        column = sa.func.replace(column, source, target)
    return sa.func.lower(sa.func.translate(column, FOLD_FROM, FOLD_TO))


def old_search(words: list[str]) -> tuple:
    """The former query: fold every name, commune and UAI per row; count, then a page."""
    from registre.extensions import db
    from registre.models import Academie, Organisation
    from registre.public import search as finder

    haystacks = [_fold_sql(Organisation.name), _fold_sql(Organisation.commune),
                 Organisation.postal_code, sa.func.lower(Organisation.uai)]
    condition = sa.and_(*[sa.or_(*[haystack.contains(word, autoescape=True)
                                   for haystack in haystacks]) for word in words])
    total = db.session.scalar(sa.select(sa.func.count(Organisation.id)).where(condition))
    rows = db.session.execute(sa.select(Organisation, Academie).join(Academie).where(condition)
                              .order_by(Academie.name, Organisation.name, Organisation.uai)
                              .limit(finder.PAGE_SIZE)).all()
    if total:
        return min(total, finder.COUNT_LIMIT), [row[0].uai for row in rows]
    schema = finder.trigram_schema()
    haystack = _fold_sql(Organisation.name) + " " + _fold_sql(
        sa.func.coalesce(Organisation.commune, ""))
    score = getattr(sa.func, schema).word_similarity(" ".join(words), haystack)
    rows = db.session.execute(
        sa.select(Organisation, Academie).join(Academie)
        .where(score >= finder.TRGM_MIN_SIMILARITY)
        # The UAI breaks ties as the search now does (before: any of the equal names).
        .order_by(score.desc(), Organisation.name, Organisation.uai)
        .limit(finder.FUZZY_LIMIT)).all()
    return len(rows), sorted(row[0].uai for row in rows)


def new_search(words: list[str]) -> tuple:
    """The search as the public page runs it now: the count (up to 1000) and the page's UAIs."""
    from registre.public import search as finder

    page = finder.search_organisations(words)
    if page.total:
        return page.total, [o.uai for _, organisations in page.groups for o in organisations]
    page = finder.search_close_organisations(words)
    return page.total, sorted(o.uai for _, organisations in page.groups for o in organisations)


def timed(function, words: list[str], runs: int) -> tuple[list[float], tuple]:
    """Run ``function`` ``runs`` times (after one warm-up run); milliseconds and its answer."""
    from registre.extensions import db

    answer = function(words)
    db.session.rollback()
    times = []
    for _ in range(runs):
        db.session.expunge_all()
        started = time.perf_counter()
        function(words)
        times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return times, answer


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--organisations", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--old-runs", type=int, default=5, help="passages de l'ancienne requête")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from registre import create_app
    from registre.extensions import db
    from registre.public import search as finder

    app = create_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "bench", "TESTING": False,
                      "SQLALCHEMY_DATABASE_URI": args.database_url})
    with app.app_context():
        upgrade()
        seed(args.organisations)
        print(f"pg_trgm : {finder.trigram_schema() or 'absent'} ; "
              f"{args.organisations} établissements")
        print(f"{'requête':30} {'résultats':>9}  {'avant p50/p95 (ms)':>20}  "
              f"{'après p50/p95 (ms)':>20}")
        for query in QUERIES:
            words = finder.query_words(query)
            before, old_answer = timed(old_search, words, args.old_runs)
            after, new_answer = timed(new_search, words, args.runs)
            # Same answer: the same count (« plus de 1000 » beyond) and the same page.
            print(f"{query:30} {new_answer[0]:>9}  "
                  f"{statistics.median(before):>9.1f} / {percentile(before, 0.95):>8.1f}  "
                  f"{statistics.median(after):>9.1f} / {percentile(after, 0.95):>8.1f}  "
                  + ("mêmes réponses" if old_answer == new_answer else
                     f"DIFFÉRENT : avant {old_answer[0]} {old_answer[1][:5]}, "
                     f"après {new_answer[1][:5]}"))
        db.engine.dispose()


if __name__ == "__main__":
    main()
