"""The register list: accent-insensitive search, status filter, sorts, GET form in French."""
from datetime import datetime
from html import unescape

import pytest

from registre.activities.filters import filter_activities
from registre.extensions import db
from registre.models import Activity, Role, Status
from registre.text import fold
from tests.factories import make_activity, make_organisation, make_user


@pytest.mark.parametrize("text, folded", [("Élèves", "eleves"), ("ÉLÈVES", "eleves"),
                                          ("Cœur", "cœur"), ("Straße", "strasse"),
                                          ("", ""), (None, "")])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.fixture
def register(app):
    organisation = make_organisation()
    specs = [("T-010", "Élèves : absences", Status.EN_SERVICE, datetime(2026, 1, 5)),
             ("T-002", "Cantine scolaire", Status.BROUILLON, datetime(2026, 3, 1)),
             ("T-001", "Vidéoprotection", Status.EN_SERVICE, datetime(2026, 2, 1)),
             ("T-003", "Annuaire des élèves", Status.A_VALIDER, datetime(2025, 12, 1))]
    for reference, name, status, updated in specs:
        activity = make_activity(organisation, reference=reference, name=name, status=status)
        db.session.flush()
        db.session.query(Activity).filter_by(id=activity.id).update({"updated_at": updated})
    # Another organisation's matching activity must never show up.
    make_activity(make_organisation(organisation.academie), name="Élèves ailleurs")
    db.session.commit()
    return organisation


def names(activities):
    return [activity.name for activity in activities]


@pytest.mark.parametrize("search", ["eleves", "ELEVES", "élèves", "Élèves", "  elEves "])
def test_search_ignores_accents_and_case(register, search):
    assert names(filter_activities(register, search=search)) == ["Annuaire des élèves",
                                                                 "Élèves : absences"]


def test_search_with_status_and_no_match(register):
    assert names(filter_activities(register, status="en_service", search="eleve")) == [
        "Élèves : absences"]
    assert filter_activities(register, search="piscine") == []


@pytest.mark.parametrize("sort, expected", [
    ("reference", ["Vidéoprotection", "Cantine scolaire", "Annuaire des élèves",
                   "Élèves : absences"]),  # T-001, T-002, T-003, T-010
    ("nom", ["Annuaire des élèves", "Cantine scolaire", "Élèves : absences",
             "Vidéoprotection"]),  # É sorts as E, not after Z
    ("maj", ["Cantine scolaire", "Vidéoprotection", "Élèves : absences",
             "Annuaire des élèves"]),
])
def test_sorts(register, sort, expected):
    assert names(filter_activities(register, sort=sort)) == expected


def test_status_filter(register):
    assert names(filter_activities(register, status="en_service")) == [
        "Vidéoprotection", "Élèves : absences"]


def _page(client, login, register, query=""):
    user = make_user(Role.AUDITEUR, organisation=register)
    db.session.commit()
    login(user)
    response = client.get(f"/etablissements/{register.uai}/traitements{query}")
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def _order(html, *titles):
    return sorted(titles, key=html.index)


def test_page_search_and_sort_by_get_form(client, login, register):
    html = _page(client, login, register, "?q=eleves&statut=&tri=nom")
    assert 'method="get"' in html and "Nom du traitement contient" in html
    assert "Annuaire des élèves" in html and "Élèves : absences" in html
    assert "Cantine scolaire" not in html and "Élèves ailleurs" not in html
    assert _order(html, "Élèves : absences", "Annuaire des élèves") == [
        "Annuaire des élèves", "Élèves : absences"]
    assert 'value="eleves"' in html  # what was typed stays in the box


def test_page_status_filter_and_update_sort(client, login, register):
    html = _page(client, login, register, "?statut=en_service&tri=maj")
    assert "Cantine scolaire" not in html and "Annuaire des élèves" not in html
    assert _order(html, "Élèves : absences", "Vidéoprotection") == [
        "Vidéoprotection", "Élèves : absences"]
    assert '<option selected value="en_service">' in html or \
        'value="en_service" selected' in html


def test_page_no_match_says_so(client, login, register):
    html = _page(client, login, register, "?q=piscine")
    assert "Aucun traitement ne correspond à ces critères." in html


@pytest.mark.parametrize("query", ["?statut=perdu", "?tri=hasard", "?q=" + "x" * 300])
def test_page_bad_filters_show_a_french_error_and_the_whole_list(client, login, register,
                                                                   query):
    html = _page(client, login, register, query)
    assert ("Valeur inconnue" in html or "limitée à 200 caractères" in html)
    assert "Not a valid" not in html
    assert all(name in html for name in ("Cantine scolaire", "Vidéoprotection"))


def test_list_query_count_does_not_grow(client, login, register, count_queries):
    user = make_user(Role.DPD, academie=register.academie)
    db.session.commit()
    login(user)
    url = f"/etablissements/{register.uai}/traitements?q=e&tri=nom"

    def count():
        client.get(url)
        with count_queries() as statements:
            client.get(url)
        return len(statements)
    few = count()
    for index in range(15):
        make_activity(register, name=f"Élève {index}")
    db.session.commit()
    assert count() == few
