"""Benchmark of the national directory import (« Annuaire de l'éducation », ~66,000 rows).

Usage (from the repository root)::

    .venv/bin/python bench/directory.py                    # 66,000 rows, SQLite
    .venv/bin/python bench/directory.py --rows 5000        # quick run
    .venv/bin/python bench/directory.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The script writes a synthetic CSV shaped like the ministry's (labels header, BOM, `;`,
70 columns of which the import reads 11), never committed, in a temporary directory. Every
row belongs to the académie (the worst case: as many organisations as rows). It times, on an
empty database: the first import (everything created), a second run of the same file
(nothing changes), then a file where 1 % of the schools are renamed and 1 % are closed.
Each time includes decoding and parsing the file and the commit.
"""
import argparse
import csv
import io
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPES = [("Ecole", "ECOLE DE NIVEAU ELEMENTAIRE"), ("Ecole", "ECOLE MATERNELLE"),
         ("Collège", "COLLEGE"), ("Lycée", "LYCEE PROFESSIONNEL"),
         ("Lycée", "LYCEE D ENSEIGNEMENT GENERAL ET TECHNOLOGIQUE"),
         ("Information et orientation", "CIO"), ("Médico-social", "IME"), ("EREA", "EREA")]
READ = ["Identifiant_de_l_etablissement", "Nom_etablissement", "Type_etablissement",
        "Statut_public_prive", "Adresse_1", "Code_postal", "Nom_commune", "Code_academie",
        "Libelle_academie", "Libelle_nature", "etat"]
FILLER = [f"Colonne_{n}" for n in range(70 - len(READ))]


def write_file(path: Path, rows: int, renamed: int = 0, closed: int = 0) -> None:
    """Write a synthetic directory of ``rows`` schools (the first ones renamed or closed)."""
    from registre.organisations.uai import check_letter

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(READ + FILLER)
    for n in range(rows):
        digits = f"{1000000 + n:07d}"
        kind, nature = TYPES[n % len(TYPES)]
        name = f"{kind} n° {n} de la commune {n % 3000}"
        if n < renamed:
            name += " (nouveau nom)"
        state = "FERME" if renamed <= n < renamed + closed else "OUVERT"
        writer.writerow([digits + check_letter(digits), name, kind,
                         "Privé" if n % 5 == 0 else "Public", f"{n} rue de l'École",
                         f"{25000 + n % 900:05d}", f"Commune {n % 3000}", "03", "Besançon",
                         nature, state] + [f"valeur {n}-{k}" for k in range(len(FILLER))])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))


def timed_import(app, path: Path) -> tuple[float, str]:
    """Import the file for the académie, commit, and return (seconds, summary)."""
    from registre.directory.services import import_directory
    from registre.extensions import db
    from registre.organisations.services import find_academie

    with app.app_context():
        start = time.perf_counter()
        report = import_directory(path.read_bytes(), find_academie("besancon"))
        db.session.commit()
        elapsed = time.perf_counter() - start
        db.session.remove()
    return elapsed, report.summary()


def make_app(database_url: str, workdir: Path):
    from registre import create_app

    return create_app({"REGISTRE_ENV": "testing", "SECRET_KEY": "bench", "TESTING": False,
                       "SQLALCHEMY_DATABASE_URI": database_url, "EXPORTS_DIR": str(workdir)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=66_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    import sqlalchemy as sa

    from registre.extensions import db
    from registre.organisations.services import create_academie

    with tempfile.TemporaryDirectory(prefix="registre-bench-directory-") as tmp:
        workdir = Path(tmp)
        schema = ""
        url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
        if args.database_url:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            engine = sa.create_engine(args.database_url)
            with engine.begin() as connection:
                connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            url = f"{args.database_url}?options=-csearch_path%3D{schema}"
        app = make_app(url, workdir)
        try:
            with app.app_context():
                db.create_all()
                create_academie("besancon", "Besançon")
                db.session.commit()
            first, changed = workdir / "annuaire.csv", workdir / "annuaire-modifie.csv"
            write_file(first, args.rows)
            write_file(changed, args.rows, renamed=args.rows // 100, closed=args.rows // 100)
            size = first.stat().st_size / 1e6
            print(f"{args.rows} lignes, {size:.1f} Mo, base : {url.split('?')[0]}")
            for label, path in (("1er import (tout est créé)", first),
                                ("2e import, même fichier", first),
                                ("3e import, 1 % renommés, 1 % fermés", changed)):
                seconds, summary = timed_import(app, path)
                print(f"{label:40} {seconds:7.1f} s   {summary}")
        finally:
            if schema:
                with app.app_context():
                    db.engine.dispose()
                with engine.begin() as connection:
                    connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
