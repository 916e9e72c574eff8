"""Issue 11 point 14: the open-data CSV speaks French (« Droit d'accès », the parents'
questions in words), never the internal codes (``acces | rectification``, ``informes``); the
JSON, documented as machine-readable, keeps the codes beside their French text."""
import csv
import io

from registre.extensions import db
from tests.factories import make_organisation
from tests.public_support import publish


def test_opendata_csv_has_french_labels_json_keeps_codes(client, app):
    organisation = make_organisation()
    publish(organisation, name="Cantine", rights=["acces", "rectification", "opposition"],
            informed="inconnu")
    db.session.commit()
    text = client.get(f"/registre/{organisation.uai}.csv").get_data(as_text=True)
    (row,) = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    rights = row["Droits"].split(" | ")
    assert {"Droit d'accès", "Droit de rectification", "Droit d'opposition"} <= set(rights)
    assert "Les parents ont-ils été informés ?" in row["Questions non renseignées"]
    codes = {"acces", "rectification", "opposition", "informes", "accord", "stockage"}
    assert not codes & {part.strip() for value in row.values() for part in value.split("|")}
    document = client.get(f"/registre/{organisation.uai}.json").get_json()
    card = document["activities"][0]
    assert {"acces", "rectification", "opposition"} <= {item["key"] for item in card["rights"]}
    assert "informes" in card["unanswered_questions"]
