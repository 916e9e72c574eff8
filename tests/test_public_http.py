"""Open data, caching validators, French 404s and a query count that does not grow."""
import csv
import io
import json

import pytest

from registre.compliance.findings import PARENT_QUESTIONS
from registre.extensions import db
from registre.models import Status
from registre.public.opendata import COLUMNS
from tests.factories import (
    make_academie,
    make_activity,
    make_organisation,
    make_processor,
    make_user,
)
from tests.public_support import microsoft_2015, publish


def _register_with(count: int):
    academie = make_academie()
    organisation = make_organisation(academie)
    author = make_user("responsable", organisation=organisation)
    processors = [make_processor(academie, name=f"Prestataire {n}", jurisdiction="US")
                  for n in range(3)]
    for number in range(count):
        processor = processors[number % 3]
        make_activity(organisation, author, Status.EN_SERVICE, name=f"Traitement {number}",
                      hosting="prestataire", hosting_processor_id=processor.id,
                      recipients=[{"kind": "sous_traitant", "name": processor.name,
                                   "processor_id": processor.id,
                                   "data_categories": ["etat_civil"]}],
                      transfers=[{"recipient": processor.name, "country": "US",
                                  "guarantee": "cct"}],
                      joint_controllers=[{"title": "Commune", "role_split": "Matériel"}])
    make_activity(organisation, author, Status.TERMINE, name="Ancien")
    db.session.commit()
    return organisation


@pytest.mark.parametrize("suffix", ["", ".json", ".csv"])
def test_query_count_is_flat_whatever_the_number_of_activities(app, suffix, count_queries):
    counts = []
    for size in (5, 50):
        uai = _register_with(size).uai
        db.session.expunge_all()  # start cold, as a new request would
        client = app.test_client()
        with count_queries() as statements:
            response = client.get(f"/registre/{uai}{suffix}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("Traitement 4") >= 1
        counts.append(len(statements))
    print(f"queries for {suffix or '.html'}: {counts}")
    assert counts[0] == counts[1], counts
    assert counts[1] <= 15, counts


def test_etag_and_last_modified_answer_304(client):
    organisation = make_organisation()
    activity = publish(organisation, name="Cantine")
    db.session.commit()
    url = f"/registre/{organisation.uai}"
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
                      ).status_code == 200

    activity.name = "Cantine et restauration"
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Cantine et restauration" in changed.get_data(as_text=True)


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_open_data_have_their_own_validators(client, suffix):
    organisation = make_organisation()
    publish(organisation)
    db.session.commit()
    url = f"/registre/{organisation.uai}{suffix}"
    first = client.get(url)
    assert first.headers["Cache-Control"] == "public, max-age=300"
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert first.headers["ETag"] != client.get(f"/registre/{organisation.uai}").headers["ETag"]


@pytest.mark.parametrize("path", ["/registre/0750655E", "/registre/0750655E.json",
                                  "/registre/0750655E.csv", "/registre/abc",
                                  "/registre/0750655F", "/registre/%00", "/registre/x.json",
                                  "/registre/" + "9" * 300])
def test_unknown_or_invalid_uai_is_a_french_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    if path.endswith(".json"):
        assert response.get_json() == {"error": "Registre introuvable", "message":
                                       "Aucun registre public ne correspond à cette adresse."}
        return
    assert "Registre introuvable" in text and 'lang="fr"' in text
    assert "0750655F" not in text and "abc" not in text.split("<main")[1]


def test_lower_case_uai_redirects_to_the_canonical_page(client):
    organisation = make_organisation()
    db.session.commit()
    response = client.get(f"/registre/{organisation.uai.lower()}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/registre/{organisation.uai}")


def test_json_holds_the_same_cards_as_the_page(client):
    organisation = make_organisation(name="Collège Open Data")
    processor = make_processor(organisation.academie, name="Microsoft", jurisdiction="US")
    publish(organisation, name="Vie scolaire")
    microsoft_2015(organisation, processor)
    publish(organisation, name="Brouillon caché").status = Status.BROUILLON
    db.session.commit()
    response = client.get(f"/registre/{organisation.uai}.json")
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert data["organisation"]["name"] == "Collège Open Data"
    assert [card["name"] for card in data["activities"]] == [
        "Vie scolaire", "Office 365 Éducation (partenariat 2015)"]
    microsoft = data["activities"][1]
    assert microsoft["unanswered_questions"] == ["informes", "accord", "texte", "donnees",
                                                 "stockage", "duree"]
    assert microsoft["storage"]["foreign_jurisdictions"][0]["country"]["name"] == "États-Unis"


def test_csv_is_utf8_with_bom_semicolons_and_formula_safe(client):
    organisation = make_organisation(name="Lycée CSV", commune="=Commune")
    publish(organisation, name="=HYPERLINK(\"http://x\")", purpose="+33 sommes",
            sub_purposes=[], software="@SUM(A1)")
    publish(organisation, name="－1 pleine largeur", purpose="\tTabulation", sub_purposes=[])
    publish(organisation, name="Normal", purpose="Une finalité ; avec point-virgule\net ligne",
            sub_purposes=[])
    db.session.commit()
    response = client.get(f"/registre/{organisation.uai}.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="registre-' in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == COLUMNS
    by_name = {row[COLUMNS.index("Traitement")]: dict(zip(COLUMNS, row)) for row in rows[1:]}
    assert set(by_name) == {"'=HYPERLINK(\"http://x\")", "'－1 pleine largeur", "Normal"}
    first = by_name["'=HYPERLINK(\"http://x\")"]
    assert first["Commune"] == "'=Commune"
    assert first["Pourquoi ?"] == "'+33 sommes"
    assert by_name["'－1 pleine largeur"]["Pourquoi ?"] == "'\tTabulation"
    normal = by_name["Normal"]
    assert normal["Pourquoi ?"] == "Une finalité ; avec point-virgule\net ligne"
    # The page's own sentence (registre.fiche.answers.consent_answer), not a bare "Non".
    assert normal["Informés"] == "Oui"
    assert normal["Accord demandé"] == ("Non, votre accord n'est pas demandé. "
                                        "Mission d'intérêt public")
    assert normal["Pays de stockage"] == "France (Union européenne)"
    assert normal["Questions non renseignées"] == ""


def test_csv_read_back_by_pandas(client):
    pandas = pytest.importorskip("pandas")
    organisation = make_organisation()
    processor = make_processor(organisation.academie, name="Microsoft", jurisdiction="US")
    microsoft_2015(organisation, processor)
    db.session.commit()
    raw = client.get(f"/registre/{organisation.uai}.csv").get_data()
    frame = pandas.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig", dtype=str,
                            keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    row = frame.iloc[0]
    assert row["Questions non renseignées"] == " | ".join(PARENT_QUESTIONS.values())
    assert row["Société mère hors UE"] == "Microsoft : États-Unis"
    assert row["Qui les reçoit ?"] == "Microsoft (données non précisées)"
