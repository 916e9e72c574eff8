"""Every field of the activity form is saved, shown on the fiche and kept after an error
(issue 11, point 1). The fields come from the fiche catalogue: a new field is checked too."""
import re
from html import unescape

import pytest

from registre.extensions import db
from registre.models import Activity, Art9Condition, Role
from tests.factories import make_activity, make_organisation, make_processor, make_user
from tests.form_fill_helpers import browser_submission, filled_form, section_html


@pytest.fixture
def setting(app, login):
    organisation = make_organisation()
    processor = make_processor(organisation.academie, name="Hébergeur Tout-Champ")
    user = make_user(Role.RESPONSABLE, organisation=organisation)
    db.session.commit()
    return organisation, processor, login(user)


def _post_filled(client, url: str, filled, **changes):
    """Post the page's form as a browser would, with every field filled."""
    page = client.get(url)
    assert page.status_code == 200
    sent = browser_submission(page.get_data(as_text=True))
    for name in filled:
        sent.setlist(name, filled.getlist(name))
    for name, value in changes.items():
        sent.setlist(name, [value])
    sent.setlist("save", ["1"])
    sent.poplist("csrf_token")  # the test client signs its own
    return client.post_form(url, sent)


def _same_as_sent(shown, filled, skip=()) -> dict:
    """The fields whose value in the form differs from what was sent: {name: (sent, shown)}."""
    return {name: (filled.getlist(name), shown.getlist(name)) for name in filled
            if name not in skip and shown.getlist(name) != filled.getlist(name)}


def test_every_field_is_saved_and_read_back_on_the_fiche_and_in_the_form(setting):
    organisation, processor, client = setting
    filled, expected = filled_form(processor)
    base = f"/etablissements/{organisation.uai}/traitements"
    response = _post_filled(client, f"{base}/nouveau", filled)
    errors = re.findall(r'class="error"[^>]*>([^<]*)', unescape(response.get_data(as_text=True)))
    assert response.status_code == 303, errors
    fiche = client.get(response.headers["Location"])
    html = unescape(fiche.get_data(as_text=True))
    missing = [(item.path, text) for item in expected for text in item.texts
               if text not in section_html(html, item.section)]
    assert missing == [], "Valeurs absentes de la fiche"

    activity = db.session.scalars(db.select(Activity)).one()
    # The art. 9.2 condition the browser sends is kept (it used to vanish: its name has a digit).
    assert activity.art9_condition is Art9Condition(filled["art9_condition"])
    edit = client.get(f"{base}/{activity.id}/modifier")
    shown = browser_submission(edit.get_data(as_text=True))
    assert _same_as_sent(shown, filled) == {}


def test_every_value_stays_in_the_form_shown_again_after_an_error(setting):
    organisation, processor, client = setting
    filled, _ = filled_form(processor)
    response = _post_filled(client, f"/etablissements/{organisation.uai}/traitements/nouveau",
                            filled, name="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Indiquez le nom du traitement." in html
    shown = browser_submission(html)
    assert _same_as_sent(shown, filled, skip={"name"}) == {}
    assert db.session.scalar(db.select(db.func.count(Activity.id))) == 0


def test_art9_condition_chosen_on_an_existing_fiche_clears_its_finding(setting):
    organisation, _, client = setting
    activity = make_activity(organisation, data_categories=[
        {"category": "sensible", "sensitive_kind": "sante", "description": "PAI",
         "active_duration": 1, "active_unit": "ans", "final_fate": "destruction"}])
    db.session.commit()
    url = f"/etablissements/{organisation.uai}/traitements/{activity.id}/modifier"
    page = client.get(url)
    sent = browser_submission(page.get_data(as_text=True))
    sent.setlist("art9_condition", ["9.2.h"])
    sent.poplist("csrf_token")
    response = client.post_form(url, sent)
    assert response.status_code == 303
    fiche = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "9.2.h — médecine préventive" in section_html(fiche, "finalites")
    assert "donnees-sensibles-sans-condition" not in fiche
