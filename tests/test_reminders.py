"""flask registre send-reminders: one digest per person, only their scope, once a day."""
from datetime import date, timedelta

import pytest

from registre.extensions import db
from registre.models import Role, SentReminder, Status
from tests.factories import (
    make_academie,
    make_activity,
    make_breach,
    make_organisation,
    make_processor,
    make_rights_request,
    make_user,
)
from tests.register_helpers import AT_NOW, NOW

pytestmark = AT_NOW


@pytest.fixture
def world(frozen_clock):
    """One late review, one breach past 72 h, one request due tomorrow, one expiring contract
    — and around them things not due and people who must not be reminded."""
    academie = make_academie(code="versailles", name="Versailles")
    college = make_organisation(academie, name="Collège Jean Moulin")
    quiet = make_organisation(academie, name="École des Tilleuls")
    people = {
        "dpd": make_user(Role.DPD, academie=academie, email="dpd@ac-versailles.fr"),
        "responsable": make_user(Role.RESPONSABLE, organisation=college,
                                 email="principal@college.fr"),
        "redacteur": make_user(Role.REDACTEUR, organisation=college, email="cpe@college.fr"),
        "auditeur": make_user(Role.AUDITEUR, academie=academie, email="audit@ac.fr"),
        "other": make_user(Role.RESPONSABLE, organisation=quiet, email="directrice@ecole.fr"),
        "silent": make_user(Role.DPD, academie=academie, email="adjoint@ac-versailles.fr",
                            reminders_enabled=False),
        "elsewhere": make_user(Role.DPD, email="dpd@ac-lyon.fr"),
        "admin": make_user(Role.ADMIN, email="admin@registre.fr"),
    }
    items = {
        "review": make_activity(college, status=Status.EN_SERVICE, name="Cantine",
                                last_reviewed_on=date(2025, 6, 1)),
        "breach": make_breach(college, discovered_at=NOW - timedelta(hours=96)),
        "request": make_rights_request(college, received_at=date(2026, 10, 29)),
        "contract": make_processor(academie, name="Index Éducation",
                                   contract_expires_on=date(2026, 12, 20)),
    }
    # Not due: reviewed this autumn, notified, due in three weeks, a contract for next year.
    make_activity(quiet, status=Status.EN_SERVICE, name="Garderie",
                  last_reviewed_on=date(2026, 9, 1))
    make_breach(college, discovered_at=NOW - timedelta(hours=100), cnil_notified="oui",
                cnil_notified_at=NOW - timedelta(hours=80), cnil_late_reason="Vacances")
    make_rights_request(college, received_at=date(2026, 11, 20))
    make_processor(academie, name="Microsoft Ireland", contract_expires_on=date(2027, 9, 1))
    db.session.commit()
    return people, items


def _send(runner):
    result = runner.invoke(args=["registre", "send-reminders"])
    assert result.exit_code == 0, result.output
    return result.output


def test_one_digest_per_person_with_exactly_their_items(runner, world, smtp):
    people, items = world
    output = _send(runner)
    assert "2 récapitulatifs envoyés" in output
    assert sorted(smtp.recipients()) == ["dpd@ac-versailles.fr", "principal@college.fr"]
    [dpd_mail] = smtp.to("dpd@ac-versailles.fr")
    [responsable_mail] = smtp.to("principal@college.fr")
    dpd_text = dpd_mail.get_content()
    responsable_text = responsable_mail.get_content()
    for text in (dpd_text, responsable_text):
        assert items["breach"].reference in text and "en retard de 1 jour" in text
        assert items["request"].reference in text and "réponse due demain (le 29/11/2026)" in text
        assert "Cantine : revue en retard" in text
        assert text.count("\n- ") == (4 if text is dpd_text else 3)
        # Links on the canonical address, never a request's host.
        assert (f"https://registre.ac-test.fr/etablissements/{items['breach'].organisation.uai}"
                f"/violations/{items['breach'].id}") in text
    assert "Index Éducation" in dpd_text and "20/12/2026" in dpd_text
    assert "Index Éducation" not in responsable_text
    assert "Microsoft" not in dpd_text and "Garderie" not in dpd_text
    assert dpd_mail["Subject"] == "Registre RGPD : 4 échéances à suivre (28/11/2026)"
    assert dpd_mail["From"] == "registre@ac-test.fr"


