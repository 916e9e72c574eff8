"""What users read (issue 11, point 15): a French title for every rule, never its
identifier; « 1 an », not « 1 ans », from one pluralisation helper; French dates in the
history's differences."""
import html
import re
from datetime import date
from pathlib import Path

import pytest

import registre.breaches.findings
import registre.requests.findings  # noqa: F401
from registre.compliance.services import GENERIC_TITLE, RULES, rule_title
from registre.extensions import db
from registre.models import Role
from registre.requests.services import update_request
from registre.text import duration_text, plural
from tests.factories import make_activity, make_organisation, make_rights_request, make_user

PACKAGE = Path(__file__).resolve().parent.parent / "registre"
# A finding built with its rule: ``rule="…"`` or ``Finding("…"`` (its first argument).
RULE_IN_CODE = re.compile(r'(?:\brule=|\bFinding\(\s*)"([a-z0-9-]+)"')


def _rule_ids_in_the_code() -> set[str]:
    """Every rule identifier a finding is built with, read from the source."""
    return {rule for path in PACKAGE.rglob("*.py")
            for rule in RULE_IN_CODE.findall(path.read_text(encoding="utf-8"))}


def test_every_rule_of_the_code_has_a_short_french_title():
    rules = _rule_ids_in_the_code()
    assert len(rules) >= 22  # the fiche's rules, the breaches', the rights requests'
    assert sorted(rule for rule in rules if rule_title(rule) == GENERIC_TITLE) == []
    for rule in rules:
        title = rule_title(rule)
        assert title != GENERIC_TITLE and rule not in title and len(title) <= 60, rule
    assert rule_title("regle-inconnue") == GENERIC_TITLE


@pytest.mark.parametrize("count, singular, expected", [
    (0, "jour", "0 jour"), (1, "an", "1 an"), (2, "an", "2 ans"), (1, "mois", "1 mois"),
    (18, "mois", "18 mois"), (3, "heure", "3 heures"), (2, "prix", "2 prix"),
])
def test_one_pluralisation_rule(count, singular, expected):
    assert plural(count, singular) == expected


@pytest.mark.parametrize("amount, unit, expected", [
    (1, "ans", "1 an"), (5, "ans", "5 ans"), (1, "jours", "1 jour"), (30, "jours", "30 jours"),
    (1, "mois", "1 mois"), (None, "ans", ""), (3, None, ""),
])
def test_durations_agree_with_their_number(amount, unit, expected):
    assert duration_text(amount, unit) == expected


def test_fiche_says_1_an_and_names_rules_by_their_title(client, login):
    organisation = make_organisation()
    user = make_user(Role.RESPONSABLE, organisation=organisation)
    # One year in base: the default data category of the factory (« 1 ans » before).
    activity = make_activity(organisation, informed="inconnu")
    db.session.commit()
    page = html.unescape(login(user).get(
        f"/etablissements/{organisation.uai}/traitements/{activity.id}").get_data(as_text=True))
    assert "1 an en base active" in page and "1 ans" not in page
    text = re.sub(r"<[^>]*>", "", page)
    assert RULES["information-manquante"] in text
    assert [rule for rule in RULES if rule in text] == []


def test_history_of_a_rights_request_shows_french_dates(client, login):
    organisation = make_organisation()
    user = make_user(Role.RESPONSABLE, organisation=organisation)
    request = make_rights_request(organisation, author=user, received_at=date(2026, 11, 20))
    db.session.commit()
    update_request(request, {"received_at": "2026-11-21"}, user, request.version)
    db.session.commit()
    page = html.unescape(login(user).get(
        f"/etablissements/{organisation.uai}/demandes/{request.id}/historique")
        .get_data(as_text=True))
    assert "20/11/2026" in page and "21/11/2026" in page
    assert "2026-11-20" not in page and "2026-11-21" not in page
