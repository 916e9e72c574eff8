"""CLI: ``flask registre import UAI FILE [--dry-run]``."""
from pathlib import Path

import click
import sqlalchemy as sa

from registre.cli import fail, registre_cli
from registre.extensions import db
from registre.imports.references import RENUMBER, REPLACE
from registre.imports.safety import MAX_FILE_BYTES, ImportRefused, mb
from registre.imports.services import (
    SOURCE_LABELS,
    import_activities,
    read_import,
    record_refused_import,
    reference_problems,
)
from registre.models import Organisation


def print_preview(parsed, problems=None) -> None:
    """Print what would be created, the notes and every problem, in French."""
    problems = parsed.problems if problems is None else problems
    click.echo(f"Format reconnu : {SOURCE_LABELS.get(parsed.source, parsed.source)}")
    click.echo(f"Traitements lus : {len(parsed.activities)}")
    for data, origin in zip(parsed.activities, parsed.origins):
        counts = ", ".join(f"{len(data.get(key) or [])} {label}" for key, label in (
            ("data_categories", "catégorie(s) de données"), ("recipients", "destinataire(s)"),
            ("transfers", "transfert(s)"), ("security_measures", "mesure(s) de sécurité")))
        click.echo(f"  - {data.get('reference') or '(référence attribuée)'} "
                   f"« {data.get('name', '')} » ({origin}) : {counts}")
    for note in parsed.notes:
        click.echo(f"Remarque : {note}")
    if problems:
        click.echo(f"Problèmes ({len(problems)}) :", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)


def _refused(organisation, reason: str, filename: str, message: str | None = None) -> None:
    """Write nothing but the refusal (audit log), then exit with the French message."""
    db.session.rollback()
    record_refused_import(organisation, None, reason, filename)
    db.session.commit()
    fail(message or reason)


@registre_cli.command("import")
@click.argument("uai")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Afficher l'aperçu sans rien enregistrer.")
@click.option("--references", type=click.Choice([RENUMBER, REPLACE]), default=None,
              help="Fiches dont la référence existe déjà : les renuméroter, ou remplacer les "
                   "fiches de même référence.")
def import_command(uai, path, dry_run, references):
    """Importer un registre (export JSON/XLSX ou modèle CNIL .ods/.xlsx) dans l'établissement UAI."""
    organisation = db.session.scalars(
        sa.select(Organisation).where(Organisation.uai == uai.strip().upper())).first()
    if organisation is None:
        fail(f"aucun établissement n'a l'UAI « {uai} ».")
    file = Path(path)
    if not file.is_file():
        fail(f"le fichier « {path} » est introuvable.")
    if file.stat().st_size > MAX_FILE_BYTES:
        fail(f"le fichier pèse {mb(file.stat().st_size)}, au-delà de la limite de 5 Mo : "
             "découpez le registre en plusieurs fichiers.")
    try:
        parsed = read_import(file.name, file.read_bytes(), organisation)
    except ImportRefused as refusal:
        _refused(organisation, refusal.message, file.name)
    # References already used are problems unless --references says what to do with them.
    problems = parsed.problems or ([] if references else reference_problems(parsed,
                                                                             organisation))
    print_preview(parsed, problems)
    if problems:
        _refused(organisation, f"{len(problems)} problème(s)", file.name,
                 "import refusé : rien n'a été enregistré. Corrigez les problèmes ci-dessus"
                 + ("." if parsed.problems else ", ou choisissez --references renumeroter "
                    "(nouvelles références) ou --references remplacer (fiches de même "
                    "référence remplacées)."))
    if dry_run:
        db.session.rollback()
        click.echo("Simulation (--dry-run) : rien n'a été enregistré.")
        return
    try:
        done = import_activities(organisation, parsed, None, references=references)
        db.session.commit()
    except ImportRefused as refusal:
        _refused(organisation, refusal.message, file.name)
    click.echo(f"{len(done.created)} traitement(s) importé(s) en brouillon dans "
               f"« {organisation.name} » ({organisation.uai}).")
    if done.replaced:
        click.echo(f"{len(done.replaced)} fiche(s) remplacée(s) (même référence).")
