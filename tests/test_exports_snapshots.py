"""The live export reads each fiche's latest revision snapshot only while it is the fiche's
current state: what it yields is always what the tables hold now."""
import sqlalchemy as sa

from registre.activities.workflow import transition_activity
from registre.exports.services import iter_activities, organisation_context
from registre.extensions import db
from registre.fiche.serialization import DICT_KEYS, activity_to_dict
from registre.models import Activity, Role
from tests.factories import make_activity, make_organisation, make_user


def _live(organisation) -> list[dict]:
    db.session.expire_all()
    activities = db.session.scalars(sa.select(Activity).where(
        Activity.organisation_id == organisation.id).order_by(Activity.reference)).all()
    return [activity_to_dict(activity) for activity in activities]


def test_snapshot_keys_are_those_of_activity_to_dict(app):
    assert tuple(activity_to_dict(make_activity())) == DICT_KEYS


def test_export_equals_the_tables_whatever_changed(app):
    organisation = make_organisation()
    responsable = make_user(Role.RESPONSABLE, organisation=organisation)
    first = make_activity(organisation, name="Cantine", reference="A-1")
    second = make_activity(organisation, name="Photos", reference="A-2")
    third = make_activity(organisation, name="Sorties", reference="A-3")
    transition_activity(third, responsable, "en_service", acknowledged=True)
    db.session.commit()
    context = organisation_context(organisation, None, None)
    assert list(iter_activities(context)) == _live(organisation)
    # A change that wrote no revision, a new UAI, a validator's new e-mail: all seen.
    db.session.execute(sa.update(Activity).where(Activity.id == second.id)
                       .values(purpose="Changée sans révision"))
    organisation.uai = "0750655E"
    responsable.email = "nouvelle.adresse@exemple.fr"
    db.session.commit()
    exported = list(iter_activities(organisation_context(organisation, None, None)))
    assert exported == _live(organisation)
    assert [data["uai"] for data in exported] == ["0750655E"] * 3
    assert exported[1]["purpose"] == "Changée sans révision"
    assert exported[2]["validated_by"] == "nouvelle.adresse@exemple.fr"
    assert first.id == exported[0]["id"]
