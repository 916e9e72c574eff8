"""Issue 12: the public page is rendered once per change of the register (and language), and
never served stale after a publication, an edit or a processor's change — even when every
change happens within the same instant (the clock is frozen here)."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import template_rendered
from werkzeug.http import generate_etag

from registre.activities.services import update_activity
from registre.activities.workflow import transition_activity
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import Activity, ActivityCompliance
from registre.public.cache import PageCache, lookup
from tests.factories import (
    make_academie,
    make_activity,
    make_organisation,
    make_processor,
    make_user,
)
from tests.public_support import publish

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def renders(app):
    """The number of times the public register template was rendered."""
    seen = []

    def record(sender, template, context, **extra):
        if template.name == "public/register.html":
            seen.append(template.name)

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)


@pytest.fixture
def school(app):
    academie = make_academie(name="Versailles")
    organisation = make_organisation(academie, name="Collège Jean Moulin")
    host = make_processor(academie, name="Hébergeur Alpha")
    cantine = publish(organisation, name="Cantine", hosting="prestataire",
                      hosting_processor_id=host.id)
    responsable = make_user("responsable", organisation=organisation)
    db.session.commit()
    return organisation, cantine, host, responsable


def _page(client, organisation, **kwargs) -> str:
    response = client.get(f"/registre/{organisation.uai}", **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _fresh(*instances):
    """The same rows loaded again (the page loaded them with its own loader options)."""
    keys = [(type(instance), instance.id) for instance in instances]
    db.session.expunge_all()
    return [db.session.get(model, key) for model, key in keys]


def test_second_view_comes_from_the_cache_in_one_query(client, school, renders, count_queries):
    organisation = school[0]
    first = _page(client, organisation)
    assert "Cantine" in first and len(renders) == 1
    with count_queries() as statements:
        again = _page(client, organisation)
    assert again == first and len(renders) == 1  # not rendered again
    # The organisation found by its UAI with its change stamp, in one statement.
    assert len(statements) == 1, statements


def test_a_publication_shows_at_once(client, school, renders):
    organisation, cantine, host, responsable = school
    assert "Sorties scolaires" not in _page(client, organisation)
    # A fiche awaiting validation is not public; the responsable validates it (same instant).
    outing = make_activity(organisation, status="a_valider", name="Sorties scolaires")
    db.session.commit()
    assert "Sorties scolaires" not in _page(client, organisation)
    organisation, cantine, outing, responsable = _fresh(organisation, cantine, outing, responsable)
    transition_activity(outing, responsable, "en_service")
    db.session.commit()
    assert "Sorties scolaires" in _page(client, organisation)
    organisation, cantine, outing, responsable = _fresh(organisation, cantine, outing, responsable)
    # An in-service fiche edited, still within the same instant: its version changed.
    data = activity_to_dict(cantine)
    data["name"] = "Cantine et restauration"
    update_activity(cantine, data, responsable, cantine.version)
    db.session.commit()
    assert "Cantine et restauration" in _page(client, organisation)
    organisation, outing, responsable = _fresh(organisation, outing, responsable)
    # Ended: at once among the ended activities (issue 10: ended ones stay public, as history).
    assert "Traitement terminé" not in _page(client, organisation)
    transition_activity(outing, responsable, "termine", ended_on=None, acknowledged=True)
    db.session.commit()
    assert "Traitement terminé" in _page(client, organisation)


def test_a_processor_change_shows_at_once(client, school, frozen_clock):
    organisation, _, host, _ = school
    assert "Hébergeur Alpha" in _page(client, organisation)
    (host,) = _fresh(host)
    frozen_clock.set(frozen_clock.at + timedelta(minutes=5))
    host.name = "Hébergeur Bêta"
    db.session.commit()
    page = _page(client, organisation)
    assert "Hébergeur Bêta" in page and "Hébergeur Alpha" not in page


def test_the_language_asked_for_is_part_of_the_key(client, school, renders):
    organisation = school[0]
    _page(client, organisation)
    _page(client, organisation, query_string={"lang": "en"})
    _page(client, organisation, headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert len(renders) == 3
    _page(client, organisation, query_string={"lang": "en"})
    _page(client, organisation, headers={"Accept-Language": "en-GB,en;q=0.8"})
    _page(client, organisation)
    assert len(renders) == 3


def test_the_cache_is_bounded():
    pages = PageCache(size=2)
    for key in ("a", "b", "c"):
        pages.put(key, key.upper())
    assert pages.get("a") is None and pages.get("b") == "B" and pages.get("c") == "C"


def test_the_stamp_counts_only_this_organisation(school):
    """The aggregates are correlated to the organisation found (never the whole table)."""
    organisation, cantine, host, _ = school
    other = make_organisation(organisation.academie, name="École Jules Ferry")
    for name in ("Garderie", "Bibliothèque", "Sorties"):
        publish(other, name=name)
    db.session.commit()
    stored_uai, stamp = lookup(organisation.uai)
    assert stored_uai == organisation.uai
    assert stamp[:3] == (organisation.id, organisation.updated_at,
                         organisation.academie.updated_at)
    # Latest change, count and sum of versions of its activities; the findings' latest
    # computation and sums; the académie's processors (latest change, count).
    assert stamp[4:6] == (1, cantine.version)
    assert stamp[-1] == 1 and stamp[-2] == host.updated_at
    # Three activities, each with its findings' summary row: nothing counted twice.
    summaries = db.session.scalars(sa.select(ActivityCompliance).join(Activity).where(
        Activity.organisation_id == other.id)).all()
    assert len(summaries) == 3
    assert lookup(other.uai)[1][4:10] == (
        3, 3, max(summary.computed_at for summary in summaries)) + tuple(
        sum(getattr(summary, name) for summary in summaries)
        for name in ("score", "errors", "warnings"))
    assert lookup("0000000A") is None


def test_a_cached_page_sends_the_validators_of_its_body(client, school, renders):
    organisation = school[0]
    first = client.get(f"/registre/{organisation.uai}")
    again = client.get(f"/registre/{organisation.uai}")
    assert len(renders) == 1 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"] == f'"{generate_etag(first.data)}"'
    assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
    assert again.content_type == "text/html; charset=utf-8"
    assert client.get(f"/registre/{organisation.uai}",
                      headers={"If-None-Match": again.headers["ETag"]}).status_code == 304
