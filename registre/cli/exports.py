"""CLI: exports of a register into ``EXPORTS_DIR``, and synthetic académies for benchmarks."""
import os
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from registre.cli import fail, registre_cli
from registre.exports.services import (
    FORMATS,
    STATUS_ALL,
    ExportError,
    academie_context,
    export_filename,
    organisation_context,
    parse_as_of,
    parse_status,
    record_export,
)
from registre.extensions import db
from registre.models import Status
from registre.organisations.services import find_academie, find_organisation


@registre_cli.command("export")
@click.option("--uai", default=None, help="UAI de l'établissement.")
@click.option("--academie", "academie_code", default=None, help="Code de l'académie.")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="Format.")
@click.option("--as-of", "as_of", default=None, help="Registre tel qu'il était ce jour (AAAA-MM-JJ).")
@click.option("--status", default=Status.EN_SERVICE.value, show_default=True,
              help=f"Statut des traitements ({', '.join(s.value for s in Status)} ou {STATUS_ALL}).")
def export_command(uai, academie_code, fmt, as_of, status):
    """Écrire un export daté dans le dossier exports/ et afficher son chemin."""
    from registre.exports.render import write_export

    if bool(uai) == bool(academie_code):
        fail("indiquez soit --uai, soit --academie.")
    try:
        status_value, day = parse_status(status), parse_as_of(as_of)
    except ExportError as error:
        fail(str(error))
    # The command line has the administrator's scope: any organisation or académie.
    if uai:
        organisation = find_organisation(uai)
        if organisation is None:
            fail(f"aucun établissement n'a l'UAI « {uai} ».")
        context = organisation_context(organisation, status_value, day)
    else:
        academie = find_academie(academie_code)
        if academie is None:
            fail(f"l'académie « {academie_code} » n'existe pas.")
        context = academie_context(academie, status_value, day)
    directory = Path(current_app.config["EXPORTS_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / export_filename(context, fmt)
    partial = target.with_name(target.name + ".partiel")
    try:
        with open(partial, "wb") as output:
            write_export(context, fmt, output)
    except ExportError as error:
        partial.unlink(missing_ok=True)
        fail(str(error))
    os.replace(partial, target)
    record_export(context, fmt, None)
    db.session.commit()  # the audit log line
    click.echo(str(target))


@registre_cli.command("seed-large")
@click.option("--academie", "code", required=True, help="Code de l'académie (créée au besoin).")
@click.option("--schools", type=click.IntRange(1, 100_000), required=True,
              help="Nombre d'établissements à créer.")
@click.option("--activities", type=click.IntRange(0, 1_000), required=True,
              help="Nombre de traitements par établissement.")
def seed_large_command(code, schools, activities):
    """Créer une académie synthétique (établissements, traitements, révisions) pour mesurer."""
    from registre.demo.large import seed_large
    from registre.models import Activity, Organisation

    academie = seed_large(code, schools, activities)
    db.session.commit()
    total = db.session.scalar(sa.select(sa.func.count(Activity.id)).join(Organisation)
                              .where(Organisation.academie_id == academie.id))
    click.echo(f"Académie {code} : {schools} établissements ajoutés, {total} traitements au total.")
