"""The audit log (hostile cases 4, 27, 35, 37): every kind of event, read by the right people."""
import csv
import io
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from registre.auth.services import create_api_token
from registre.dates import utcnow
from registre.extensions import db
from registre.models import Activity, AuditEvent, Role, Status
from tests.api_helpers import call
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.support import TEST_PASSWORD
from tests.trust_helpers import events, fresh, sign_in

CANARY = "CANARY-NOTE-7f3a"


@pytest.fixture
def world(app):
    x, y = make_academie(name="X"), make_academie(name="Y")
    a, b, c = make_organisation(x), make_organisation(x), make_organisation(y)
    users = {"officer_a": make_user(Role.RESPONSABLE, organisation=a),
             "dpo_x": make_user(Role.DPD, academie=x), "dpo_y": make_user(Role.DPD, academie=y),
             "auditor_x": make_user(Role.AUDITEUR, academie=x)}
    acts = {"a1": make_activity(a, purpose=CANARY), "b1": make_activity(b),
            "c1": make_activity(c)}
    db.session.commit()
    return {"x": x, "y": y, "a": a, "b": b, "c": c, **users, **acts}


def test_logins_failures_and_logout_are_logged_without_password(app, world):
    officer = world["officer_a"]
    browser = fresh(app)
    browser.post_form("/connexion", {"email": officer.email, "password": "Faux-mot-2026!"})
    browser.post_form("/connexion", {"email": "evil\r\nFAKE LOG@x.fr", "password": "secret-1"})
    browser = sign_in(app, officer)
    browser.post_form("/deconnexion")
    failed = events("login_failed")
    assert [(e.user_id, e.outcome.value) for e in failed] == [(officer.id, "echec"), (None, "echec")]
    assert failed[1].user_label == "evil\\r\\nfake log@x.fr"  # one line, CR/LF encoded
    assert failed[0].academie_id == world["x"].id
    assert [e.action.value for e in events()][-2:] == ["login", "logout"]
    logged = json.dumps([[e.user_label, e.target, e.details] for e in events()])
    assert TEST_PASSWORD not in logged and "Faux-mot-2026!" not in logged


def test_out_of_scope_access_is_denied_and_logged_once(app, world):
    browser = sign_in(app, world["officer_a"])
    b, act = world["b"], world["b1"]
    for url in (f"/etablissements/{b.uai}/traitements/{act.id}",
                f"/etablissements/{world['a'].uai}/traitements/{act.id}/modifier"):
        assert browser.get(url).status_code == 404
    denied = events("access_denied")
    assert [e.target for e in denied] == [f"organisation:{b.uai}", f"traitement:{act.id}"]
    assert all(e.user_id == world["officer_a"].id and e.outcome.value == "refus"
               for e in denied)
    browser.get("/etablissements/0000000A/traitements")  # does not exist: not an attempt
    assert len(events("access_denied")) == 2


def test_api_out_of_scope_and_forbidden_action_are_logged(app, client, world):
    token = create_api_token(world["auditor_x"])
    db.session.commit()
    assert call(client, "GET", f"/api/v1/activities/{world['c1'].id}", token).status_code == 404
    response = call(client, "PUT", f"/api/v1/activities/{world['a1'].id}", token,
                    json={"version": 1})
    assert response.status_code == 403
    denied = events("access_denied")
    assert [e.target for e in denied] == [f"traitement:{world['c1'].id}",
                                          f"PUT /api/v1/activities/{world['a1'].id}"]
    assert denied[0].academie_id == world["y"].id  # the DPD of the data's académie sees it


def test_transition_export_delete_and_import_are_logged(app, world):
    dpo = sign_in(app, world["dpo_x"])
    a, a1 = world["a"], world["a1"]
    dpo.post_form(f"/etablissements/{a.uai}/traitements/{a1.id}/statut",
                  {"to": "en_service", "acknowledge": "y", "version": a1.version})
    dpo.get(f"/etablissements/{a.uai}/export.csv?status=tous&as_of=")
    draft = make_activity(a, name="Brouillon à supprimer")
    db.session.commit()
    draft_id = draft.id
    dpo.post_form(f"/etablissements/{a.uai}/traitements/{draft_id}/supprimer")
    assert db.session.get(Activity, draft_id) is None
    transition, export, delete = (events(kind)[-1] for kind in ("transition", "export", "delete"))
    assert transition.details == "brouillon -> en_service"
    assert export.target == f"organisation:{a.uai}" and "format=csv; status=tous" in export.details
    assert delete.target.startswith(f"traitement:{draft_id} (")  # a deleted draft leaves a trace
    for event in (transition, export, delete):
        assert event.user_id == world["dpo_x"].id and event.academie_id == world["x"].id
    assert CANARY not in json.dumps([[e.target, e.details] for e in events()])


def test_cli_export_and_import_are_logged(app, runner, world, tmp_path):
    result = runner.invoke(args=["registre", "export", "--uai", world["a"].uai,
                                 "--format", "json", "--status", "tous"])
    assert result.exit_code == 0, result.output
    export = events("export")[-1]
    assert export.user_label == "ligne de commande" and export.academie_id == world["x"].id
    path = result.output.strip()
    empty = make_organisation(world["x"])
    db.session.commit()
    result = runner.invoke(args=["registre", "import", empty.uai, path])
    assert result.exit_code == 0, result.output
    assert events("import")[-1].details == "source=json; traitements=1"
    result = runner.invoke(args=["registre", "import", empty.uai, path])  # references taken
    assert result.exit_code == 1
    assert events("import_rejected")[-1].details.endswith("motif=1 problème(s)")
    bad = tmp_path / "registre.xlsx"
    bad.write_bytes(b"PK\x03\x04 ceci n'est pas un classeur")
    result = runner.invoke(args=["registre", "import", world["b"].uai, str(bad)])
    assert result.exit_code != 0
    rejected = events("import_rejected")[-1]
    assert rejected.target == f"organisation:{world['b'].uai}" and "motif=" in rejected.details


