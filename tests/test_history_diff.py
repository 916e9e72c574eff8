"""The pure field-level diff between two snapshots (rows included)."""
import copy

import pytest

from registre.history.diff import ADDED, CHANGED, REMOVED, Change, diff_snapshots

BASE = {
    "id": 1, "name": "Vie scolaire", "status": "brouillon", "version": 3,
    "updated_at": "2026-11-28T10:00:00", "purpose": "Suivre la scolarité",
    "storage_countries": ["FR"], "published": True,
    "controller": {"title": "Chef d'établissement", "name": "A. Durand", "email": ""},
    "information_notice": None,
    "data_categories": [
        {"category": "etat_civil", "description": "Nom, prénom", "active_duration": 1,
         "active_unit": "ans", "final_fate": "destruction"},
        {"category": "vie_scolaire", "description": "Notes", "active_duration": None,
         "active_unit": None, "final_fate": "destruction"},
    ],
    "recipients": [{"kind": "service_interne", "name": "Équipe pédagogique",
                    "data_categories": ["etat_civil"]}],
}


def edited(**changes) -> dict:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def test_identical_snapshots_have_no_change():
    assert diff_snapshots(BASE, copy.deepcopy(BASE)) == []


def test_version_and_update_time_are_not_changes():
    assert diff_snapshots(BASE, edited(version=4, updated_at="2026-11-29T08:00:00")) == []


def test_scalar_change_has_french_label_and_values():
    [change] = diff_snapshots(BASE, edited(status="en_service", ))
    assert change == Change("status", CHANGED, "brouillon", "en_service")
    assert change.label == "Statut"
    assert (change.before_text, change.after_text) == ("Brouillon", "En service")


@pytest.mark.parametrize("old, new, before_text, after_text", [
    (True, False, "Oui", "Non"),
    (["FR"], ["FR", "IE"], "FR", "FR ; IE"),
    ("", "Nouvelle finalité", "—", "Nouvelle finalité"),
])
def test_values_are_rendered_in_french(old, new, before_text, after_text):
    field = {bool: "published", list: "storage_countries", str: "purpose"}[type(old)]
    [change] = diff_snapshots(edited(**{field: old}), edited(**{field: new}))
    assert (change.before_text, change.after_text) == (before_text, after_text)


def test_changed_row_column_says_which_row_and_column():
    after = edited()
    after["data_categories"][1]["active_duration"] = 5
    after["data_categories"][1]["active_unit"] = "ans"
    changes = diff_snapshots(BASE, after)
    assert [(c.field, c.kind, c.row, c.column, c.before, c.after) for c in changes] == [
        ("data_categories", CHANGED, 2, "active_duration", None, 5),
        ("data_categories", CHANGED, 2, "active_unit", None, "ans"),
    ]
    assert changes[0].row_name.startswith("Vie scolaire")
    assert changes[0].column_label == "Durée en base active"
    assert changes[1].after_text == "ans"


def test_row_inserted_first_is_one_addition_not_a_cascade_of_changes():
    after = edited()
    new_row = {"category": "image_voix", "description": "Photos", "active_duration": 1,
               "active_unit": "ans", "final_fate": "destruction"}
    after["data_categories"].insert(0, new_row)
    [change] = diff_snapshots(BASE, after)
    assert (change.field, change.kind, change.row, change.after) == (
        "data_categories", ADDED, 1, new_row)
    assert change.row_name == "Image et voix"
    assert "Photos" in change.after_text and change.before_text == "—"


def test_removed_row_keeps_its_old_position_and_content():
    after = edited()
    del after["data_categories"][0]
    [change] = diff_snapshots(BASE, after)
    assert (change.kind, change.row, change.before["category"]) == (REMOVED, 1, "etat_civil")
    assert change.row_name.startswith("État civil")


def test_list_column_inside_a_row_uses_vocabulary_labels():
    after = edited()
    after["recipients"][0]["data_categories"] = ["etat_civil", "vie_scolaire"]
    [change] = diff_snapshots(BASE, after)
    assert (change.field, change.row, change.column) == ("recipients", 1, "data_categories")
    assert change.row_name == "Équipe pédagogique"
    assert "Vie scolaire (scolarité" in change.after_text


def test_nested_object_changes_per_part_and_from_none():
    after = edited(controller={"title": "Chef d'établissement", "name": "B. Martin",
                               "email": ""},
                   information_notice={"title": "Notice", "version": "2", "url": ""})
    changes = diff_snapshots(BASE, after)
    assert [(c.field, c.column, c.before, c.after) for c in changes] == [
        ("controller", "name", "A. Durand", "B. Martin"),
        ("information_notice", "title", None, "Notice"),
        ("information_notice", "version", None, "2"),
    ]


def test_all_rows_removed_and_field_missing_from_older_snapshot():
    before = edited()
    del before["purpose"]
    after = edited(recipients=[])
    changes = diff_snapshots(before, after)
    assert [(c.field, c.kind) for c in changes] == [("purpose", CHANGED),
                                                    ("recipients", REMOVED)]


def test_diff_is_symmetric_in_kinds():
    after = edited()
    after["data_categories"].append({"category": "connexion"})
    assert [c.kind for c in diff_snapshots(BASE, after)] == [ADDED]
    assert [c.kind for c in diff_snapshots(after, BASE)] == [REMOVED]


def test_changed_field_labels_follow_the_fiche_and_hide_system_keys():
    from registre.history.labels import changed_field_labels
    assert changed_field_labels(["updated_at", "security_measures", "name", "id", "purpose"]) \
        == ["Nom du traitement", "Finalité principale", "Mesures de sécurité"]


def test_every_workflow_action_has_a_french_label():
    from registre.activities.workflow import TRANSITIONS
    from registre.history.labels import ACTION_LABELS
    for transition in TRANSITIONS.values():
        assert transition.revision_action in ACTION_LABELS
