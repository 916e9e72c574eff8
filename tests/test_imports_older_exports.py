"""A register exported before the fiche catalogue (older headers) still imports, unchanged.

``tests/data/export-before-catalogue.{xlsx,ods,json}`` were written together by the version
before the catalogue renamed some headers (« Texte réglementaire », « Logiciel », « Type de
Garanties »…) and gave the representative its own columns. The JSON says what was exported.
"""
import json
from pathlib import Path

import pytest

from registre.activities.services import list_activities
from registre.extensions import db
from registre.fiche.serialization import SYSTEM_FIELDS, activity_to_dict
from registre.imports.own_xlsx import REPRESENTATIVE_NOTE
from registre.imports.services import commit_import, read_import
from registre.imports.spreadsheet import read_ods, read_xlsx
from registre.models import Processor
from tests.factories import make_academie, make_organisation

DATA = Path(__file__).parent / "data"
OLD_HEADERS = ("Texte réglementaire", "Logiciel", "Éditeur du logiciel", "Publié",
               "Condition de l'article 9", "Motif (consentement)", "Critères AIPD")
READERS = {"xlsx": read_xlsx, "ods": read_ods}


def exported_activities() -> list[dict]:
    """The activities as the older version exported them (its JSON file)."""
    document = json.loads((DATA / "export-before-catalogue.json").read_text(encoding="utf-8"))
    return document["activities"]


def upgraded(values: dict, legacy_false: str = "non") -> dict:
    """Fields added since (issue 10): a boolean automated decision becomes oui/non/inconnu
    (a spreadsheet says « Non »; an older JSON's false may be the untouched default, so
    « inconnu »), data rows gain their own art. 9.2 condition (empty)."""
    values = dict(values)
    if isinstance(values.get("automated_decision"), bool):
        values["automated_decision"] = "oui" if values["automated_decision"] else legacy_false
    values["data_categories"] = [{"art9_condition": None, **row}
                                 for row in values["data_categories"]]
    return values


def expected(activity: dict, processor_id: int) -> dict:
    """What the spreadsheet must give back: the exported values, processors found by name."""
    values = {key: value for key, value in activity.items() if key not in SYSTEM_FIELDS}
    values = upgraded(values)
    if values["hosting_processor_id"] is not None:
        values["hosting_processor_id"] = processor_id
    values["recipients"] = [dict(row, processor_id=processor_id if row["processor_id"] else None)
                            for row in values["recipients"]]
    representative = values["representative"]
    if representative:  # one line in the older file, taken back as the name
        line = ", ".join(value for value in representative.values() if value)
        values["representative"] = dict.fromkeys(representative, "") | {"name": line}
    return values


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_spreadsheet_exported_before_the_catalogue_imports_the_same_activities(app, fmt):
    content = (DATA / f"export-before-catalogue.{fmt}").read_bytes()
    sheets = {sheet.name: sheet for sheet in READERS[fmt](content)}
    assert set(OLD_HEADERS) <= set(sheets["Vue complète"].rows[0])
    assert "Type de Garanties" in sheets["Transferts"].rows[0]
    academie = make_academie()
    processor = Processor(academie=academie, name="Éditeur SAS")
    db.session.add(processor)
    target = make_organisation(academie)
    db.session.commit()
    parsed = read_import(f"registre.{fmt}", content, target)
    assert parsed.source == f"own_{fmt}"
    assert parsed.problems == []
    assert parsed.notes == [REPRESENTATIVE_NOTE]
    commit_import(target, parsed, None)
    db.session.commit()
    copies = [activity_to_dict(copy) for copy in list_activities(target)]
    originals = exported_activities()
    assert len(copies) == len(originals) == 2
    for copy, original in zip(copies, originals):
        wanted = expected(original, processor.id)
        assert {key: (copy.get(key), value) for key, value in wanted.items()
                if copy.get(key) != value} == {}


def test_json_exported_before_the_catalogue_imports_the_same_activities(app):
    target = make_organisation()
    parsed = read_import("registre.json", (DATA / "export-before-catalogue.json").read_bytes(),
                         target)
    assert parsed.problems == []
    commit_import(target, parsed, None)
    db.session.commit()
    copies = [activity_to_dict(copy) for copy in list_activities(target)]
    for copy, original in zip(copies, exported_activities(), strict=True):
        unlinked = dict(upgraded(original, legacy_false="inconnu"), hosting_processor_id=None,
                        recipients=[dict(row, processor_id=None)
                                    for row in original["recipients"]])
        assert {key: (copy.get(key), value) for key, value in unlinked.items()
                if key not in SYSTEM_FIELDS and copy.get(key) != value} == {}