def test_oversized_web_import_is_logged_as_rejected(app, world):
    browser = sign_in(app, world["officer_a"])
    boundary = "frontiere"  # a raw body: the test client would spool a file it never closes
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{browser.csrf_token()}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"gros.xlsx\"\r\n\r\n").encode() \
        + b"x" * (7 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    response = browser.post(f"/etablissements/{world['a'].uai}/import", data=body,
                            content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert events("import_rejected")[-1].details.endswith("fichier trop volumineux")


def test_account_and_token_changes_are_logged(app, world, runner):
    academie = world["x"]
    dpo = sign_in(app, world["dpo_x"])
    dpo.post_form(f"/academies/{academie.code}/comptes/nouveau", {
        "email": "nouveau@ac-x.fr", "name": "Nouveau", "role": "auditeur", "scope": "",
        "password": "Girafe bleue mange des nuages roses"})
    account = events("account_change")[-1]
    assert account.details.startswith("création ; rôle=auditeur")
    assert "Girafe" not in account.details
    result = runner.invoke(args=["registre", "create-token", "nouveau@ac-x.fr"])
    token = result.output.strip()
    runner.invoke(args=["registre", "revoke-token", token])
    created, revoked = events("token_created")[-1], events("token_revoked")[-1]
    assert created.target == revoked.target and token not in created.target + created.details


def test_journal_is_read_by_the_dpd_of_the_academie_only(app, world):
    sign_in(app, world["officer_a"]).get(
        f"/etablissements/{world['b'].uai}/traitements/{world['b1'].id}")
    x, y = world["x"], world["y"]
    dpo = sign_in(app, world["dpo_x"])
    page = dpo.get(f"/academies/{x.code}/journal")
    assert page.status_code == 200 and "Accès refusé" in page.get_data(as_text=True)
    assert world["officer_a"].email in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert dpo.get(f"/academies/{y.code}/journal").status_code == 404
    assert dpo.get("/journal").status_code == 403
    auditor = sign_in(app, world["auditor_x"])
    assert auditor.get(f"/academies/{x.code}/journal").status_code == 403
    y_page = sign_in(app, world["dpo_y"]).get(f"/academies/{y.code}/journal")
    assert world["officer_a"].email not in y_page.get_data(as_text=True)


def test_journal_filters_and_csv(app, world):
    fresh(app).post_form("/connexion", {"email": world["officer_a"].email,
                                        "password": "=HYPERLINK(\"x\")"})
    sign_in(app, world["officer_a"])
    dpo = sign_in(app, world["dpo_x"])
    url = f"/academies/{world['x'].code}/journal"
    only_failures = dpo.get(url + "?action=login_failed").get_data(as_text=True)
    assert "Échec de connexion" in only_failures and "<td>Connexion</td>" not in only_failures
    assert dpo.get(url + "?since=31/02/2026").status_code == 400
    assert dpo.get(url + "?action=inconnue").status_code == 400
    response = dpo.get(url + ".csv?action=login")
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff\"Date et heure")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert {len(row) for row in rows} == {7} and len(rows) == 3  # header + 2 logins
    assert all(row[3] == "Connexion" for row in rows[1:])
    assert events("export")[-1].target == f"journal:{world['x'].code}"


def test_cli_prints_json_lines_and_purges_old_events(app, runner, world):
    sign_in(app, world["officer_a"])
    old = AuditEvent(at=utcnow() - timedelta(days=200), action="login", outcome="succes",
                     user_label="ancien@x.fr", academie_id=world["x"].id)
    db.session.add(old)
    db.session.commit()
    result = runner.invoke(args=["registre", "audit-log", "--academie", world["x"].code])
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert {"at", "user", "address", "action", "object", "outcome"} <= set(lines[0])
    assert lines[0]["at"].endswith("+00:00") and lines[-1]["user"] == "ancien@x.fr"
    since = (utcnow() - timedelta(days=1)).date().isoformat()
    recent = runner.invoke(args=["registre", "audit-log", "--since", since]).output
    assert "ancien@x.fr" not in recent and world["officer_a"].email in recent
    assert runner.invoke(args=["registre", "audit-log", "--since", "hier"]).exit_code == 1
    result = runner.invoke(args=["registre", "purge-audit-log"])
    assert result.output.startswith("1 événement")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.user_label == "ancien@x.fr")) == 0


def test_an_event_of_a_rolled_back_change_is_not_kept(app, world):
    dpo = sign_in(app, world["dpo_x"])
    a1 = world["a1"]
    # A stale version: the transition is refused (409), nothing changes, no "transition" line.
    dpo.post_form(f"/etablissements/{world['a'].uai}/traitements/{a1.id}/statut",
                  {"to": "en_service", "acknowledge": "y", "version": a1.version + 5})
    assert events("transition") == []
    assert db.session.get(Activity, a1.id).status == Status.BROUILLON
