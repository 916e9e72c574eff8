"""Who the controller is: one function of kind AND sector, on every page and export (DESIGN §2)."""
import html
import json

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import (
    ControllerRole,
    Organisation,
    OrganisationKind,
    Role,
    Sector,
    controller_role,
)
from tests.factories import make_academie, make_activity, make_organisation, make_user

PUBLIC, PRIVATE = Sector.PUBLIC, Sector.PRIVE_SOUS_CONTRAT


def test_public_ecole_controller_is_the_ia_dasen_not_the_director():
    """A public école has no legal personality: the IA-DASEN acts for the recteur."""
    assert controller_role(OrganisationKind.ECOLE, PUBLIC) == ControllerRole.IA_DASEN


@pytest.mark.parametrize("kind", [OrganisationKind.COLLEGE, OrganisationKind.LYCEE,
                                  OrganisationKind.LYCEE_PROFESSIONNEL, OrganisationKind.EREA])
def test_public_eple_controller_is_its_chef_d_etablissement(kind):
    """An EPLE is a legal person whose executive is its head (Code de l'éducation, L421-3)."""
    assert controller_role(kind, PUBLIC) == ControllerRole.CHEF_ETABLISSEMENT


def test_dsden_controller_is_the_ia_dasen():
    """The DSDEN is the IA-DASEN's own service."""
    assert controller_role(OrganisationKind.DSDEN, PUBLIC) == ControllerRole.IA_DASEN


def test_rectorat_controller_is_the_recteur():
    """The rectorat's processing is the recteur's."""
    assert controller_role(OrganisationKind.RECTORAT, PUBLIC) == ControllerRole.RECTEUR


@pytest.mark.parametrize("kind", list(OrganisationKind))
def test_private_school_under_contract_controller_is_its_head_never_the_ia_dasen(kind):
    """A private school under contract is run by its organisme de gestion, through its head:
    the State is not its controller, whatever its kind (école included)."""
    role = controller_role(kind, PRIVATE)
    assert role == ControllerRole.CHEF_ETABLISSEMENT_PRIVE
    assert "IA-DASEN" not in role.label and "organisme de gestion" in role.label


def test_cli_private_ecole_gets_its_head_as_controller_everywhere(runner, app, client, login):
    """The reported fault: a private école under contract said « l'IA-DASEN »."""
    make_academie(code="versailles", name="Versailles")
    db.session.commit()
    result = runner.invoke(args=["registre", "create-organisation", "0750655E",
                                 "École Sainte-Marie", "--kind", "ecole", "--academie",
                                 "versailles", "--sector", "prive_sous_contrat"])
    assert result.exit_code == 0, result.output
    organisation = db.session.scalars(sa.select(Organisation)).one()
    assert organisation.sector == PRIVATE
    assert organisation.controller_title == "Chef d'établissement, pour l'organisme de gestion"
    activity = make_activity(organisation, status="en_service")
    db.session.commit()

    page = html.unescape(client.get("/registre/0750655E").get_data(as_text=True))
    assert "IA-DASEN" not in page
    assert "le chef d'établissement, pour l'organisme de gestion" in page
    opendata = client.get("/registre/0750655E.json").get_json()
    assert "IA-DASEN" not in json.dumps(opendata, ensure_ascii=False)

    login(make_user(Role.DPD, academie=organisation.academie))
    exported = client.get("/etablissements/0750655E/export.json").get_data(as_text=True)
    assert "IA-DASEN" not in exported
    assert "Chef d'établissement, pour l'organisme de gestion" in exported
    fiche = client.get(f"/etablissements/0750655E/traitements/{activity.id}")
    assert fiche.status_code == 200
    assert "pour l'organisme de gestion, et non l'IA-DASEN" in html.unescape(
        fiche.get_data(as_text=True))


def test_cli_sector_defaults_to_public_and_refuses_an_unknown_one(runner, app):
    make_academie(code="versailles")
    db.session.commit()
    result = runner.invoke(args=["registre", "create-organisation", "0750655E", "École",
                                 "--kind", "ecole", "--academie", "versailles"])
    assert result.exit_code == 0, result.output
    organisation = db.session.scalars(sa.select(Organisation)).one()
    assert (organisation.sector, organisation.controller_title) == (
        PUBLIC, "IA-DASEN, par délégation du recteur")
    result = runner.invoke(args=["registre", "create-organisation", "0750654D", "École",
                                 "--kind", "ecole", "--academie", "versailles",
                                 "--sector", "prive"])
    assert result.exit_code != 0 and "prive_sous_contrat" in result.output


def test_public_ecole_page_names_the_ia_dasen(client):
    organisation = make_organisation(kind=OrganisationKind.ECOLE, sector=PUBLIC)
    make_activity(organisation, status="en_service")
    db.session.commit()
    page = html.unescape(client.get(f"/registre/{organisation.uai}").get_data(as_text=True))
    assert "l'IA-DASEN (directeur académique" in page


def test_admin_switching_to_private_moves_a_usual_title_and_keeps_a_typed_one(client, login):
    """A title left at its usual value follows the sector; one a person typed stays."""
    academie = make_academie()
    usual = make_organisation(academie, kind=OrganisationKind.ECOLE,
                              controller_title="IA-DASEN, par délégation du recteur")
    typed = make_organisation(academie, kind=OrganisationKind.ECOLE,
                              controller_title="Directrice, pour l'OGEC Saint-Joseph")
    login(make_user(Role.ADMIN))
    for organisation in (usual, typed):
        response = client.post_form(f"/admin/etablissements/{organisation.uai}/modifier", {
            "uai": organisation.uai, "name": organisation.name, "kind": "ecole",
            "sector": "prive_sous_contrat", "academie": str(academie.id),
            "controller_title": organisation.controller_title})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    db.session.expire_all()
    assert usual.controller_title == "Chef d'établissement, pour l'organisme de gestion"
    assert typed.controller_title == "Directrice, pour l'OGEC Saint-Joseph"


def test_a_private_college_is_not_an_eple(app):
    """Only an établissement public local d'enseignement has a conseil d'administration."""
    assert make_organisation(kind=OrganisationKind.COLLEGE, sector=PUBLIC).is_eple
    assert not make_organisation(kind=OrganisationKind.COLLEGE, sector=PRIVATE).is_eple
