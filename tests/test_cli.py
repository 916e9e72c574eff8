"""The administration commands of `flask registre …`."""
import sqlite3

import pytest
import sqlalchemy as sa

from registre.auth.services import user_for_token
from registre.extensions import db
from registre.models import Academie, Organisation, User
from tests.factories import make_academie, make_organisation, make_user


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_academie_and_organisation(runner, app):
    result = runner.invoke(args=["registre", "create-academie", "versailles", "Versailles",
                                 "--dpd-name", "Camille Martin", "--dpd-email", "dpd@ac.fr"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["registre", "create-organisation", " 0750655e ", "Collège Test",
                                 "--kind", "college", "--academie", "versailles",
                                 "--commune", "Versailles"])
    assert result.exit_code == 0, result.output
    organisation = db.session.scalars(sa.select(Organisation)).one()
    assert organisation.uai == "0750655E"
    assert organisation.academie.dpd_email == "dpd@ac.fr"
    assert organisation.controller_title == "Chef d'établissement"


@pytest.mark.parametrize("uai, message", [
    ("0750655F", "lettre de contrôle"),
    ("750655E", "7 chiffres suivis d'une lettre"),
    ("07506551", "7 chiffres suivis d'une lettre"),
])
def test_create_organisation_refuses_invalid_uai(runner, app, uai, message):
    make_academie(code="versailles")
    db.session.commit()
    result = runner.invoke(args=["registre", "create-organisation", uai, "Collège",
                                 "--kind", "college", "--academie", "versailles"])
    assert result.exit_code != 0
    assert message in result.output
    assert count(Organisation) == 0


def test_create_organisation_refuses_unknown_academie_and_duplicate(runner, app):
    organisation = make_organisation()
    db.session.commit()
    result = runner.invoke(args=["registre", "create-organisation", "0750654D", "X",
                                 "--kind", "ecole", "--academie", "nulle-part"])
    assert result.exit_code != 0 and "n'existe pas" in result.output
    result = runner.invoke(args=["registre", "create-organisation", organisation.uai, "X",
                                 "--kind", "ecole", "--academie", organisation.academie.code])
    assert result.exit_code != 0 and "déjà" in result.output
    assert count(Organisation) == 1


def test_create_academie_refuses_duplicate(runner, app):
    make_academie(code="lyon")
    db.session.commit()
    result = runner.invoke(args=["registre", "create-academie", "lyon", "Lyon"])
    assert result.exit_code != 0 and "existe déjà" in result.output
    assert count(Academie) == 1


def test_create_user_non_interactive_and_login(runner, app, client):
    organisation = make_organisation()
    db.session.commit()
    result = runner.invoke(args=["registre", "create-user", "Chef@College.fr", "--role",
                                 "responsable", "--uai", organisation.uai,
                                 "--password", "Abcdefgh12!x"])
    assert result.exit_code == 0, result.output
    user = db.session.scalars(sa.select(User)).one()
    assert user.email == "chef@college.fr" and user.organisation_id == organisation.id
    response = client.post_form("/connexion", {"email": "chef@college.fr",
                                               "password": "Abcdefgh12!x"})
    assert response.status_code == 302


@pytest.mark.parametrize("args, message", [
    (["--role", "responsable", "--password", "Abcdefgh12!x"], "établissement"),
    (["--role", "dpd", "--password", "Abcdefgh12!x"], "académie"),
    (["--role", "redacteur", "--uai", "{uai}", "--password", "court"], "12 caractères"),
    (["--role", "redacteur", "--uai", "0750655E", "--password", "Abcdefgh12!x"], "aucun établissement"),
    (["--role", "dpd", "--academie", "{code}", "--uai", "{uai}", "--password", "Abcdefgh12!x"], "pas les deux"),
])
def test_create_user_refusals(runner, app, args, message):
    organisation = make_organisation()
    db.session.commit()
    args = [arg.format(uai=organisation.uai, code=organisation.academie.code) for arg in args]
    result = runner.invoke(args=["registre", "create-user", "x@exemple.fr", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert count(User) == 0


def test_create_token_prints_the_token_alone(runner, app):
    user = make_user()
    db.session.commit()
    result = runner.invoke(args=["registre", "create-token", user.email])
    assert result.exit_code == 0
    token = result.output.strip()
    assert result.output == token + "\n" and len(token) >= 32
    assert user_for_token(token) == user
    assert user_for_token(token + "x") is None


def test_create_token_refuses_unknown_or_inactive_account(runner, app):
    user = make_user(active=False)
    db.session.commit()
    for email in ("inconnu@exemple.fr", user.email):
        result = runner.invoke(args=["registre", "create-token", email])
        assert result.exit_code != 0 and "aucun compte actif" in result.output


def test_backup_copies_the_sqlite_database(runner, app, tmp_path):
    make_organisation(name="Collège sauvegardé")
    db.session.commit()
    target = tmp_path / "sauvegarde" / "registre.db"
    result = runner.invoke(args=["registre", "backup", str(target)])
    if db.engine.url.get_backend_name() != "sqlite":
        assert result.exit_code != 0 and "pg_dump" in result.output
        assert "+psycopg" not in result.output
        return
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        names = [row[0] for row in copy.execute("SELECT name FROM organisation")]
    assert names == ["Collège sauvegardé"]
    again = runner.invoke(args=["registre", "backup", str(target)])
    assert again.exit_code != 0 and "existe déjà" in again.output
