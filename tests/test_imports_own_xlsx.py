"""Our own XLSX export read back ("Vue complète" + long sheets + "Textes longs")."""
import io

from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook

from registre.activities.serialization import activity_to_dict
from registre.activities.services import create_activity, list_activities
from registre.exports import layout
from registre.exports.cells import LONG_TEXT_HEADERS, LONG_TEXT_SHEET, SheetBase, clean_text
from registre.extensions import db
from registre.imports.own_xlsx import REPRESENTATIVE_NOTE
from registre.imports.services import commit_import, read_import
from registre.models import Processor
from tests.factories import activity_data, make_academie, make_organisation
from tests.test_imports_roundtrip import ACTIVITY_TEXTS, comparable, full_data


class Context:
    """What the layout getters need from the exporter."""

    def __init__(self, organisation):
        self.organisation = organisation
        self.processors = {p.id: p.name for p in db.session.query(Processor)}
        self.dpd_contact = {"name": "DPD"}

    def organisation_name(self, uai):
        return self.organisation.name

    def processor_name(self, processor_id):
        return self.processors.get(processor_id, "")


def layout_workbook(organisation) -> bytes:
    """A workbook with the layout's "Vue complète", long sheets and "Textes longs"."""
    context = Context(organisation)
    activities = [activity_to_dict(a) for a in list_activities(organisation)]
    workbook = Workbook()
    workbook.remove(workbook.active)
    overflow: list = []

    def write(name, headers, rows):
        sheet, base = workbook.create_sheet(name), SheetBase(name, overflow)
        base.headers = tuple(headers)
        sheet.append(base.prepare(headers))
        for row in rows:
            sheet.append([{"v": v} and v for v in base.prepare(row)])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"

    write(layout.FULL_SHEET, layout.FULL_HEADERS,
          [layout.full_row(a, context) for a in activities])
    for name in layout.LONG_SHEETS:
        write(name, layout.long_headers(name),
              [row for a in activities for row in layout.long_rows(name, a, context)])
    if overflow:
        long_sheet = workbook.create_sheet(LONG_TEXT_SHEET)
        long_sheet.append(list(LONG_TEXT_HEADERS))
        for sheet_name, row, column, part, text in overflow:
            # Row numbers count the header as row 1, like the sheet.
            long_sheet.append([sheet_name, row, column, part, text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_layout_round_trip_gives_identical_activities(app):
    academie = make_academie()
    source, target = make_organisation(academie), make_organisation(academie)
    processor = Processor(academie=academie, name="Éditeur SAS")
    db.session.add(processor)
    db.session.flush()
    create_activity(source, full_data(processor.id, internal_notes="x" * 40_000), None)
    create_activity(source, activity_data(reference="R-43", name="Deuxième"), None)
    db.session.commit()
    parsed = read_import("registre.xlsx", layout_workbook(source), target)
    assert parsed.source == "own_xlsx"
    assert parsed.problems == []
    assert parsed.notes == [REPRESENTATIVE_NOTE]
    commit_import(target, parsed, None)
    db.session.commit()
    copies = list_activities(target)
    # Documented rule: the one-line "Représentant" cell comes back as the representative's name.
    assert copies[0].representative == {"title": "", "name": "T, N, A, e@x.fr, 02",
                                        "address": "", "email": "", "phone": ""}
    assert_same_activities(copies, list_activities(source), ignore={"representative"})


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
@given(values=ACTIVITY_TEXTS)
def test_any_text_survives_xlsx_export_then_import(app, values):
    values = dict(values, representative=None)
    source, target = make_organisation(), make_organisation()
    create_activity(source, activity_data(**values), None)
    db.session.flush()
    try:
        parsed = read_import("registre.xlsx", layout_workbook(source), target)
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
