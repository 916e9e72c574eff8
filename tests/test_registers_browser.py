"""In real Chromium: a breach against its 72 hours, then a parent's request and its deadline."""
from datetime import timedelta

import pytest

from registre.extensions import db
from registre.models import Breach, RightsRequest, Role, Status
from tests.browser_support import axe_source, log_in, log_out, run_axe, serious
from tests.factories import make_activity, make_organisation, make_user
from tests.register_helpers import AT_NOW, NOW
from tests.support import ARTIFACTS

pytestmark = [pytest.mark.browser, AT_NOW]


def _paris(moment) -> str:
    """The datetime-local value of a UTC instant in Paris (winter: UTC+1)."""
    return (moment + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def test_breach_clock_notification_and_a_parents_request(server, browser, frozen_clock, smtp):
    organisation = make_organisation(name="Collège Jean Moulin")
    make_activity(organisation, status=Status.EN_SERVICE, name="Vie scolaire (Pronote)")
    redacteur = make_user(Role.REDACTEUR, organisation=organisation, name="Rédactrice")
    responsable = make_user(Role.RESPONSABLE, organisation=organisation, name="Principal",
                            email="principal@college.fr")
    db.session.commit()
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    uai = organisation.uai

    # A rédacteur records a breach discovered 70 hours ago.
    log_in(page, server, redacteur)
    page.get_by_role("link", name="Violations").first.click()
    page.get_by_role("link", name="Déclarer une violation").click()
    page.get_by_label("Découverte le").fill(_paris(NOW - timedelta(hours=70)))
    page.get_by_label("Description des faits").fill(
        "Une clé USB contenant les notes de 3e B a été perdue lors d'une sortie.")
    page.get_by_label("Perte de confidentialité").check()
    page.get_by_label("Vie scolaire (Pronote)").check()
    page.get_by_role("button", name="Reprendre les personnes et les données").click()
    assert page.get_by_label("Élèves").is_checked()
    page.screenshot(path=str(ARTIFACTS / "violation-formulaire.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer").last.click()
    page.wait_for_load_state()
    assert "2 heures restantes" in page.locator(".deadline").inner_text()
    page.screenshot(path=str(ARTIFACTS / "violation-2-heures.png"), full_page=True)
    log_out(page)

    # The responsable records the notification to the CNIL.
    log_in(page, server, responsable)
    page.goto(f"{server}/etablissements/{uai}/violations")
    page.get_by_role("link", name="V-2026-001").click()
    page.get_by_role("link", name="Compléter ou notifier").click()
    page.get_by_label("Niveau de risque pour les personnes").select_option("risque")
    page.get_by_label("Notifiée à la CNIL").select_option("oui")
    page.get_by_label("Notifiée le").fill(_paris(NOW))
    page.get_by_label("Numéro de notification CNIL").fill("ABC-2026-123")
    page.get_by_role("button", name="Enregistrer").last.click()
    page.wait_for_load_state()
    assert "Notifiée à la CNIL dans le délai de 72 heures" in page.locator(".deadline").inner_text()
    page.screenshot(path=str(ARTIFACTS / "violation-notifiee.png"), full_page=True)
    log_out(page)

    # A parent files a request on the public page.
    page.goto(f"{server}/registre/{uai}")
    page.get_by_role("link", name="Déposer une demande en ligne").click()
    page.get_by_label("Quel droit voulez-vous exercer ?").select_option("acces")
    page.get_by_label("Vous êtes").select_option("parent")
    page.get_by_label("Votre nom et prénom").fill("Claire Martin")
    page.get_by_label("Votre adresse électronique").fill("claire.martin@exemple.fr")
    page.get_by_label("Votre demande").fill("Je souhaite recevoir les données de mon fils Léo.")
    page.screenshot(path=str(ARTIFACTS / "demande-publique.png"), full_page=True)
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state()
    reference = db.session.scalars(db.select(RightsRequest.reference)).one()
    assert reference in page.locator("[role=status]").inner_text()
    assert "28/12/2026" in page.content()
    page.screenshot(path=str(ARTIFACTS / "demande-envoyee.png"), full_page=True)
    assert reference in smtp.to("claire.martin@exemple.fr")[0].get_content()
    assert reference in smtp.to("principal@college.fr")[0]["Subject"]

    # The responsable sees it with its due date.
    log_in(page, server, responsable)
    page.goto(f"{server}/etablissements/{uai}/demandes")
    row = page.get_by_role("row").filter(has_text=reference).first
    assert "Réponse due dans 30 jours (le 28/12/2026)" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "demandes-responsable.png"), full_page=True)
    db.session.expire_all()
    assert db.session.scalars(db.select(Breach.cnil_reference)).one() == "ABC-2026-123"


def test_the_parents_form_is_accessible_and_keyboard_usable(server, browser, frozen_clock):
    source = axe_source()
    organisation = make_organisation(name="École Jules-Ferry")
    db.session.commit()
    # axe is injected as an inline script, which our CSP forbids: bypass it in this context.
    page = browser.new_context(bypass_csp=True, locale="fr-FR").new_page()
    page.goto(f"{server}/registre/{organisation.uai}/demande")
    assert serious(run_axe(page, source)) == []
    # Empty form sent with the keyboard: French errors, listed above the form.
    page.get_by_role("button", name="Envoyer ma demande").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator(".error-summary").inner_text()
    assert "Choisissez le droit que vous voulez exercer." in summary
    assert "Indiquez votre adresse électronique." in summary
    assert page.locator("#website").evaluate("element => element.tabIndex") == -1
    assert serious(run_axe(page, source)) == []
    page.screenshot(path=str(ARTIFACTS / "demande-publique-erreurs.png"), full_page=True)
