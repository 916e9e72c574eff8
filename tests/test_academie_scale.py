"""Issue 11 point 7: the DPD at académie scale — find schools, apply a model fiche to many
without doubles, read the compliance matrix and reach the fiches behind each cell."""
import html
import re

import sqlalchemy as sa

from registre.catalogue.services import create_from_template, save_activity_as_template
from registre.extensions import db
from registre.models import Activity, Role, Status
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.job_helpers import job_id_of, wait_for_job


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _academie():
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    schools = {
        "moulin": make_organisation(academie, name="Collège Jean Moulin", commune="Évry",
                                    kind="college"),
        "curie": make_organisation(academie, name="Lycée Marie Curie", commune="Sceaux",
                                   kind="lycee"),
        "ecole": make_organisation(academie, name="École du Parc", commune="Évry",
                                   kind="ecole"),
    }
    source = make_activity(schools["moulin"], dpd, status=Status.EN_SERVICE, name="ENT")
    template, _ = save_activity_as_template(source, academie, "ENT académique")
    # Jean Moulin already received a fiche from the model (T-002 of its register).
    create_from_template(template, schools["moulin"], dpd)
    db.session.commit()
    return academie, dpd, schools, source, template


def test_home_page_finds_schools_by_name_without_accents_and_by_kind(client, login):
    academie, dpd, schools, _, _ = _academie()
    login(dpd)
    page = _text(client.get("/?q=jean moulin"))
    assert "Collège Jean Moulin" in page and "Lycée Marie Curie" not in page
    page = _text(client.get("/?q=evry"))  # commune, accent-insensitive
    assert "Collège Jean Moulin" in page and "École du Parc" in page
    assert "Lycée Marie Curie" not in page
    page = _text(client.get("/?type=lycee"))
    assert "Lycée Marie Curie" in page and "Collège Jean Moulin" not in page
    page = _text(client.get("/?q=introuvable"))
    assert "Aucun établissement ne correspond à cette recherche." in page


def test_apply_page_filters_selects_all_and_flags_schools_that_have_the_model(client, login):
    academie, dpd, schools, _, template = _academie()
    login(dpd)
    url = f"/academies/{academie.code}/modeles/{template.id}/appliquer"
    page = _text(client.get(url + "?q=evry"))
    assert "Collège Jean Moulin" in page and "École du Parc" in page
    assert "Lycée Marie Curie" not in page
    # The source school already has a fiche from this model: flagged in the list.
    assert "a déjà la fiche T-002 issue de ce modèle : ignoré" in page
    # "Tout cocher" (without JavaScript) checks every school shown but the flagged one.
    page = _text(client.post_form(url + "?q=evry", {"select_all": "1"}))
    checked = set(re.findall(r'value="(\d+)"[^>]*checked', page)) | set(
        re.findall(r'checked[^>]*value="(\d+)"', page))
    assert checked == {str(schools["ecole"].id)}
    page = _text(client.get(url + "?type=lycee"))
    assert "Lycée Marie Curie" in page and "Collège Jean Moulin" not in page


def test_applying_skips_a_school_that_already_has_a_fiche_from_the_model(client, login):
    academie, dpd, schools, source, template = _academie()
    login(dpd)
    url = f"/academies/{academie.code}/modeles/{template.id}/appliquer"
    response = client.post_form(url, {"organisations": [str(schools["moulin"].id),
                                                        str(schools["curie"].id)]})
    job_id = job_id_of(response)
    assert wait_for_job(client, job_id)["status"] == "terminee"
    created = db.session.scalars(sa.select(Activity).where(
        Activity.template_id == template.id).order_by(Activity.id)).all()
    assert [activity.organisation_id for activity in created] == [schools["moulin"].id,
                                                                  schools["curie"].id]
    job_page = _text(client.get(f"/taches/{job_id}"))
    assert "1 établissement(s) ignoré(s)" in job_page
    # Only schools that already have it: nothing is created, with a message.
    response = client.post_form(url, {"organisations": [str(schools["moulin"].id)]})
    assert response.status_code == 400
    assert "ont déjà une fiche issue de ce modèle" in _text(response)


def test_matrix_scrolls_inside_its_box_and_each_cell_links_to_the_fiches(client, login):
    academie, dpd, schools, _, _ = _academie()
    make_activity(schools["curie"], name="Cantine sans finalité", purpose="")
    make_activity(schools["curie"], name="Complète")
    db.session.commit()
    login(dpd)
    page = _text(client.get(f"/academies/{academie.code}/conformite"))
    assert 'class="table-scroll matrix-scroll" tabindex="0" role="region"' in page
    link = f"/etablissements/{schools['curie'].uai}/traitements?regle=art30-incomplet"
    assert f'href="{link}"' in page
    listing = _text(client.get(link))
    assert "Cantine sans finalité" in listing and "Complète" not in listing
    with client.get("/static/style.css") as response:
        assert "table.matrix thead th { position: sticky" in response.get_data(as_text=True)
