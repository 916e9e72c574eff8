"""Issue 16.1: what changed in the published register, as a page and as an Atom feed."""
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

from registre.activities.services import update_activity
from registre.activities.workflow import transition_activity
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import Status
from registre.public import changes
from tests.factories import make_activity, make_organisation, make_user
from tests.public_support import publish, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
SECRETS = ("SECRET-NOTE", "SECRET-MESURE", "SECRET-NOM", "secret-courriel@exemple.fr",
           "Brouillon jamais publié", "SECRET-DOC")


def _edit(activity, author, **changes):
    data = activity_to_dict(activity)
    data.update(changes)
    update_activity(activity, data, author, activity.version)


def _history(frozen_clock):
    """A year of a school's register: published, changed (public and private fields), ended."""
    organisation = make_organisation(name="Collège Jean Moulin")
    responsable = make_user("responsable", organisation=organisation)
    frozen_clock.set(datetime(2025, 9, 1, 8, 0))
    cantine = publish(organisation, name="Cantine", storage_countries=["FR"])
    voyage = publish(organisation, name="Voyage scolaire")
    frozen_clock.set(datetime(2025, 10, 1, 8, 0))
    make_activity(organisation, responsable, Status.BROUILLON, name="Brouillon jamais publié")
    frozen_clock.set(datetime(2026, 3, 1, 8, 0))
    rows = activity_to_dict(cantine)["data_categories"]
    rows[0] = {**rows[0], "active_duration": 3}
    _edit(cantine, responsable, storage_countries=["IE"], data_categories=rows,
          internal_notes="SECRET-NOTE",
          security_measures=[{"kind": "controle_acces", "details": "SECRET-MESURE"}],
          controller={"title": "Principal", "name": "SECRET-NOM",
                      "email": "secret-courriel@exemple.fr", "address": "", "phone": ""},
          transfers=[{"recipient": "Hébergeur", "country": "IE", "guarantee": None,
                      "documentation": "SECRET-DOC"}])
    frozen_clock.set(datetime(2026, 6, 30, 8, 0))
    transition_activity(voyage, responsable, Status.TERMINE, ended_on=date(2026, 6, 30))
    db.session.commit()
    return organisation


def test_changes_page_lists_public_changes_newest_first(client, frozen_clock):
    organisation = _history(frozen_clock)
    response = client.get(f"/registre/{organisation.uai}/changements")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public")
    assert response.last_modified is not None and "Cookie" not in response.headers.get("Vary", "")
    text = text_of(response.get_data(as_text=True))
    ended = text.index("30/06/2026 — Traitement terminé : Voyage scolaire")
    changed = text.index("01/03/2026 — Réponses modifiées : Cantine")
    published = text.index("01/09/2025 — Traitement publié : Cantine")
    assert ended < changed < published
    assert "Pays de stockage : France → Irlande" in text
    assert ("Durée de conservation (État civil, identité, données d'identification) : "
            "Conservées 1 an, puis détruites. → Conservées 3 ans, puis détruites.") in text
    # Never a value parents could not see, not even in a diff (security, notes, staff, drafts).
    for secret in SECRETS:
        assert secret not in text, secret
    register = client.get(f"/registre/{organisation.uai}").get_data(as_text=True)
    assert f'href="/registre/{organisation.uai}/changements"' in register


def test_changes_feed_is_valid_atom_read_back_by_a_parser(client, frozen_clock):
    organisation = _history(frozen_clock)
    response = client.get(f"/registre/{organisation.uai}/changements.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith(
        f"/registre/{organisation.uai}/changements.atom")
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles[0] == "Traitement terminé : Voyage scolaire"
    assert titles[-2:] == ["Traitement publié : Voyage scolaire", "Traitement publié : Cantine"] \
        or titles[-2:] == ["Traitement publié : Cantine", "Traitement publié : Voyage scolaire"]
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    updated = [datetime.fromisoformat(entry.find(f"{ATOM}updated").text) for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert updated[0] - updated[-1] > timedelta(days=300)
    body = response.get_data(as_text=True)
    for secret in SECRETS:
        assert secret not in body, secret


def test_unknown_school_has_no_changes_page(client):
    assert client.get("/registre/0000000A/changements").status_code == 404
    assert client.get("/registre/0000000A/changements.atom").status_code == 404


def test_only_the_newest_revisions_are_read(client, frozen_clock, monkeypatch):
    """Bounded work: the newest revisions only, each still compared with the one before it
    (an old change is not mistaken for a publication)."""
    organisation = _history(frozen_clock)
    monkeypatch.setattr(changes, "MAX_REVISIONS", 2)
    text = text_of(client.get(f"/registre/{organisation.uai}/changements").get_data(as_text=True))
    assert "Traitement terminé : Voyage scolaire" in text
    assert "Pays de stockage : France → Irlande" in text
    assert "Traitement publié" not in text
