"""Every role × action × scope rule of design section 1, decided by registre.scopes."""
import pytest

from registre.extensions import db
from registre.models import Role, Status
from registre.scopes import Action, can, sees_academie
from tests.factories import make_academie, make_activity, make_organisation, make_user

# Who sees which organisation: own school, a sister school of the académie, another académie.
VISIBILITY = {
    "admin": (True, True, True),
    "dpd": (True, True, False),
    "responsable": (True, False, False),
    "redacteur": (True, False, False),
    "auditeur_academie": (True, True, False),
    "auditeur_etablissement": (True, False, False),
}

# What each role may do on a fiche of its own scope, by status.
B, V, S, T = Status.BROUILLON, Status.A_VALIDER, Status.EN_SERVICE, Status.TERMINE
RULES = {
    Action.READ: {role: {B, V, S, T} for role in VISIBILITY},
    Action.EXPORT: {role: {B, V, S, T} for role in VISIBILITY},
    Action.EDIT: {"admin": {B, V, S}, "dpd": {B, V, S}, "responsable": {B, V, S},
                  "redacteur": {B}},
    Action.SUBMIT: {"admin": {B}, "dpd": {B}, "responsable": {B}, "redacteur": {B}},
    Action.VALIDATE: {"admin": {B, V}, "dpd": {B, V}, "responsable": {B, V}},
    Action.SEND_BACK: {"admin": {V}, "dpd": {V}, "responsable": {V}},
    Action.END: {"admin": {S}, "dpd": {S}, "responsable": {S}},
    Action.DELETE: {"dpd": {B}},
}


@pytest.fixture
def world(app):
    """Two académies; the first has two schools; one user of every role on school A."""
    academie = make_academie()
    school_a = make_organisation(academie)
    school_b = make_organisation(academie)
    elsewhere = make_organisation(make_academie())
    users = {
        "admin": make_user(Role.ADMIN),
        "dpd": make_user(Role.DPD, academie=academie),
        "responsable": make_user(Role.RESPONSABLE, organisation=school_a),
        "redacteur": make_user(Role.REDACTEUR, organisation=school_a),
        "auditeur_academie": make_user(Role.AUDITEUR, academie=academie),
        "auditeur_etablissement": make_user(Role.AUDITEUR, organisation=school_a),
    }
    activities = {name: make_activity(organisation, status=Status.EN_SERVICE)
                  for name, organisation in (("a", school_a), ("b", school_b),
                                             ("x", elsewhere))}
    db.session.commit()
    return {"academie": academie, "a": school_a, "b": school_b, "x": elsewhere,
            "users": users, "activities": activities}


@pytest.mark.parametrize("role", VISIBILITY)
def test_visibility_of_organisations(world, role):
    user = world["users"][role]
    seen = tuple(can(user, Action.READ, world[key]) for key in ("a", "b", "x"))
    assert seen == VISIBILITY[role]


@pytest.mark.parametrize("action", list(RULES))
@pytest.mark.parametrize("role", VISIBILITY)
@pytest.mark.parametrize("status", [B, V, S, T])
def test_actions_by_role_and_status(world, role, action, status):
    user = world["users"][role]
    activity = world["activities"]["a"]
    activity.status = status
    expected = status in RULES[action].get(role, set())
    assert can(user, action, world["a"], activity) is expected


@pytest.mark.parametrize("role", [role for role in VISIBILITY if role != "admin"])
def test_no_action_outside_the_scope(world, role):
    user = world["users"][role]
    activity = world["activities"]["x"]
    assert not any(can(user, action, world["x"], activity) for action in Action)


@pytest.mark.parametrize("action", [Action.MANAGE_CATALOGUE, Action.MANAGE_USERS,
                                    Action.MANAGE_ORGANISATIONS])
@pytest.mark.parametrize("role", VISIBILITY)
def test_management_rights(world, role, action):
    expected = {
        Action.MANAGE_CATALOGUE: {"admin", "dpd"},
        Action.MANAGE_USERS: {"admin", "dpd"},
        Action.MANAGE_ORGANISATIONS: {"admin"},
    }[action]
    assert can(world["users"][role], action, world["a"]) is (role in expected)


@pytest.mark.parametrize("role, expected", [
    ("admin", True), ("dpd", True), ("auditeur_academie", True), ("responsable", False),
    ("redacteur", False), ("auditeur_etablissement", False),
])
def test_academie_wide_scope(world, role, expected):
    assert sees_academie(world["users"][role], world["academie"]) is expected


def test_deactivated_account_sees_nothing(world):
    user = world["users"]["dpd"]
    user.active = False
    assert not can(user, Action.READ, world["a"])


@pytest.mark.parametrize("role", VISIBILITY)
@pytest.mark.parametrize("target", ["a", "b", "x"])
def test_web_list_and_fiche_answer_404_outside_scope(world, client, login, role, target):
    login(world["users"][role])
    organisation = world[target]
    activity = world["activities"][target]
    expected = 200 if VISIBILITY[role][("a", "b", "x").index(target)] else 404
    assert client.get(f"/etablissements/{organisation.uai}/traitements").status_code == expected
    fiche = f"/etablissements/{organisation.uai}/traitements/{activity.id}"
    assert client.get(fiche).status_code == expected


def test_fiche_of_another_school_is_404_even_through_own_school_url(world, client, login):
    login(world["users"]["redacteur"])
    other = world["activities"]["b"]
    response = client.get(f"/etablissements/{world['a'].uai}/traitements/{other.id}")
    assert response.status_code == 404


def test_home_lists_only_organisations_in_scope(world, client, login):
    login(world["users"]["dpd"])
    html = client.get("/").get_data(as_text=True)
    assert world["a"].name in html and world["b"].name in html
    assert world["x"].name not in html
