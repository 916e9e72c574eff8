"""No JSON body, however odd, makes the API answer 500 or write a half-valid fiche."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registre.extensions import db
from registre.fiche.serialization import ROW_FIELDS, SCALAR_FIELDS
from registre.models import Role
from tests.api_helpers import call, token_for
from tests.factories import activity_data, make_activity, make_organisation, make_user

KEYS = st.sampled_from([*SCALAR_FIELDS, *ROW_FIELDS, "controller", "information_notice",
                        "consent_text", "representative", "inconnu"])
SCALARS = (st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats()
           | st.text(max_size=30) | st.sampled_from(["6.1.a", "eleves", "2026-02-30",
                                                     "javascript:x", "\x00", "é" * 5]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(["category", "basis", "kind", "name",
                                                         "url", "x"]), inner, max_size=3),
                      max_leaves=8)
PAYLOADS = st.dictionaries(KEYS, VALUES, max_size=6)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=PAYLOADS)
def test_odd_bodies_get_a_json_answer_never_a_500(client, app, changes):
    organisation = make_organisation()
    user = make_user(Role.RESPONSABLE, organisation=organisation)
    activity = make_activity(organisation)
    token = token_for(user)
    created = call(client, "POST", f"/api/v1/organisations/{organisation.uai}/activities",
                   token, {**activity_data(), **changes})
    assert created.status_code in (201, 422), created.get_json()
    updated = call(client, "PUT", f"/api/v1/activities/{activity.id}", token,
                   {**changes, "version": activity.version})
    assert updated.status_code in (200, 422), updated.get_json()
    for response in (created, updated):
        body = response.get_json()
        if response.status_code == 422:
            assert body["fields"] and all(isinstance(m, str) and m
                                          for m in body["fields"].values())
    db.session.rollback()
