"""Round trips: an exported register imported into another organisation gives the same activities."""
import json

import pytest
from hypothesis import HealthCheck, given, settings

from registre.activities.services import create_activity, list_activities
from registre.exports.layout import FORMAT_VERSION
from registre.extensions import db
from registre.imports.services import commit_import, read_import
from registre.models import Processor, Status
from tests.export_helpers import export_file
from tests.factories import activity_data, make_academie, make_activity, make_organisation
from tests.import_helpers import ACTIVITY_TEXTS, comparable, full_data


def export_json(organisation) -> bytes:
    """The JSON export of the organisation."""
    data = export_file(organisation, "json")
    assert json.loads(data)["format"] == FORMAT_VERSION
    return data


def test_json_round_trip_gives_identical_activities(app):
    academie = make_academie()
    source, target = make_organisation(academie), make_organisation(academie)
    processor = Processor(academie=academie, name="Éditeur SAS")
    db.session.add(processor)
    db.session.flush()
    create_activity(source, full_data(processor.id), None, Status.EN_SERVICE)
    make_activity(source, reference="R-43", name="Deuxième")
    db.session.commit()
    parsed = read_import("registre.json", export_json(source), target)
    assert parsed.problems == [] and parsed.notes == []
    commit_import(target, parsed, None)
    db.session.commit()
    originals = [comparable(a) for a in list_activities(source)]
    copies = [comparable(a) for a in list_activities(target)]
    assert copies == originals
    assert all(a.status == Status.BROUILLON for a in list_activities(target))


def test_json_round_trip_to_another_academie_unlinks_processors(app):
    academie = make_academie()
    source, target = make_organisation(academie), make_organisation()
    processor = Processor(academie=academie, name="Éditeur SAS")
    db.session.add(processor)
    db.session.flush()
    create_activity(source, full_data(processor.id), None)
    db.session.commit()
    parsed = read_import("registre.json", export_json(source), target)
    assert parsed.problems == []
    assert parsed.notes == ["Sous-traitants absents du catalogue de l'académie, non reliés "
                            f"(le nom du destinataire est conservé) : n° {processor.id}."]
    [copy] = commit_import(target, parsed, None)
    db.session.flush()
    assert copy.recipients[0].processor_id is None and copy.hosting_processor_id is None
    assert copy.recipients[0].name == "Éditeur"


@pytest.mark.parametrize(("change", "message"), [
    ({"informed": "peut-être"},
     "« Personnes informées » : Valeur inconnue : « peut-être »"),
    ({"min_age": "douze"}, "« Âge minimum » : Valeur de type incorrect : un nombre entier"),
    ({"min_age": 120}, "« Âge minimum » : L'âge doit être un nombre entier entre 0 et 99."),
    ({"information_date": "31/02/2025"}, "« Date de l'information » : Date invalide"),
    ({"name": " "}, "« Nom du traitement » : Indiquez le nom du traitement."),
    ({"name": "x" * 301}, "« Nom du traitement » : Ce texte est trop long : 301 caractères"),
    ({"purpose": "x" * 10_001}, "« Finalité principale » : Ce texte est trop long : 10\u202f001"),
    ({"legal_bases": [{"basis": "6.1.z"}]},
     "« Bases légales, ligne 1, Base légale » : Valeur inconnue : « 6.1.z »"),
    ({"transfers": [{"recipient": "Support", "country": "Atlantide", "guarantee": "cct"}]},
     "« Transferts hors UE, ligne 1, Pays » : Code pays inconnu"),
    ({"purpose": "a\x00b"}, "caractère de contrôle invisible (U+0000)"),
    ({"name": "a\x07b"}, "caractère de contrôle invisible (U+0007)"),
    ({"dpia_url": "javascript:alert(1)"}, "« Lien vers l'AIPD » : Adresse web invalide"),
    ({"subject_categories": [{"details": "sans catégorie"}]},
     "« Catégories de personnes concernées, ligne 1, Catégorie de personnes » : Choisissez"),
    ({"colour": "bleu"}, "« colour » : Champ inconnu"),
])
def test_json_validation_problems_name_the_activity_and_field(app, change, message):
    organisation = make_organisation()
    document = {"activities": [activity_data(name="Bon"), activity_data(**change)]}
    parsed = read_import("r.json", json.dumps(document).encode(), organisation)
    assert len(parsed.problems) == 1
    assert str(parsed.problems[0]).startswith("Traitement n° 2, champ « ")
    assert message in str(parsed.problems[0])


# --- property: any text survives export → import -------------------------------------

@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(values=ACTIVITY_TEXTS)
def test_any_text_survives_json_export_then_import(app, values):
    source, target = make_organisation(), make_organisation()
    create_activity(source, activity_data(**values), None)
    db.session.flush()
    try:
        parsed = read_import("registre.json", export_json(source), target)
        assert parsed.problems == []
        [copy] = commit_import(target, parsed, None)
        db.session.flush()
        db.session.expire_all()
        assert [comparable(a) for a in list_activities(target)] == \
            [comparable(a) for a in list_activities(source)]
    finally:
        db.session.rollback()
