"""In real Chromium (issue 11, points 8, 9 and 16): a forgotten password from the login page
to a new one through the e-mailed link; a processor's deletion confirmed on its own page; an
export date refused on the export form. Each page passes axe-core."""
import pytest

from registre.extensions import db
from registre.models import Processor, Role
from tests.browser_support import axe_source, log_in, run_axe, serious
from tests.factories import make_organisation, make_user
from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Trousse-Verte-Soleil-2026!"


def test_forgotten_password_from_the_login_page_to_the_new_password(server, browser, smtp):
    source = axe_source()
    user = make_user(Role.REDACTEUR, email="claire.martin@ac-test.fr", name="Claire Martin")
    db.session.commit()
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(bypass_csp=True, locale="fr-FR").new_page()
    page.goto(f"{server}/connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    assert serious(run_axe(page, source)) == []
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_role("button", name="Recevoir un lien").click()
    page.wait_for_load_state()
    assert page.get_by_text("Si un compte actif du registre correspond").is_visible()
    [message] = smtp.to(user.email)
    link = next(line for line in message.get_content().splitlines()
                if "/connexion/nouveau-mot-de-passe/" in line)
    # The link is on the configured address; the test server answers its path.
    page.goto(server + link.strip().removeprefix("https://registre.ac-test.fr"))
    assert page.get_by_text(user.email).is_visible()
    page.get_by_label("Nouveau mot de passe").fill("court")
    page.get_by_label("Confirmez le mot de passe").fill("court")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.wait_for_load_state()
    error = page.locator("#password-erreur")
    assert "au moins 12 caractères" in error.inner_text()  # under the password field
    assert serious(run_axe(page, source)) == []
    page.screenshot(path=str(ARTIFACTS / "mot-de-passe-nouveau-erreur.png"), full_page=True)
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.wait_for_load_state()
    assert page.get_by_text("Nouveau mot de passe enregistré").is_visible()
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bienvenue, Claire Martin.").is_visible()


def test_processor_deletion_and_export_date_pages(server, browser):
    source = axe_source()
    dpd = make_user(Role.DPD)
    school = make_organisation(dpd.academie)
    db.session.add(Processor(academie_id=dpd.academie_id, name="Pronote"))
    db.session.commit()
    page = browser.new_context(bypass_csp=True, locale="fr-FR").new_page()
    log_in(page, server, dpd)
    page.goto(f"{server}/academies/{dpd.academie.code}/sous-traitants")
    page.get_by_role("link", name="Supprimer… Pronote").click()
    page.wait_for_load_state()
    assert serious(run_axe(page, source)) == []
    page.screenshot(path=str(ARTIFACTS / "sous-traitant-suppression.png"), full_page=True)
    page.get_by_role("button", name="Supprimer définitivement « Pronote »").click()
    page.wait_for_load_state()
    assert page.get_by_text("Sous-traitant « Pronote » supprimé.").is_visible()

    page.goto(f"{server}/etablissements/{school.uai}/traitements")
    page.locator(".export-form").get_by_label("Registre tel qu'il était le").fill("2999-01-01")
    page.locator(".export-form").get_by_role("button", name="Exporter").click()
    page.wait_for_load_state()
    assert "est dans le futur" in page.locator("#as_of-erreur").inner_text()
    assert serious(run_axe(page, source)) == []
    page.screenshot(path=str(ARTIFACTS / "export-date-future.png"), full_page=True)
