"""The ``flask registre …`` command group."""
import click
from flask import Flask
from flask.cli import AppGroup

registre_cli = AppGroup("registre", help="Administration du registre RGPD.")


def fail(message: str) -> None:
    """Print a French error on standard error and exit with status 1."""
    click.echo(f"Erreur : {message}", err=True)
    raise SystemExit(1)


def register_cli(app: Flask) -> None:
    """Attach the ``registre`` command group and its commands."""
    # The command modules register themselves on ``registre_cli`` when imported.
    from registre.cli import (  # noqa: F401
        accounts,
        audit,
        directory,
        exports,
        imports,
        jobs,
        maintenance,
        registers,
    )

    app.cli.add_command(registre_cli)
