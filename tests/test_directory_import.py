"""Loading an académie's schools from the « Annuaire de l'éducation » CSV (command and service)."""
from pathlib import Path

import pytest
import sqlalchemy as sa

from registre.directory.reader import DirectoryRefused
from registre.directory.services import import_directory
from registre.extensions import db
from registre.models import Organisation, OrganisationChange, OrganisationKind, Sector
from tests.factories import make_academie, make_activity, make_organisation

DATA = Path(__file__).resolve().parent / "data"
LABELS = DATA / "annuaire-libelles.csv"   # labels header, BOM, CRLF
FIELDS = DATA / "annuaire-champs.csv"     # lower-case field names, other order, 3 changes
PRIVATE = Sector.PRIVE_SOUS_CONTRAT


def organisations() -> dict[str, Organisation]:
    return {o.uai: o for o in db.session.scalars(sa.select(Organisation))}


@pytest.fixture
def besancon(app):
    academie = make_academie(code="besancon", name="Académie de Besançon")
    db.session.commit()
    return academie


def run(runner, *args):
    return runner.invoke(args=["registre", "import-directory", *map(str, args)])


def test_first_import_creates_the_academie_schools_with_kind_sector_and_controller(
        runner, besancon):
    result = run(runner, LABELS, "--academie", "besancon")
    assert result.exit_code == 0, result.output
    found = organisations()
    expected = {
        "0250001R": (OrganisationKind.ECOLE, Sector.PUBLIC, "IA-DASEN, par délégation du recteur"),
        "0250002S": (OrganisationKind.ECOLE, PRIVATE,
                     "Chef d'établissement, pour l'organisme de gestion"),
        "0250003T": (OrganisationKind.COLLEGE, Sector.PUBLIC, "Chef d'établissement"),
        "0250004U": (OrganisationKind.LYCEE_PROFESSIONNEL, Sector.PUBLIC, "Chef d'établissement"),
        "0250005V": (OrganisationKind.LYCEE, PRIVATE,
                     "Chef d'établissement, pour l'organisme de gestion"),
        "0250006W": (OrganisationKind.EREA, Sector.PUBLIC, "Chef d'établissement"),
        "0251000B": (OrganisationKind.RECTORAT, Sector.PUBLIC, "Recteur d'académie"),
        "0259000X": (OrganisationKind.DSDEN, Sector.PUBLIC, "IA-DASEN, par délégation du recteur"),
        "0250007X": (OrganisationKind.AUTRE, Sector.PUBLIC, "Chef d'établissement"),
        "0250008Y": (OrganisationKind.AUTRE, PRIVATE,
                     "Chef d'établissement, pour l'organisme de gestion"),
        "0250009Z": (OrganisationKind.AUTRE, Sector.PUBLIC, "Chef d'établissement"),
        "0250012C": (OrganisationKind.ECOLE, Sector.PUBLIC, "IA-DASEN, par délégation du recteur"),
    }
    assert {uai: (o.kind, o.sector, o.controller_title) for uai, o in found.items()} == expected
    college = found["0250003T"]
    assert (college.name, college.address, college.postal_code, college.commune) == (
        "Collège Victor Hugo", "1 rue du Collège", "25200", "Montbéliard")
    assert found["0250012C"].name == 'École "Les Tilleuls; annexe"'
    assert all(o.academie_id == besancon.id and not o.is_closed for o in found.values())
    output = result.output
    assert "Ligne 13 : La lettre de contrôle de l'UAI « 0250010B » est incorrecte" in output
    assert "Type inconnu « Etablissement pénitentiaire » : 1 établissement(s)" in output
    assert "1 établissement(s) fermé(s) absent(s) du registre" in output
    assert ("Créés : 12 ; mis à jour : 0 ; fermés : 0. Inchangés : 0 ; écartés : 2 ; lignes "
            "d'autres académies ignorées : 1.") in output


def test_second_run_of_the_same_file_changes_nothing_and_says_so(runner, besancon):
    assert run(runner, LABELS, "--academie", "besancon").exit_code == 0
    before = {uai: (o.name, o.address, o.kind) for uai, o in organisations().items()}
    result = run(runner, LABELS, "--academie", "besancon")
    assert result.exit_code == 0, result.output
    assert "Aucun changement : le registre correspond déjà à l'annuaire." in result.output
    assert "Inchangés : 12" in result.output
    db.session.expire_all()
    assert {uai: (o.name, o.address, o.kind) for uai, o in organisations().items()} == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrganisationChange)) == 0