def test_nothing_twice_the_same_day_but_again_the_next_day(runner, world, smtp, frozen_clock):
    _send(runner)
    assert len(smtp.received) == 2
    assert "0 récapitulatif envoyé" in _send(runner)
    assert len(smtp.received) == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(SentReminder)) == 7
    frozen_clock.set(NOW + timedelta(days=1))
    _send(runner)
    assert len(smtp.received) == 4


def test_a_new_item_the_same_day_is_sent_alone(runner, world, smtp):
    people, items = world
    _send(runner)
    fresh = make_breach(items["breach"].organisation, discovered_at=NOW - timedelta(hours=60))
    db.session.commit()
    _send(runner)
    later = smtp.to("principal@college.fr")[-1].get_content()
    assert fresh.reference in later and "12 heures restantes" in later
    assert items["breach"].reference not in later


def test_turning_reminders_off_on_the_account_page(client, login, runner, world, smtp):
    people, _ = world
    login(people["responsable"])
    page = client.get("/compte").get_data(as_text=True)
    assert "Rappels par courriel" in page and "checked" in page
    response = client.post_form("/compte/rappels", {})
    assert response.status_code == 303
    assert "Rappels par courriel désactivés" in client.get("/compte").get_data(as_text=True)
    _send(runner)
    assert smtp.recipients() == ["dpd@ac-versailles.fr"]
    client.post_form("/compte/rappels", {"reminders_enabled": "y"})
    db.session.expire_all()
    assert people["responsable"].reminders_enabled is True


def test_without_smtp_host_messages_are_written_as_files(app, runner, world, tmp_path):
    app.config.update(REGISTRE_SMTP_HOST="", REGISTRE_MAILS_DIR=str(tmp_path / "mails"))
    _send(runner)
    files = sorted((tmp_path / "mails").glob("*.eml"))
    assert len(files) == 2
    assert b"Subject: Registre RGPD" in files[0].read_bytes()


def test_a_failing_server_reports_and_retries_later(app, runner, world):
    app.config.update(REGISTRE_SMTP_HOST="127.0.0.1", REGISTRE_SMTP_PORT=9)  # nobody listens
    result = runner.invoke(args=["registre", "send-reminders"])
    assert result.exit_code == 1
    assert "non envoyés" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(SentReminder)) == 0


def test_reminders_leave_out_what_is_not_due(runner, frozen_clock, smtp):
    organisation = make_organisation()
    make_user(Role.RESPONSABLE, organisation=organisation)
    make_breach(organisation, discovered_at=NOW - timedelta(hours=40))  # 32 hours left
    make_breach(organisation, discovered_at=NOW - timedelta(hours=90), risk="aucun")
    make_rights_request(organisation, received_at=date(2026, 11, 1),
                        answered_at=date(2026, 11, 20), outcome="satisfaite")
    db.session.commit()
    assert "0 récapitulatif envoyé" in _send(runner)
    assert smtp.received == []


def test_digest_reaches_a_review_planned_next_week(runner, frozen_clock, smtp):
    organisation = make_organisation()
    make_user(Role.RESPONSABLE, organisation=organisation, email="r@college.fr")
    make_activity(organisation, status=Status.EN_SERVICE, name="Voyages",
                  last_reviewed_on=date(2026, 1, 10), next_review_on=date(2026, 12, 3))
    db.session.commit()
    _send(runner)
    assert "Voyages : revue prévue le 03/12/2026" in smtp.to("r@college.fr")[0].get_content()

