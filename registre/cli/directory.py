"""CLI: ``flask registre import-directory FILE --academie CODE [--dry-run]``."""
import re
from pathlib import Path

import click

from registre.cli import fail, registre_cli
from registre.directory.reader import DirectoryRefused
from registre.directory.services import SOURCE, DirectoryReport, import_directory
from registre.extensions import db
from registre.organisations.services import find_academie


def print_report(report: DirectoryReport, show_changes: bool) -> None:
    """Print the problems, unknown types, (changes) and the summary, in French."""
    for problem in report.problems:
        click.echo(f"  - {problem}", err=True)
    for label, number in sorted(report.unknown_types.items()):
        click.echo(f"Type inconnu « {label} » : {number} établissement(s) classé(s) « Autre ».")
    if report.closed_unknown:
        click.echo(f"{report.closed_unknown} établissement(s) fermé(s) absent(s) du registre : "
                   "non créé(s).")
    if show_changes:
        for change in report.changes:
            click.echo(f"  {change.uai} « {change.name} » — {change.field} : "
                       f"« {change.old} » → « {change.new} »")
    click.echo(report.summary())


@registre_cli.command("import-directory")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--academie", "academie_code", required=True, help="Code de l'académie.")
@click.option("--dry-run", is_flag=True, help="Afficher ce qui changerait sans rien enregistrer.")
@click.option("--code-academie", default=None,
              help="Retenir les lignes de ce Code_academie (ex. 25) plutôt que celles dont "
                   "le Libelle_academie est le nom de l'académie.")
def import_directory_command(path, academie_code, dry_run, code_academie):
    """Importer les établissements de l'Annuaire de l'éducation (CSV « ; ») dans une académie."""
    academie = find_academie(academie_code)
    if academie is None:
        fail(f"l'académie « {academie_code} » n'existe pas.")
    if code_academie is not None and not re.fullmatch(r"[0-9]{1,3}", code_academie.strip()):
        fail(f"« {code_academie} » n'est pas un code d'académie de l'annuaire (1 à 3 chiffres).")
    file = Path(path)
    if not file.is_file():
        fail(f"le fichier « {path} » est introuvable.")

    def progress(done: int, total: int) -> None:
        if done % 20000 == 0:
            click.echo(f"… {done} lignes lues sur {total}", err=True)

    try:
        report = import_directory(file.read_bytes(), academie, code_academie=code_academie,
                                  dry_run=dry_run, source=f"{SOURCE} ({file.name})",
                                  progress=progress)
    except DirectoryRefused as refusal:
        db.session.rollback()
        fail(str(refusal))
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    print_report(report, show_changes=dry_run)