def test_other_header_style_updates_names_addresses_closes_and_writes_history(runner,
                                                                              besancon):
    assert run(runner, LABELS, "--academie", "besancon").exit_code == 0
    closing = organisations()["0250012C"]
    activity = make_activity(closing, status="en_service", name="Cantine")
    db.session.commit()
    result = run(runner, FIELDS, "--academie", "besancon")
    assert result.exit_code == 0, result.output
    assert "Créés : 0 ; mis à jour : 2 ; fermés : 1." in result.output
    db.session.expire_all()
    found = organisations()
    assert found["0250001R"].name == "École élémentaire Jules Ferry - Louise Michel"
    assert found["0250003T"].address == "15 avenue Victor Hugo"
    assert found["0250012C"].is_closed and not found["0250001R"].is_closed
    # Nothing deleted: the closed school keeps its register.
    assert db.session.get(type(activity), activity.id).organisation_id == closing.id
    history = {(c.organisation.uai, c.field, c.old_value, c.new_value)
               for c in db.session.scalars(sa.select(OrganisationChange))}
    assert history == {
        ("0250001R", "Nom", "École élémentaire Jules Ferry",
         "École élémentaire Jules Ferry - Louise Michel"),
        ("0250003T", "Adresse", "1 rue du Collège", "15 avenue Victor Hugo"),
        ("0250012C", "État", "ouvert", "fermé"),
    }
    assert all(c.source == "Annuaire de l'éducation (annuaire-champs.csv)"
               for c in db.session.scalars(sa.select(OrganisationChange)))


def test_dry_run_writes_nothing_and_lists_the_changes(runner, besancon):
    result = run(runner, LABELS, "--academie", "besancon", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Simulation, rien n'a été enregistré. Créés : 12" in result.output
    assert organisations() == {}
    assert run(runner, LABELS, "--academie", "besancon").exit_code == 0
    result = run(runner, FIELDS, "--academie", "besancon", "--dry-run")
    assert "0250003T « Collège Victor Hugo » — Adresse : « 1 rue du Collège » → « 15 avenue " \
           "Victor Hugo »" in result.output
    db.session.expire_all()
    assert organisations()["0250003T"].address == "1 rue du Collège"
    assert not organisations()["0250012C"].is_closed


def test_rows_chosen_by_code_academie(runner, app):
    make_academie(code="dijon", name="Dijon")
    db.session.commit()
    result = run(runner, FIELDS, "--academie", "dijon", "--code-academie", "7")
    assert result.exit_code == 0, result.output
    assert set(organisations()) == {"0210001M"}
    assert "lignes d'autres académies ignorées : 14" in result.output


def test_a_reopened_school_is_open_again_with_its_history(app, besancon):
    make_organisation(besancon, uai="0250003T", name="Collège Victor Hugo",
                      address="1 rue du Collège", postal_code="25200", commune="Montbéliard",
                      closed_at=sa.func.now())
    db.session.commit()
    report = import_directory(LABELS.read_bytes(), besancon)
    db.session.commit()
    assert report.updated == 1
    assert not organisations()["0250003T"].is_closed
    assert [(c.field, c.old, c.new) for c in report.changes] == [("État", "fermé", "ouvert")]


def test_a_uai_registered_in_another_academie_is_reported_and_left_alone(app, besancon):
    other = make_academie(name="Dijon")
    make_organisation(other, uai="0250003T", name="Collège déjà ailleurs")
    db.session.commit()
    report = import_directory(LABELS.read_bytes(), besancon)
    assert any(p.line == 4 and "appartient à l'académie « Dijon »" in p.message
               for p in report.problems)
    assert organisations()["0250003T"].name == "Collège déjà ailleurs"


def test_progress_is_reported_up_to_the_end(app, besancon):
    calls = []
    import_directory(LABELS.read_bytes(), besancon, dry_run=True,
                     progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]


@pytest.mark.parametrize("content, message", [
    (b"", "Le fichier est vide."),
    ("Identifiant;Nom\n0250001R;École\n".encode(), "il manque « identifiant_de_l_etablissement »"),
    (b"Identifiant_de_l_etablissement,Nom_etablissement\n", "séparateur « ; »"),
    ("Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive\n"
     "0250001R;École élémentaire;Ecole;Public\n".encode(), "« libelle_academie »"),
    ("Identifiant_de_l_etablissement;Nom_etablissement\n0250001R;École".encode("latin-1"),
     "n'est pas encodé en UTF-8"),
])
def test_unreadable_files_are_refused_with_a_french_message(runner, besancon, tmp_path,
                                                            content, message):
    path = tmp_path / "annuaire.csv"
    path.write_bytes(content)
    result = run(runner, path, "--academie", "besancon")
    assert result.exit_code == 1
    assert message in result.output
    assert organisations() == {}


def test_refusal_raises_before_anything_is_written(app, besancon):
    with pytest.raises(DirectoryRefused):
        import_directory(b"\xff\xfe", besancon)


@pytest.mark.parametrize("args, message", [
    (["--academie", "inconnue"], "l'académie « inconnue » n'existe pas"),
    (["--academie", "besancon", "--code-academie", "ab"], "n'est pas un code d'académie"),
])
def test_command_refuses_bad_options(runner, besancon, args, message):
    result = run(runner, LABELS, *args)
    assert result.exit_code == 1 and message in result.output
