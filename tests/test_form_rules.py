"""The shared form rules (registre/forms) seen from the forms that adopted them."""
import html

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Processor, Role
from tests.factories import make_academie, make_user


def test_a_built_in_message_without_our_wording_is_in_french(client):
    response = client.post_form("/connexion", {"email": "a" * 250 + "@exemple.fr",
                                               "password": "x"})
    page = html.unescape(response.get_data(as_text=True))
    assert "ne peut pas contenir plus de 254 caractères" in page
    assert "Field cannot be longer" not in page


@pytest.mark.parametrize("field, bad, message", [
    ("name", "Pro\tnote", "caractère de contrôle invisible (U+0009)"),
    ("datacenter_countries", "FR " * 120, "Ce texte est trop long"),
])
def test_catalogue_applies_the_activity_form_rules(client, login, field, bad, message):
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    login(dpd)
    response = client.post_form(f"/academies/{academie.code}/sous-traitants/nouveau",
                                {"name": "Pronote", field: bad})
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert db.session.scalars(sa.select(Processor)).all() == []
