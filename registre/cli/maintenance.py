"""CLI: demo data and backups."""
import sqlite3
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from registre.cli import fail, registre_cli
from registre.extensions import db
from registre.models import Academie, Organisation, User


@registre_cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Ne rien faire si la base contient déjà des données.")
def seed_demo_command(if_empty):
    """Créer les données de démonstration et afficher les identifiants."""
    from registre.demo.seed import DEMO_PASSWORD, seed_demo

    if any(db.session.scalar(sa.select(sa.func.count()).select_from(model))
           for model in (Academie, Organisation, User)):
        if if_empty:
            click.echo("La base contient déjà des données : démonstration non recréée.")
            _print_logins(DEMO_PASSWORD, existing_only=True)
            return
        fail("la base contient déjà des données ; la démonstration se charge dans une base vide.")
    seed_demo()
    db.session.commit()
    click.echo("Données de démonstration créées.")
    _print_logins(DEMO_PASSWORD)


def _print_logins(password: str, existing_only: bool = False) -> None:
    from registre.demo.seed import DEMO_USERS

    users = DEMO_USERS
    if existing_only:  # a base filled by other means may hold none of the demo accounts
        emails = set(db.session.scalars(sa.select(User.email).where(
            User.email.in_([email for email, _, _ in DEMO_USERS]))))
        users = [user for user in DEMO_USERS if user[0] in emails]
        if not users:
            return
    click.echo(f"Comptes de démonstration (mot de passe commun : {password})")
    for email, role, scope in users:
        click.echo(f"  {email:<40} {role:<12} {scope}")


@registre_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path):
    """Sauvegarder la base SQLite (sauvegarde à chaud) dans PATH."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=True)
        fail("la base n'est pas SQLite. Pour PostgreSQL, utilisez : "
             f"pg_dump --format=custom --file={path} \"{dsn}\"")
    target = Path(path)
    if target.exists():
        fail(f"{path} existe déjà ; choisissez un autre fichier.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(url.database)
    try:
        destination = sqlite3.connect(target)
        with destination:
            source.backup(destination)
        destination.close()
    finally:
        source.close()
    current_app.logger.info("Sauvegarde écrite dans %s", target)
    click.echo(f"Sauvegarde écrite dans {target}")
