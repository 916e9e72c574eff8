"""In Chromium: a fresh académie's DPD signs in with the académie's provider, loads the
schools from the national directory, finds them listed, then signs out of both."""
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Organisation, Role
from tests.factories import make_academie, make_user
from tests.oidc_support import configure_oidc, start_provider
from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser

LABELS = Path(__file__).resolve().parent / "data" / "annuaire-libelles.csv"


@pytest.fixture
def provider_for_server(app, server, tmp_path):
    """The registre served for Chromium, and a provider that knows its address."""
    app.config["SERVER_NAME"] = server.removeprefix("http://")
    provider = start_provider(tmp_path, base=server)
    configure_oidc(app, provider.issuer)
    yield provider
    provider.stop()


def test_dpd_signs_in_with_the_academie_imports_the_directory_and_signs_out(
        app, server, browser, provider_for_server, tmp_path):
    academie = make_academie(code="besancon", name="Besançon", dpd_email="dpd@ac-besancon.fr")
    make_user(Role.DPD, academie=academie, email="camille.martin@ac-besancon.fr",
              name="Camille Martin")
    db.session.commit()
    shots = ARTIFACTS / "deploy"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()

    page.goto(f"{server}/connexion")
    page.screenshot(path=shots / "1-connexion.png", full_page=True)
    page.get_by_role("link", name="Se connecter avec le compte académique").click()
    page.get_by_label("Identifiant académique").fill("dpd")
    page.screenshot(path=shots / "2-fournisseur.png", full_page=True)
    page.get_by_role("button", name="Valider").click()
    page.wait_for_load_state()
    assert page.url.startswith(server)
    assert page.get_by_text("Bienvenue, Camille Martin.").is_visible()

    page.get_by_role("link", name="Annuaire").click()
    upload = tmp_path / "fr-en-annuaire-education.csv"
    shutil.copy(LABELS, upload)
    page.get_by_label("Fichier de l'Annuaire de l'éducation (CSV)").set_input_files(upload)
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ligne 13 : La lettre de contrôle").is_visible()
    page.screenshot(path=shots / "3-apercu.png", full_page=True)
    page.get_by_role("button", name="Importer : 12 créations").click()
    # The import runs as a job; its page shows the progress, then the summary (issue 15).
    page.wait_for_url("**/taches/*")
    page.get_by_text("Annuaire importé. Créés : 12").wait_for(timeout=60_000)
    page.screenshot(path=shots / "4-tache-annuaire.png", full_page=True)
    page.get_by_role("link", name="Voir les établissements").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Collège Victor Hugo").is_visible()
    page.screenshot(path=shots / "5-etablissements.png", full_page=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 12

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert page.url.startswith(provider_for_server.issuer)
    page.screenshot(path=shots / "6-deconnexion-fournisseur.png", full_page=True)
    page.get_by_role("button", name="Me déconnecter").click()
    page.wait_for_load_state()
    assert page.url.split("?")[0] == f"{server}/connexion"
    assert page.get_by_text("Vous êtes déconnecté.").is_visible()
    page.screenshot(path=shots / "7-retour.png", full_page=True)
    # Signed out at the provider too: signing in again asks for the login again.
    page.get_by_role("link", name="Se connecter avec le compte académique").click()
    assert page.get_by_label("Identifiant académique").is_visible()
