"""Issue 11 point 7 in Chromium: the compliance matrix of a large académie stays readable —
it scrolls inside its box while the rule headers and school names stay in view."""
import pytest

from registre.extensions import db
from registre.models import Role
from tests.browser_support import log_in
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser


def test_matrix_headers_stay_visible_while_the_table_scrolls(server, browser):
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    for number in range(40):
        school = make_organisation(academie, name=f"Collège n° {number:02d}")
        make_activity(school, name="Cantine", informed="non", purpose="")
    db.session.commit()
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    log_in(page, server, dpd)
    page.goto(f"{server}/academies/{academie.code}/conformite")
    box = page.locator(".matrix-scroll")
    header = page.locator("table.matrix thead th").nth(8)
    school = page.locator("table.matrix tbody th").nth(30)
    box.evaluate("element => { element.scrollTop = 600; element.scrollLeft = 500; }")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "matrix-scrolled.png"))
    # The page itself did not scroll: the table scrolls inside its box.
    assert page.evaluate("window.scrollY") == 0
    assert box.evaluate("element => element.scrollTop") > 0
    # The caption scrolled away; the rule headers stick to the top of the box.
    assert abs(header.bounding_box()["y"] - box.bounding_box()["y"]) < 3
    first_column = page.locator("table.matrix thead th").first.bounding_box()
    assert abs(school.bounding_box()["x"] - first_column["x"]) < 2  # sticky school names
    link = page.locator("table.matrix tbody td a[href*='regle=']").first
    link.click()
    page.wait_for_load_state()
    assert "regle=" in page.url and "Cantine" in page.locator("main").inner_text()


def test_dpd_searches_schools_and_selects_all_on_the_apply_page(server, browser):
    from registre.catalogue.services import create_from_template, save_activity_as_template
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    moulin = make_organisation(academie, name="Collège Jean Moulin", commune="Évry")
    make_organisation(academie, name="Collège Camus", commune="Évry")
    make_organisation(academie, name="Lycée Curie", commune="Sceaux", kind="lycee")
    source = make_activity(moulin, dpd, name="ENT")
    template, _ = save_activity_as_template(source, academie, "ENT académique")
    create_from_template(template, moulin, dpd)
    db.session.commit()
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    log_in(page, server, dpd)
    page.goto(f"{server}/academies/{academie.code}/modeles/{template.id}/appliquer")
    page.get_by_label("Établissement (nom, UAI ou commune)").fill("evry")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Cocher tous les établissements affichés").click()
    page.wait_for_load_state()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "apply-template-search.png"), full_page=True)
    assert page.get_by_label("Collège Camus", exact=False).is_checked()
    assert not page.get_by_label("Collège Jean Moulin", exact=False).is_checked()
    assert page.get_by_text("Lycée Curie").count() == 0
    page.get_by_role("link", name="Voir la fiche du modèle").click()
    page.wait_for_load_state()
    page.screenshot(path=str(ARTIFACTS / "template-fiche.png"), full_page=True)
    assert page.get_by_role("heading", name="Finalités et base légale").is_visible()
