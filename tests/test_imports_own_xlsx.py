"""Our own XLSX and ODS exports read back ("Vue complète" + long sheets + "Textes longs")."""

import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registre.activities.services import create_activity, list_activities
from registre.cells import clean_text
from registre.extensions import db
from registre.fiche.fields import label
from registre.imports.services import commit_import, read_import
from registre.models import Processor
from tests.export_helpers import export_file
from tests.factories import activity_data, make_academie, make_organisation
from tests.import_helpers import ACTIVITY_TEXTS, comparable, full_data


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_spreadsheet_round_trip_gives_identical_activities(app, fmt):
    academie = make_academie()
    source, target = make_organisation(academie), make_organisation(academie)
    processor = Processor(academie=academie, name="Éditeur SAS")
    db.session.add(processor)
    db.session.flush()
    create_activity(source, full_data(processor.id, internal_notes="x" * 10_000), None)
    create_activity(source, activity_data(reference="R-43", name="Deuxième"), None)
    db.session.commit()
    parsed = read_import(f"registre.{fmt}", export_file(source, fmt), target)
    assert parsed.source == f"own_{fmt}"
    assert parsed.problems == [] and parsed.notes == []
    commit_import(target, parsed, None)
    db.session.commit()
    assert_same_activities(list_activities(target), list_activities(source))


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_unanswered_yes_no_questions_read_non_renseigne_and_come_back_unknown(app, fmt):
    """Design §8: an unknown answer is « Non renseigné », never a blank a reader takes for
    « non »; re-importing the file keeps it unknown."""
    source, target = make_organisation(), make_organisation()
    create_activity(source, activity_data(consent_required=None, collection_mandatory=None),
                    None)
    db.session.commit()
    data = export_file(source, fmt)
    engine = "odf" if fmt == "ods" else "openpyxl"
    full = pd.read_excel(io.BytesIO(data), sheet_name="Vue complète", dtype=str,
                         keep_default_na=False, engine=engine)
    assert full[label("consent_required")].tolist() == ["Non renseigné"]
    assert full[label("collection_mandatory")].tolist() == ["Non renseigné"]
    parsed = read_import(f"registre.{fmt}", data, target)
    assert parsed.problems == []
    commit_import(target, parsed, None)
    db.session.commit()
    [copy] = list_activities(target)
    assert copy.consent_required is None
    assert copy.collection_mandatory is None


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "json"])
def test_older_export_with_a_text_the_form_refuses_is_a_clear_problem(app, fmt):
    source, target = make_organisation(), make_organisation()
    # Written directly (not through the form), as an older version could have stored it.
    create_activity(source, activity_data(internal_notes="x" * 40_000), None)
    db.session.commit()
    parsed = read_import(f"registre.{fmt}", export_file(source, fmt), target)
    assert [str(problem) for problem in parsed.problems] == [
        f"{parsed.origins[0]}, champ « Notes internes » : Ce texte est trop long : "
        "40\u202f000 caractères pour 10\u202f000 au plus. Raccourcissez-le (mettez le détail "
        "dans un document lié)."]


def assert_same_activities(copies, originals, ignore=frozenset()) -> None:
    """Compare field by field so that a failure names the fields that differ."""
    assert len(copies) == len(originals)
    for copy, original in zip(copies, originals):
        copy, original = comparable(copy), comparable(original)
        assert {key: (copy.get(key), value) for key, value in original.items()
                if copy.get(key) != value and key not in ignore} == {}

def _cleaned(value):
    """Export rules: characters XML cannot hold become U+FFFD; XML reads CR and CRLF as LF."""
    if isinstance(value, str):
        return clean_text(value).replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(values=ACTIVITY_TEXTS, fmt=st.sampled_from(["xlsx", "ods"]))
def test_any_text_survives_spreadsheet_export_then_import(app, values, fmt):
    source, target = make_organisation(), make_organisation()
    create_activity(source, activity_data(**values), None)
    db.session.flush()
    try:
        parsed = read_import(f"registre.{fmt}", export_file(source, fmt), target)
        assert parsed.problems == []
        [copy] = commit_import(target, parsed, None)
        db.session.flush()
        [original] = list_activities(source)
        expected = _cleaned(comparable(original))
        got = comparable(copy)
        assert {key: (got.get(key), value) for key, value in expected.items()
                if got.get(key) != value} == {}
    finally:
        db.session.rollback()
