"""The fiche catalogue covers every column, and every output speaks its one label per field."""
import sqlalchemy as sa

from registre.activities.forms import FIELDSETS, ActivityForm
from registre.activities.row_forms import ROW_FORMS
from registre.exports.fields import part_header
from registre.exports.layout import (
    CNIL_FICHE_SECTIONS,
    FULL_HEADERS,
    LONG_SHEETS,
    long_headers,
    place_fields,
)
from registre.fiche.fields import FIELDS, FIELDS_BY_KEY
from registre.fiche.kinds import ROW_SYSTEM_COLUMNS, Field, Kind, Source
from registre.fiche.rows import ROW_TABLES
from registre.fiche.sections import SECTIONS, section_of
from registre.history.labels import column_label, field_label
from registre.imports.own_xlsx import (
    LIST_COLUMNS,
    OBJECT_COLUMNS,
    PROCESSOR_COLUMNS,
    ROW_COLUMNS,
    SCALAR_COLUMNS,
)
from registre.models import Activity, Status
from registre.public.wording import HEADINGS
from tests.factories import activity_data, make_activity, make_organisation

EDITED_OBJECTS = [entry for entry in FIELDS if entry.kind is Kind.OBJECT
                  and entry.source is Source.EDITED]
ROW_FIELDS = [entry for entry in FIELDS if entry.kind is Kind.ROWS]


def model_columns(model) -> set[str]:
    return {attribute.key for attribute in sa.inspect(model).column_attrs}


def test_every_column_of_an_activity_is_in_the_catalogue():
    declared = {column for entry in FIELDS for column in entry.model_columns()}
    assert model_columns(Activity) - declared == set(), "colonnes absentes du catalogue"
    assert declared - model_columns(Activity) == set(), "colonnes du catalogue sans modèle"


def test_every_column_of_every_row_table_is_in_the_catalogue():
    relationships = {rel.key: rel.mapper.class_ for rel in sa.inspect(Activity).relationships}
    assert set(ROW_TABLES) == {entry.key for entry in ROW_FIELDS}
    for key, table in ROW_TABLES.items():
        assert relationships[key] is table.model, key
        columns = model_columns(table.model)
        assert set(ROW_SYSTEM_COLUMNS) <= columns, key
        assert columns - set(ROW_SYSTEM_COLUMNS) == set(table.keys), key


def test_texts_are_bounded_like_their_column():
    bounded = (Kind.TEXT, Kind.CODE, Kind.EMAIL, Kind.URL)
    pairs = [(Activity.__table__.c[entry.key], entry) for entry in FIELDS
             if entry.kind in bounded and not entry.attribute]
    pairs += [(Activity.__table__.c[f"{entry.key}_{part.key}"], part) for entry in FIELDS
              if entry.prefixed for part in entry.table.fields if part.kind in bounded]
    pairs += [(table.model.__table__.c[column.key], column) for table in ROW_TABLES.values()
              for column in table.fields if column.kind in bounded]
    assert len(pairs) > 20
    for column, entry in pairs:
        assert entry.limit == column.type.length, column


def test_every_field_has_one_section_and_every_section_its_fields():
    anchors = [section.anchor for section in SECTIONS]
    assert len(set(anchors)) == len(anchors)
    assert [key for section in SECTIONS for key in section.keys] == [e.key for e in FIELDS]
    assert [anchor for anchor, _, _ in FIELDSETS] == anchors
    assert section_of("recipients[2].processor") == "destinataires"
    assert section_of("hosting_processor") == "hebergement"
    assert section_of("data_categories[0].retention") == "donnees"


def test_each_kind_has_what_it_needs():
    for entry in [*FIELDS, *(column for t in ROW_TABLES.values() for column in t.fields)]:
        if entry.kind in (Kind.ENUM, Kind.ENUM_LIST):
            assert entry.vocabulary is not None, entry.key
        if entry.kind in (Kind.OBJECT, Kind.ROWS):
            assert entry.table is not None, entry.key
        assert entry.source is not Source.EDITED or entry.help, f"aide manquante : {entry.key}"
        if entry.question:  # a heading of the public card (its wording is public/'s)
            assert entry.public and entry.question in HEADINGS, entry.key


def test_form_history_and_export_say_the_same_label(app):
    form = ActivityForm(organisation=make_organisation(), meta={"csrf": False})
    for entry in FIELDS:
        said = {"history": field_label(entry.key)}
        if entry.source is Source.EDITED:
            said["form"] = form[entry.key].label.text
        if entry.exported and entry not in EDITED_OBJECTS:
            said["Vue complète"] = entry.label if entry.label in FULL_HEADERS else None
        if entry.kind is Kind.TEXT_LIST:
            said["long sheet"] = entry.label if entry.label in LONG_SHEETS else None
        assert set(said.values()) == {entry.label}, (entry.key, said)


