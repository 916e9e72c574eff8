"""CLI: académies, organisations, users and API tokens."""
import click

from registre.auth.services import (
    MAX_TOKEN_DAYS,
    TOKEN_DAYS,
    AccountError,
    create_api_token,
    create_user,
    find_user,
)
from registre.cli import fail, registre_cli
from registre.extensions import db
from registre.models import OrganisationKind, Role, Sector
from registre.organisations.services import (
    OrganisationError,
    create_academie,
    create_organisation,
    find_academie,
    find_organisation,
)
from registre.organisations.uai import InvalidUAI


@registre_cli.command("create-academie")
@click.argument("code")
@click.argument("name")
@click.option("--dpd-name", default="", help="Nom du délégué à la protection des données.")
@click.option("--dpd-email", default="", help="Adresse électronique du DPD.")
@click.option("--dpd-phone", default="", help="Téléphone du DPD.")
def create_academie_command(code, name, dpd_name, dpd_email, dpd_phone):
    """Créer une académie."""
    try:
        academie = create_academie(code, name, dpd_name=dpd_name, dpd_email=dpd_email,
                                   dpd_phone=dpd_phone)
    except OrganisationError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Académie créée : {academie.code} — {academie.name}")


@registre_cli.command("create-organisation")
@click.argument("uai")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice([k.value for k in OrganisationKind]),
              help="Type d'établissement.")
@click.option("--academie", "academie_code", required=True, help="Code de l'académie.")
@click.option("--commune", default="", help="Commune.")
@click.option("--sector", type=click.Choice([s.value for s in Sector]), default=Sector.PUBLIC.value,
              show_default=True, help="Secteur : public ou privé sous contrat.")
def create_organisation_command(uai, name, kind, academie_code, commune, sector):
    """Créer un établissement ou un service (UAI vérifié)."""
    academie = find_academie(academie_code)
    if academie is None:
        fail(f"l'académie « {academie_code} » n'existe pas.")
    try:
        organisation = create_organisation(uai, name, kind, academie, commune=commune,
                                           sector=Sector(sector))
    except (InvalidUAI, OrganisationError) as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Établissement créé : {organisation.uai} — {organisation.name}")


@registre_cli.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--academie", "academie_code", default=None, help="Code de l'académie (DPD, auditeur).")
@click.option("--uai", default=None, help="UAI de l'établissement (responsable, rédacteur, auditeur).")
@click.option("--name", default="", help="Nom affiché.")
@click.option("--password", default=None, help="Mot de passe (sinon demandé).")
@click.option("--no-password", is_flag=True,
              help="Sans mot de passe : connexion par le compte académique seulement.")
def create_user_command(email, role, academie_code, uai, name, password, no_password):
    """Créer un compte avec son rôle et son périmètre."""
    if academie_code and uai:
        fail("indiquez --academie ou --uai, pas les deux.")
    academie = organisation = None
    if academie_code:
        academie = find_academie(academie_code)
        if academie is None:
            fail(f"l'académie « {academie_code} » n'existe pas.")
    if uai:
        organisation = find_organisation(uai)
        if organisation is None:
            fail(f"aucun établissement n'a l'UAI « {uai} ».")
    if no_password and password is not None:
        fail("indiquez --password ou --no-password, pas les deux.")
    if password is None and not no_password:
        password = click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, Role(role), password, name=name, academie=academie,
                           organisation=organisation)
    except AccountError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Compte créé : {user.email} ({user.role.label}, {user.scope_label})")


@registre_cli.command("create-token")
@click.argument("email")
@click.option("--name", default="", help="À quoi sert ce jeton.")
@click.option("--days", type=click.IntRange(1, MAX_TOKEN_DAYS), default=TOKEN_DAYS,
              show_default=True, help="Durée de validité en jours.")
def create_token_command(email, name, days):
    """Créer un jeton d'API et l'afficher seul sur la sortie standard."""
    user = find_user(email)
    if user is None or not user.active:
        fail(f"aucun compte actif pour « {email} ».")
    token = create_api_token(user, name=name, days=days)
    db.session.commit()
    click.echo(token)
