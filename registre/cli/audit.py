"""CLI: reading and purging the audit log, revoking API tokens."""
import json
from datetime import date

import click

from registre.audit.services import audit_query, event_to_dict, purge_audit_log
from registre.auth.services import find_api_token, revoke_api_token
from registre.cli import fail, registre_cli
from registre.extensions import db
from registre.models import ApiToken
from registre.organisations.services import find_academie


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"date « {value[:40]} » invalide : indiquez-la au format AAAA-MM-JJ.")


@registre_cli.command("audit-log")
@click.option("--since", default=None, help="Depuis ce jour (AAAA-MM-JJ, heure de Paris).")
@click.option("--academie", "academie_code", default=None, help="Code de l'académie.")
def audit_log_command(since, academie_code):
    """Afficher le journal d'audit en lignes JSON (at, user, address, action, object, outcome)."""
    academie_id = None
    if academie_code:
        academie = find_academie(academie_code)
        if academie is None:
            fail(f"l'académie « {academie_code} » n'existe pas.")
        academie_id = academie.id
    query = audit_query(academie_id, since=_day(since)).execution_options(yield_per=500)
    for event in db.session.scalars(query):
        click.echo(json.dumps(event_to_dict(event), ensure_ascii=False))


@registre_cli.command("purge-audit-log")
def purge_audit_log_command():
    """Supprimer les événements plus anciens que la durée de conservation (tâche quotidienne)."""
    count = purge_audit_log()
    db.session.commit()
    click.echo(f"{count} événement(s) du journal supprimé(s).")


@registre_cli.command("revoke-token")
@click.argument("token", required=False)
@click.option("--id", "token_id", type=click.IntRange(1, 2**63 - 1), default=None,
              help="Numéro du jeton (affiché sur la page « Mon compte »).")
def revoke_token_command(token, token_id):
    """Révoquer un jeton d'API, donné en clair (ou « - » : lu sur l'entrée standard) ou par --id."""
    if bool(token) == bool(token_id):
        fail("indiquez soit le jeton, soit --id.")
    if token == "-":
        token = click.get_text_stream("stdin").readline().strip()
    api_token = db.session.get(ApiToken, token_id) if token_id else find_api_token(token)
    if api_token is None:
        fail("aucun jeton ne correspond.")
    revoke_api_token(api_token)
    db.session.commit()
    click.echo(f"Jeton n° {api_token.id} de {api_token.user.email} révoqué.")
