"""The register as of a date (from revisions), and the export command."""
import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from registre.exports.services import ExportError, parse_as_of
from registre.extensions import db
from registre.history.services import record_revision, register_as_of
from registre.models import Revision, Role
from tests.factories import make_activity, make_organisation, make_user
from tests.support import TODAY

PAST = datetime(2025, 9, 1, 10, 0)
# "Today" is TODAY (28/11/2026) for the application.
pytestmark = pytest.mark.usefixtures("frozen_clock")


def _backdate(activity, when: datetime) -> None:
    db.session.execute(sa.update(Revision).where(Revision.activity_id == activity.id)
                       .values(created_at=when))


@pytest.fixture
def history(app):
    """An activity renamed after 2025-09-01, one created after it, one deleted draft."""
    organisation = make_organisation()
    changed = make_activity(organisation, status="en_service", name="Ancien nom",
                            purpose="Ancienne finalité")
    deleted = make_activity(organisation, status="brouillon", name="Brouillon supprimé")
    _backdate(changed, PAST)
    _backdate(deleted, PAST)
    changed.name, changed.purpose = "Nouveau nom", "Nouvelle finalité"
    record_revision(changed, None)
    db.session.delete(deleted)
    later = make_activity(organisation, status="en_service", name="Créé plus tard")
    auditor = make_user(Role.AUDITEUR, academie=organisation.academie)
    db.session.commit()
    return organisation, changed, later, auditor


def test_register_as_of_rebuilds_past_state(history):
    organisation, changed, later, _ = history
    past = list(register_as_of([organisation.id], date(2025, 9, 1)))
    assert [(item["id"], item["name"], item["purpose"]) for item in past] == [
        (changed.id, "Ancien nom", "Ancienne finalité")]
    assert list(register_as_of([organisation.id], date(2025, 8, 31))) == []
    today = {item["name"] for item in register_as_of([organisation.id], TODAY)}
    assert today == {"Nouveau nom", "Créé plus tard"}


@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv"])
def test_export_as_of_shows_old_values(client, login, history, fmt):
    organisation, changed, _, auditor = history
    login(auditor)
    response = client.get(f"/etablissements/{organisation.uai}/export.{fmt}?as_of=2025-09-01")
    assert response.status_code == 200
    assert "au-2025-09-01" in response.headers["Content-Disposition"]
    if fmt == "json":
        document = json.loads(response.data)
        assert document["export"]["as_of"] == "2025-09-01"
        names = [item["name"] for item in document["activities"]]
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.data))["Registre"]
        names = [row[0] for row in sheet.iter_rows(min_row=9, values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
        names = [row[3] for row in rows[1:]]
    assert names == ["Ancien nom"]


def test_parse_as_of_accepts_only_iso_days():
    assert parse_as_of("2026-01-31") == date(2026, 1, 31)
    assert parse_as_of("") is None
    for bad in ("31/01/2026", "2026-1-31", "2026-02-30", "x" * 500,
                (TODAY + timedelta(days=2)).isoformat()):
        with pytest.raises(ExportError):
            parse_as_of(bad)


def test_cli_writes_a_dated_file(app, runner, history):
    organisation, _, _, _ = history
    result = runner.invoke(args=["registre", "export", "--uai", organisation.uai.lower(),
                                 "--format", "json", "--as-of", "2025-09-01"])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path.parent == Path(app.config["EXPORTS_DIR"])
    assert path.name == (f"{organisation.uai}-{TODAY.isoformat()}-au-2025-09-01.json")
    assert [item["name"] for item in json.loads(path.read_text())["activities"]] == ["Ancien nom"]
    result = runner.invoke(args=["registre", "export", "--academie",
                                 organisation.academie.code, "--format", "xlsx", "--status", "tous"])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(result.output.strip())
    assert workbook.sheetnames[0] == "Registre"
    assert Path(result.output.strip()).name.endswith("-tous.xlsx")


@pytest.mark.parametrize("args, message", [
    (["--format", "csv"], "indiquez soit --uai, soit --academie"),
    (["--uai", "0750655E", "--format", "csv"], "aucun établissement"),
    (["--academie", "nulle-part", "--format", "csv"], "n'existe pas"),
    (["--academie", "x", "--format", "csv", "--as-of", "01/09/2025"], "AAAA-MM-JJ"),
    (["--academie", "x", "--format", "csv", "--status", "actif"], "Statut inconnu"),
])
def test_cli_refuses_bad_input(app, runner, args, message):
    result = runner.invoke(args=["registre", "export", *args])
    assert result.exit_code == 1
    assert message in result.output
    exports_dir = Path(app.config["EXPORTS_DIR"])
    assert not exports_dir.exists() or not any(exports_dir.iterdir())  # nothing written


def test_seed_large_creates_valid_registers_with_revisions(app, runner):
    result = runner.invoke(args=["registre", "seed-large", "--academie", "essai",
                                 "--schools", "3", "--activities", "4"])
    assert result.exit_code == 0, result.output
    assert "12 traitements" in result.output
    from registre.models import Academie, Activity, Organisation
    from registre.organisations.uai import is_valid_uai
    academie = db.session.scalars(sa.select(Academie).where(Academie.code == "essai")).one()
    organisations = db.session.scalars(sa.select(Organisation)
                                       .where(Organisation.academie_id == academie.id)).all()
    assert len(organisations) == 3 and all(is_valid_uai(org.uai) for org in organisations)
    assert db.session.scalar(sa.select(sa.func.count(Revision.id))) == 12
    ids = [org.id for org in organisations]
    snapshots = list(register_as_of(ids, TODAY))
    activities = db.session.scalars(sa.select(Activity).order_by(Activity.id)).all()
    from registre.fiche.serialization import activity_to_dict
    live = {activity.id: activity_to_dict(activity) for activity in activities}
    assert {item["id"]: item for item in snapshots} == live




def test_seed_large_with_no_activities_creates_the_schools_only(app, runner):
    # The national dry run (bench/README.md) adds schools without activities: an INSERT of
    # no rows used to insert one empty activity and fail.
    result = runner.invoke(args=["registre", "seed-large", "--academie", "vide",
                                 "--schools", "3", "--activities", "0"])
    assert result.exit_code == 0, result.output
    assert "3 établissements ajoutés, 0 traitements" in result.output