def test_rows_and_object_parts_say_the_same_label_everywhere(app):
    for entry in ROW_FIELDS:
        row_form = ROW_FORMS[entry.table.name](meta={"csrf": False})
        headers = long_headers(entry.table.sheet)
        for column in entry.table.fields:
            said = {"form": row_form[column.key].label.text,
                    "history": column_label(entry.key, column.key),
                    "long sheet": column.label if column.label in headers else None}
            assert set(said.values()) == {column.label}, (entry.key, column.key, said)
    form = ActivityForm(organisation=make_organisation(), meta={"csrf": False})
    for entry in EDITED_OBJECTS:
        for part in entry.table.fields:
            said = {"form": form[entry.key][part.key].label.text,
                    "history": column_label(entry.key, part.key)}
            assert set(said.values()) == {part.label}, (entry.key, part.key, said)
            assert part_header(entry, part) in FULL_HEADERS


def test_the_import_reads_back_every_exported_field_a_user_writes():
    read = {*SCALAR_COLUMNS, *LIST_COLUMNS, *PROCESSOR_COLUMNS,
            *(header for parts in OBJECT_COLUMNS.values() for header in parts.values())}
    for entry in FIELDS:
        if entry.writable and entry.exported and entry.kind not in (Kind.ROWS, Kind.TEXT_LIST):
            headers = [part_header(entry, part) for part in entry.table.fields] \
                if entry.kind is Kind.OBJECT else [entry.label]
            assert set(headers) <= read, entry.key
    for entry in ROW_FIELDS:
        for column in entry.table.fields:
            assert set(column.headers) <= set(ROW_COLUMNS[entry.table.sheet]), column.key
    assert ROW_COLUMNS["Sous-finalités"] == {"Sous-finalité": "text"}


def test_the_fiche_sheet_shows_every_exported_field_a_new_one_too():
    shown = {key for _, keys in CNIL_FICHE_SECTIONS for key in keys}
    assert shown == {entry.key for entry in FIELDS if entry.exported}
    new_field = Field("decided_on", "Date de décision", Kind.DATE, section="description")
    fields = list(FIELDS)
    fields.insert(fields.index(FIELDS_BY_KEY["software_vendor"]) + 1, new_field)
    description = dict(place_fields(CNIL_FICHE_SECTIONS, fields))["Description du traitement"]
    assert description[description.index("software_vendor") + 1] == "decided_on"


# --- public or not -------------------------------------------------------------------------

CANARY = "CANARI-7f3a"
PRIVATE_DAY = "1913-07-14"
_TEXTS = (Kind.TEXT, Kind.LONG_TEXT, Kind.EMAIL)


def _private_value(entry, key: str):
    if entry.kind in _TEXTS:
        return f"{CANARY}-{key}"
    if entry.kind is Kind.URL:
        return f"https://x.example/{CANARY}-{key}"
    if entry.kind is Kind.DATE:
        return PRIVATE_DAY
    return None


def _private_payload() -> dict:
    """An activity whose every private text or date holds a canary (from the catalogue)."""
    payload = activity_data()
    for entry in FIELDS:
        if entry.source is not Source.EDITED:
            continue
        if entry.kind is Kind.OBJECT:
            payload[entry.key] = {part.key: (_private_value(part, f"{entry.key}.{part.key}")
                                             if not (entry.public and part.public) else "")
                                  or "" for part in entry.table.fields}
        elif entry.kind is Kind.ROWS:
            rows = payload[entry.key] = payload.get(entry.key) or [{}]
            for column in entry.table.fields:
                value = _private_value(column, f"{entry.key}.{column.key}")
                if value and not (entry.public and column.public):
                    rows[0][column.key] = value
        elif not entry.public:
            value = _private_value(entry, entry.key)
            if value:
                payload[entry.key] = value
    payload["joint_controllers"][0].update(title="Commune", role_split="Tablettes")
    payload["transfers"][0].update(recipient="Support", country="US", guarantee="cct")
    return payload


def test_no_field_the_catalogue_keeps_private_reaches_the_public_page(client, app):
    organisation = make_organisation()
    activity = make_activity(organisation, status=Status.EN_SERVICE, **_private_payload())
    assert activity.internal_notes.startswith(CANARY) and activity.last_reviewed_on
    assert activity.security_measures[0].details.startswith(CANARY)
    for suffix in ("", ".json", ".csv"):
        response = client.get(f"/registre/{organisation.uai}{suffix}")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "Vie scolaire et notes" in text
        assert CANARY not in text and PRIVATE_DAY not in text and "14/07/1913" not in text
    assert FIELDS_BY_KEY["security_measures"].public is False
    assert FIELDS_BY_KEY["internal_notes"].public is False
