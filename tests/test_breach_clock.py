"""The 72-hour clock of art. 33.1 and the breach findings, at a frozen instant."""
from datetime import datetime, timedelta

import pytest

from registre.breaches.clock import ClockState, breach_clock, format_duration
from registre.breaches.findings import breach_findings
from registre.models import Breach, BreachRisk, Notification
from tests.register_helpers import AT_NOW, NOW

pytestmark = AT_NOW


def _breach(hours_ago: float, **fields) -> Breach:
    values = {"discovered_at": NOW - timedelta(hours=hours_ago), "risk": None,
              "cnil_notified": Notification.A_FAIRE, "subjects_informed": Notification.A_FAIRE,
              "cnil_late_reason": "", "cnil_not_notified_reason": "",
              "subjects_not_informed_reason": ""}
    values.update(fields)
    return Breach(**values)


@pytest.mark.parametrize("hours_ago, state, text", [
    (70, ClockState.RUNNING, "2 heures restantes"),
    (71, ClockState.RUNNING, "1 heure restante"),
    (70.5, ClockState.RUNNING, "1 heure et 30 minutes restantes"),
    (71 + 59 / 60, ClockState.RUNNING, "1 minute restante"),
    (72, ClockState.RUNNING, "moins d'une minute restante"),
    (0, ClockState.RUNNING, "72 heures restantes"),
    (75, ClockState.LATE, "En retard de 3 heures"),
    (72 + 26.5, ClockState.LATE, "En retard de 1 jour et 2 heures"),
    (72 + 48, ClockState.LATE, "En retard de 2 jours"),
])
def test_time_left_or_late(hours_ago, state, text):
    clock = breach_clock(_breach(hours_ago), NOW)
    assert (clock.state, clock.text) == (state, text)
    assert clock.deadline == NOW - timedelta(hours=hours_ago) + timedelta(hours=72)


def test_near_means_the_last_day():
    assert breach_clock(_breach(49), NOW).is_near
    assert not breach_clock(_breach(47), NOW).is_near
    assert breach_clock(_breach(80), NOW).is_late


@pytest.mark.parametrize("fields, state, text", [
    ({"risk": BreachRisk.AUCUN}, ClockState.NOT_REQUIRED,
     "Notification non requise : aucun risque pour les personnes"),
    ({"cnil_notified": Notification.OUI, "cnil_notified_at": NOW - timedelta(hours=40)},
     ClockState.NOTIFIED, "Notifiée à la CNIL dans le délai de 72 heures"),
    ({"cnil_notified": Notification.OUI, "cnil_notified_at": NOW},
     ClockState.NOTIFIED_LATE, "Notifiée à la CNIL avec 8 heures de retard"),
    ({"cnil_notified": Notification.NON, "risk": BreachRisk.RISQUE},
     ClockState.NOT_NOTIFIED, "Non notifiée à la CNIL ; délai de 72 heures dépassé de 8 heures"),
])
def test_decided_breaches(fields, state, text):
    clock = breach_clock(_breach(80, **fields), NOW)
    assert (clock.state, clock.text) == (state, text)


def test_duration_words():
    assert format_duration(timedelta(minutes=61)) == "1 heure et 1 minute"
    assert format_duration(timedelta(hours=50), with_days=True) == "2 jours et 2 heures"
    assert format_duration(timedelta(hours=50)) == "50 heures"


@pytest.mark.parametrize("hours_ago, fields, rules", [
    (70, {}, []),
    (73, {}, [("violation-notification-72h", "erreur")]),
    (73, {"risk": BreachRisk.AUCUN}, []),
    (10, {"risk": BreachRisk.RISQUE, "cnil_notified": Notification.NON,
          "cnil_not_notified_reason": "Sans gravité"}, [("violation-non-notifiee", "erreur")]),
    (10, {"cnil_notified": Notification.NON, "cnil_not_notified_reason": "?"},
     [("violation-risque-non-evalue", "avertissement")]),
    (90, {"cnil_notified": Notification.OUI, "cnil_notified_at": NOW,
          "cnil_late_reason": "Week-end de trois jours"},
     [("violation-notifiee-en-retard", "avertissement")]),
    (90, {"cnil_notified": Notification.OUI, "cnil_notified_at": NOW},
     [("violation-notifiee-en-retard", "erreur")]),
    (10, {"risk": BreachRisk.RISQUE_ELEVE}, [("violation-information-personnes", "erreur")]),
    (10, {"risk": BreachRisk.RISQUE_ELEVE, "subjects_informed": Notification.NON,
          "subjects_not_informed_reason": "Données chiffrées"},
     [("violation-information-personnes", "avertissement")]),
    (10, {"risk": BreachRisk.RISQUE_ELEVE, "subjects_informed": Notification.OUI}, []),
])
def test_findings(hours_ago, fields, rules):
    findings = breach_findings(_breach(hours_ago, **fields), NOW)
    assert [(finding.rule, finding.severity) for finding in findings] == rules
    assert all(finding.article.startswith("RGPD art. 3") for finding in findings)


def test_late_finding_says_when_and_by_how_much():
    [finding] = breach_findings(_breach(75), NOW)
    assert "le délai de 72 heures a expiré le 28/11/2026 à 07:00 (en retard de 3 heures)" \
        in finding.message
    assert finding.article == "RGPD art. 33.1 (notification à la CNIL dans les 72 heures)"


def test_clock_runs_on_utc_instants_across_the_summer_time_change():
    # Discovered on Saturday 24/10/2026 at 12:00 in Paris (10:00 UTC): 72 hours later is
    # Tuesday 27/10 at 11:00 in Paris, the clocks having gone back one hour on Sunday.
    breach = _breach(0, discovered_at=datetime(2026, 10, 24, 10, 0))
    clock = breach_clock(breach, datetime(2026, 10, 27, 9, 0))
    assert clock.text == "1 heure restante"
    from registre.dates import format_datetime
    assert format_datetime(clock.deadline) == "27/10/2026 à 11:00"
