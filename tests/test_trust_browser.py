"""« Mon compte » and the audit journal in real Chromium: change the password, revoke a token,
then the DPD filters the journal and finds both (screenshots in test-artifacts/)."""
import pytest

from registre.auth.services import create_api_token
from registre.extensions import db
from registre.models import Role
from tests.factories import make_academie, make_organisation, make_user
from tests.support import ARTIFACTS, TEST_PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Le héron gris pêche à l'aube près du vieux moulin"


def _login(page, server, email, password):
    page.goto(f"{server}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_account_page_and_journal_in_chromium(app, server, browser):
    academie = make_academie(name="Versailles", code="versailles")
    school = make_organisation(academie, name="Collège Jean Moulin")
    writer = make_user(Role.REDACTEUR, organisation=school, email="redacteur@ac-versailles.fr",
                       name="Awa Diallo")
    make_user(Role.DPD, academie=academie, email="dpd@ac-versailles.fr", name="Camille Martin")
    create_api_token(writer, "Tableur de suivi")
    create_api_token(writer, "Ancien script", days=30)
    db.session.commit()
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, server, writer.email, TEST_PASSWORD)
    page.get_by_role("link", name="Awa Diallo").click()
    assert page.get_by_role("heading", name="Mon compte").is_visible()
    page.get_by_label("Nouveau mot de passe", exact=True).fill("Rectorat2024!")
    page.get_by_label("Mot de passe actuel").fill(TEST_PASSWORD)
    page.get_by_label("Confirmez le nouveau mot de passe").fill("Rectorat2024!")
    page.get_by_role("button", name="Changer le mot de passe").click()
    assert page.get_by_text("trop facile à deviner").is_visible()
    page.screenshot(path=str(ARTIFACTS / "compte-mot-de-passe-refuse.png"), full_page=True)
    page.get_by_label("Mot de passe actuel").fill(TEST_PASSWORD)
    page.get_by_label("Nouveau mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirmez le nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Changer le mot de passe").click()
    assert page.get_by_text("Mot de passe changé").is_visible()
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 2
    page.get_by_role("button", name="Révoquer le jeton n°").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # keyboard usable
    assert page.get_by_text("révoqué : il n'ouvre plus l'API").is_visible()
    assert page.locator("table.data").get_by_text("Révoqué le").count() == 1
    page.screenshot(path=str(ARTIFACTS / "compte-jetons.png"), full_page=True)
    page.get_by_role("button", name="Se déconnecter").click()

    _login(page, server, "dpd@ac-versailles.fr", TEST_PASSWORD)
    page.get_by_role("link", name="Journal").click()
    assert page.get_by_role("heading", name="Journal d'audit — académie de Versailles").is_visible()
    page.get_by_label("Action").select_option("token_revoked")
    page.get_by_role("button", name="Filtrer").click()
    table = page.locator("table.data tbody")
    assert table.locator("tr").count() == 1
    assert "Révocation d'un jeton d'API" in table.inner_text()
    page.get_by_label("Action").select_option("")
    page.get_by_label("Utilisateur").fill("redacteur@")
    page.get_by_role("button", name="Filtrer").click()
    text = page.locator("table.data").inner_text()
    assert "Connexion" in text and "Modification de compte" in text and "Déconnexion" in text
    page.screenshot(path=str(ARTIFACTS / "journal-academie.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en CSV").click()
    assert download.value.suggested_filename == "journal-versailles.csv"
    page.close()
