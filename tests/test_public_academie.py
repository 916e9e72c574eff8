"""Issue 16.2: an académie at a glance for parents and associations, as a page and open data."""
import csv
import io
import json

import pytest
import sqlalchemy as sa

from registre.activities.workflow import transition_activity
from registre.demo import microsoft
from registre.extensions import db
from registre.models import Activity, OrganisationKind, Status
from tests.factories import (
    make_academie,
    make_activity,
    make_organisation,
    make_processor,
    make_user,
)
from tests.public_support import microsoft_2015, publish, text_of


def _pronote(organisation, index):
    return publish(organisation, name="Vie scolaire", software="Pronote",
                   software_vendor="Index Éducation", hosting="prestataire",
                   hosting_processor_id=index.id, storage_countries=[],
                   recipients=[{"kind": "sous_traitant", "name": "Index Éducation",
                                "processor_id": index.id, "data_categories": ["etat_civil"]}])


def _academie(schools: int = 2):
    """Versailles: colleges with Pronote, one école with the ended 2015 Microsoft fiche."""
    academie = make_academie(name="Académie de Versailles", code="versailles")
    index = make_processor(academie, name="Index Éducation", jurisdiction="FR",
                           datacenter_countries=["FR"])
    microsoft = make_processor(academie, name="Microsoft", jurisdiction="US",
                               datacenter_countries=["IE"])
    secret = make_processor(academie, name="Prestataire non publié", jurisdiction="FR")
    for number in range(schools):
        college = make_organisation(academie, name=f"Collège {number}",
                                    kind=OrganisationKind.COLLEGE)
        _pronote(college, index)
    ecole = make_organisation(academie, name="École des Tilleuls", kind=OrganisationKind.ECOLE)
    ended = microsoft_2015(ecole, microsoft)
    transition_activity(ended, make_user("responsable", organisation=ecole), Status.TERMINE)
    incomplete = publish(ecole, name="Garderie", informed="inconnu", software="",
                         storage_countries=["DE"])
    hidden = publish(ecole, name="Non publié", published=False, recipients=[
        {"kind": "sous_traitant", "name": "x", "processor_id": secret.id,
         "data_categories": ["etat_civil"]}])
    make_activity(ecole, None, Status.BROUILLON, name="Brouillon", software="Secret")
    other = make_organisation(make_academie(code="lyon"), name="Collège de Lyon")
    _pronote(other, make_processor(other.academie, name="Index Lyon"))
    db.session.commit()
    return academie, incomplete, hidden


def test_overview_lists_processors_countries_answers_and_ended_activities(client):
    _academie()
    response = client.get("/registre/academies/versailles")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public") and response.last_modified
    assert "Cookie" not in response.headers.get("Vary", "")
    text = text_of(response.get_data(as_text=True))
    assert "Index Éducation France (Union européenne) 2" in text
    assert "Pronote Index Éducation 2" in text
    assert "France Union européenne 2" in text and "Allemagne Union européenne 1" in text
    assert "Irlande" not in text  # the ended Microsoft fiche counts in its own section only
    assert "Prestataire non publié" not in text and "Brouillon" not in text
    assert "Index Lyon" not in text and "Collège de Lyon" not in text
    # 2 Pronote fiches answer every question, the Garderie does not: 67 %.
    assert "67 % des traitements en service (2 sur 3" in text
    assert "École des Tilleuls (École) — 1 question des familles sans réponse" in text
    ended = text.split("Traitements terminés")[1]
    assert "Office 365 Éducation (partenariat 2015) — École des Tilleuls" in ended
    for question in ("Les parents ont-ils été informés ?", "Leur accord a-t-il été demandé ?",
                     "Quel texte ont-ils signé ?", "Où les données sont-elles stockées ?",
                     "Combien de temps sont-elles conservées ?"):
        assert question in ended
    assert "Microsoft" not in text.split("Traitements terminés")[0]
    listing = client.get("/registre?academie=versailles").get_data(as_text=True)
    assert 'href="/registre/academies/versailles"' in listing


def test_filter_by_kind_and_open_data(client):
    _academie()
    ecoles = client.get("/registre/academies/versailles.json?type=ecole").get_json()
    assert ecoles["kind"] == "ecole" and ecoles["schools"] == 1
    assert ecoles["processors"] == [] and ecoles["services"] == []
    assert [item["name"] for item in ecoles["ended_activities"]] == [
        "Office 365 Éducation (partenariat 2015)"]
    everything = client.get("/registre/academies/versailles.json").get_json()
    assert [(p["name"], p["schools"]) for p in everything["processors"]] == [
        ("Index Éducation", 2)]
    assert [(c["code"], c["schools"]) for c in everything["countries"]] == [("FR", 2),
                                                                          ("DE", 1)]
    assert everything["answered"] == {"activities": 2, "total": 3, "percent": 67}
    raw = client.get("/registre/academies/versailles.csv").get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Rubrique", "Nom", "Précision", "Nombre d'établissements", "Valeur"]
    assert ["Sous-traitant", "Index Éducation", "France", "2", ""] in rows
    assert any(row[0] == "Traitement terminé" and "Quel texte ont-ils signé ?" in row[4]
               for row in rows)
    json.dumps(everything)  # plain JSON
    assert client.get("/registre/academies/inconnue").status_code == 404
    assert client.get("/registre/academies/versailles?type=<script>").status_code == 200


@pytest.mark.parametrize("suffix", ["", ".json", ".csv"])
def test_query_count_does_not_grow_with_the_schools(app, count_queries, suffix):
    counts = []
    for schools in (2, 12):
        _academie(schools)
        db.session.expunge_all()
        client = app.test_client()
        with count_queries() as statements:
            response = client.get(f"/registre/academies/versailles{suffix}")
        assert response.status_code == 200
        counts.append(len(statements))
        db.session.rollback()
        _clear()
    assert counts[0] == counts[1] and counts[1] <= 10, counts


def _clear():
    """Drop every row, so that the next size starts from an empty database."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def test_demo_versailles_shows_its_processors_and_the_ended_2015_partnership(runner, client):
    """Done-when of issue 16.2 on the demo (the `legal` work ends the 2015 fiche in the seed;
    it is ended here too when the seed still has it in service)."""
    assert runner.invoke(args=["registre", "seed-demo"]).exit_code == 0
    fiche = db.session.scalars(sa.select(Activity).where(Activity.name == microsoft.NAME)).one()
    if fiche.status != Status.TERMINE:
        responsable = make_user("responsable", organisation=fiche.organisation)
        transition_activity(fiche, responsable, Status.TERMINE)
    db.session.commit()
    text = text_of(client.get("/registre/academies/versailles").get_data(as_text=True))
    active, ended = text.split("Traitements terminés")
    assert "Index Éducation" in active
    assert microsoft.NAME in ended
    assert "Les parents ont-ils été informés ?" in ended.split(microsoft.NAME)[1]
