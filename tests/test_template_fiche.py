"""Issue 11 point 7: model fiches are read and edited like fiches (sections, form, checks)."""
import html

import sqlalchemy as sa

from registre.catalogue.services import create_from_template, save_activity_as_template
from registre.extensions import db
from registre.models import ActivityTemplate, Role, Status
from tests.factories import (
    activity_data,
    browser_form,
    make_academie,
    make_activity,
    make_organisation,
    make_user,
)

NEW_PURPOSE = "Donner accès à l'ENT aux élèves et aux familles."


def _world():
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    auditeur = make_user(Role.AUDITEUR, academie=academie)
    school = make_organisation(academie)
    source = make_activity(school, dpd, status=Status.EN_SERVICE, name="ENT")
    template, _ = save_activity_as_template(source, academie, "ENT académique")
    db.session.commit()
    return academie, dpd, auditeur, school, template


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_model_fiche_is_shown_with_the_sections_of_a_fiche(client, login):
    academie, dpd, _, _, template = _world()
    login(dpd)
    listing = _text(client.get(f"/academies/{academie.code}/modeles"))
    url = f"/academies/{academie.code}/modeles/{template.id}"
    assert f'href="{url}"' in listing and f'href="{url}/fiche"' in listing
    page = _text(client.get(url))
    for heading in ("Description du traitement", "Finalités et base légale",
                    "Données et durées de conservation", "Destinataires et sous-traitants"):
        assert f">{heading}</h2>" in page
    assert template.payload["purpose"] in page
    assert "Fin de la scolarité dans l'établissement + 1 an" in page
    assert "Modifier la fiche du modèle" in page
    # Each school's own lines (reference, review dates) are not "missing" on a model.
    assert "N° / RÉF" not in page and "Dernière revue" not in page


def test_dpd_edits_the_model_fiche_with_the_fiche_form_and_new_copies_follow(client, login):
    academie, dpd, _, school, template = _world()
    login(dpd)
    url = f"/academies/{academie.code}/modeles/{template.id}/fiche"
    form = _text(client.get(url))
    assert "Modifier la fiche du modèle" in form and 'name="purpose"' in form
    data = browser_form(activity_data(name="ENT académique", purpose=NEW_PURPOSE,
                                      reference="X-9"))
    response = client.post_form(url, data)
    assert response.status_code == 303, _text(response)[:2000]
    db.session.expire_all()
    stored = db.session.get(ActivityTemplate, template.id)
    assert stored.payload["purpose"] == NEW_PURPOSE
    # What belongs to each school never enters the model.
    assert "reference" not in stored.payload and "controller" not in stored.payload
    copy = create_from_template(stored, school, dpd)
    assert copy.purpose == NEW_PURPOSE


def test_a_bad_model_fiche_is_refused_with_the_fields_message(client, login):
    academie, dpd, _, _, template = _world()
    before = dict(template.payload)
    login(dpd)
    response = client.post_form(f"/academies/{academie.code}/modeles/{template.id}/fiche",
                                browser_form(activity_data(min_age=16, max_age=11)))
    assert response.status_code == 422
    assert "L'âge maximum doit être supérieur ou égal à l'âge minimum." in _text(response)
    db.session.expire_all()
    assert db.session.get(ActivityTemplate, template.id).payload == before


def test_auditeur_reads_the_model_fiche_but_cannot_edit_it(client, login):
    academie, _, auditeur, _, template = _world()
    login(auditeur)
    url = f"/academies/{academie.code}/modeles/{template.id}"
    page = _text(client.get(url))
    assert template.payload["purpose"] in page and "Modifier la fiche du modèle" not in page
    assert client.get(f"{url}/fiche").status_code == 403
    assert client.post_form(f"{url}/fiche", browser_form(activity_data())).status_code == 403
    other = make_academie()
    db.session.commit()
    assert client.get(f"/academies/{other.code}/modeles/{template.id}").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(ActivityTemplate.id))) == 1
