"""The history page: every revision in French, and the diff between any two of them."""
from datetime import datetime
from html import unescape

import pytest

from registre.extensions import db
from registre.fiche.serialization import apply_activity_data
from registre.history.services import record_revision
from registre.models import Revision, Role
from tests.factories import make_activity, make_organisation, make_user


def _edit(activity, author, comment="", **data):
    apply_activity_data(activity, data)
    record_revision(activity, author, comment=comment)
    db.session.commit()


@pytest.fixture
def story(app):
    """An activity with three revisions: created, purpose changed, a data row added."""
    author = make_user(Role.REDACTEUR, name="Rémi Rédacteur")
    organisation = author.organisation
    activity = make_activity(organisation, author=author, name="Vie scolaire")
    db.session.commit()
    _edit(activity, author, comment="Finalité précisée", purpose="Suivre les absences")
    rows = [dict(row) for row in activity_data_rows(activity)]
    rows.append({"category": "image_voix", "description": "Photo de classe",
                 "active_duration": 1, "active_unit": "ans", "final_fate": "destruction"})
    rows[0]["active_duration"] = 3
    _edit(activity, author, data_categories=rows)
    # Fixed times so that the French rendering can be checked (UTC stored, Paris shown).
    for number, moment in ((1, datetime(2026, 11, 28, 13, 5)), (2, datetime(2026, 11, 28, 13, 6)),
                           (3, datetime(2026, 11, 29, 8, 0))):
        db.session.query(Revision).filter_by(activity_id=activity.id, number=number).update(
            {"created_at": moment})
    db.session.commit()
    return {"activity": activity, "organisation": organisation, "author": author}


def activity_data_rows(activity):
    from registre.fiche.serialization import activity_to_dict
    return activity_to_dict(activity)["data_categories"]


def url(story, **query):
    base = (f"/etablissements/{story['organisation'].uai}/traitements/"
            f"{story['activity'].id}/historique")
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_page_lists_every_revision_in_french(client, login, story):
    login(story["author"])
    html = client.get(url(story)).get_data(as_text=True)
    assert "Historique de « Vie scolaire »" in html
    assert "3 versions" in html
    assert "28/11/2026 à 14:05" in html  # 13:05 UTC is 14:05 in Paris in November
    assert "29/11/2026 à 09:00" in html
    assert html.split("Toutes les versions")[1].count("<td>Rémi Rédacteur</td>") == 3
    for text in ("Création", "Modification", "Finalité précisée",
                 "Finalité principale", "Catégories de données"):
        assert text in html


def test_default_comparison_is_the_last_save_with_rows(client, login, story):
    login(story["author"])
    html = client.get(url(story)).get_data(as_text=True)
    assert "Différences entre la version n° 2" in html and "la version n° 3" in html
    # Row 1 changed in one column; row 3 was added.
    assert "Ligne 1 (État civil" in html and "Durée en base active" in html
    assert "Ligne 3 (Image et voix)" in html and "Ajout" in html
    assert "Photo de classe" in html
    assert "Suivre les absences" not in html.split("Toutes les versions")[0]


def test_any_two_revisions_can_be_compared(client, login, story):
    login(story["author"])
    html = client.get(url(story, de=1, a=3)).get_data(as_text=True)
    section = html.split("Toutes les versions")[0]
    assert "Finalité principale" in section and "Suivre les absences" in section
    assert "Image et voix" in section
    # Backwards: the added row shows as removed.
    backwards = client.get(url(story, de=3, a=1)).get_data(as_text=True)
    assert "Suppression" in backwards.split("Toutes les versions")[0]
    same = client.get(url(story, de=2, a=2)).get_data(as_text=True)
    assert "Aucune différence" in same


@pytest.mark.parametrize("query", [{"de": 1, "a": 99}, {"de": "abc", "a": 2}, {"de": "", "a": 2}])
def test_bad_revision_numbers_get_a_french_message(client, login, story, query):
    login(story["author"])
    response = client.get(url(story, **query))
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert ("Cette version n'existe pas pour ce traitement." in html
            or "Choisissez une version." in html)
    assert "Différences entre" not in html


@pytest.mark.parametrize("role", ["auditeur_academie", "auditeur_etab", "dpd", "responsable"])
def test_readers_in_scope_see_the_history(client, login, story, role):
    organisation = story["organisation"]
    user = {"auditeur_academie": lambda: make_user(Role.AUDITEUR,
                                                   academie=organisation.academie),
            "auditeur_etab": lambda: make_user(Role.AUDITEUR, organisation=organisation),
            "dpd": lambda: make_user(Role.DPD, academie=organisation.academie),
            "responsable": lambda: make_user(Role.RESPONSABLE, organisation=organisation),
            }[role]()
    db.session.commit()
    login(user)
    response = client.get(url(story))
    assert response.status_code == 200
    assert "Toutes les versions" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["auditeur", "dpd", "redacteur"])
def test_out_of_scope_history_is_404(client, login, story, role):
    other = make_organisation()
    user = make_user(Role(role), organisation=other if role == "redacteur" else None,
                     academie=other.academie if role != "redacteur" else None)
    db.session.commit()
    login(user)
    response = client.get(url(story))
    assert response.status_code == 404
    assert "Vie scolaire" not in response.get_data(as_text=True)


def test_anonymous_is_sent_to_login(client, story):
    response = client.get(url(story))
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_history_escapes_user_text(client, login, story):
    _edit(story["activity"], story["author"], comment="<script>alert(1)</script>",
          purpose="{{ 7*7 }} <b>gras</b>")
    login(story["author"])
    html = client.get(url(story)).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "{{ 7*7 }}" in html and "<b>gras</b>" not in html


def test_history_page_query_count_does_not_grow_with_revisions(client, login, story,
                                                               count_queries):
    def queries(page_url) -> int:
        client.get(page_url)  # warm up: the test session may hold expired objects
        with count_queries() as statements:
            assert client.get(page_url).status_code == 200
        return len(statements)

    login(story["author"])
    few = queries(url(story, de=1, a=3))
    for index in range(10):
        _edit(story["activity"], story["author"], purpose=f"Finalité {index}")
    assert queries(url(story, de=1, a=13)) == few


def test_fiche_links_to_its_history(client, login, story):
    login(story["author"])
    html = client.get(f"/etablissements/{story['organisation'].uai}/traitements/"
                      f"{story['activity'].id}").get_data(as_text=True)
    assert f'href="{url(story)}"' in html and "Historique des modifications" in html
