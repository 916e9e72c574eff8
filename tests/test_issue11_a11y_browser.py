"""Issue 11 points 4, 5, 7: the new pages pass axe-core (no serious or critical violation)."""
import pytest

from registre.catalogue.services import save_activity_as_template
from registre.extensions import db
from registre.models import Role
from tests.browser_support import axe_source, log_in, run_axe, serious
from tests.factories import make_user
from tests.support import ARTIFACTS
from tests.version_helpers import NEW_PURPOSE, in_service_world

pytestmark = pytest.mark.browser


def test_new_version_todo_and_catalogue_pages_are_accessible(app, server, browser):
    source = axe_source()
    world = in_service_world()
    dpd = make_user(Role.DPD, academie=world["organisation"].academie)
    template, _ = save_activity_as_template(world["activity"], world["organisation"].academie,
                                            "Vie scolaire")
    db.session.commit()
    page = browser.new_context(bypass_csp=True, locale="fr-FR").new_page()
    log_in(page, server, world["redacteur"])
    page.goto(f"{server}{world['base']}/nouvelle-version")
    assert serious(run_axe(page, source)) == []
    page.get_by_label("Finalité principale").fill(NEW_PURPOSE)
    page.get_by_role("button", name="Enregistrer").last.click()
    page.wait_for_load_state()
    code = world["organisation"].academie.code
    urls = [world["base"], "/", "/a-faire/revues"]
    for url in urls:
        page.goto(f"{server}{url}")
        assert serious(run_axe(page, source)) == [], url
    page.get_by_role("button", name="Se déconnecter").click()
    log_in(page, server, dpd)
    for url in ("/", "/a-faire/a-valider", world["base"], f"/academies/{code}/conformite",
                f"/academies/{code}/modeles", f"/academies/{code}/modeles/{template.id}",
                f"/academies/{code}/modeles/{template.id}/fiche",
                f"/academies/{code}/modeles/{template.id}/appliquer?type=college"):
        page.goto(f"{server}{url}")
        assert serious(run_axe(page, source)) == [], url
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server}{world['base']}")
    page.screenshot(path=str(ARTIFACTS / "version-dpd-fiche.png"))
