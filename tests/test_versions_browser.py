"""Issue 11, done when: in Chromium, a rédacteur changes an in-service fiche and the
responsable validates it from the to-do list; parents see the old answer until then."""
import pytest

from tests.browser_support import log_in, log_out
from tests.support import ARTIFACTS
from tests.version_helpers import NEW_PURPOSE, OLD_PURPOSE, in_service_world

pytestmark = pytest.mark.browser


def _public_text(browser, server: str, uai: str, shot: str) -> str:
    """The public page as a parent's own browser reads it (its own cache: max-age applies)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/registre/{uai}")
    text = page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"version-{shot}.png"), full_page=True)
    context.close()
    return text


def test_new_version_validated_from_the_todo_list_reaches_the_public_page(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    world = in_service_world()
    uai = world["organisation"].uai
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def shot(name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"version-{name}.png"), full_page=True)

    public = _public_text(browser, server, uai, "1-public-before")
    assert OLD_PURPOSE in public and NEW_PURPOSE not in public

    log_in(page, server, world["redacteur"])
    page.goto(f"{server}{world['base']}")
    page.get_by_role("link", name="Proposer une nouvelle version").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Proposer une nouvelle version").is_visible()
    page.get_by_label("Finalité principale").fill(NEW_PURPOSE)
    shot("2-redacteur-form")
    page.get_by_role("button", name="Enregistrer").last.click()
    page.wait_for_load_state()
    pending = page.locator(".pending-version")
    assert "Nouvelle version en attente de validation" in pending.inner_text()
    diff = pending.locator("table.diff").inner_text()
    assert "Finalité principale" in diff and OLD_PURPOSE in diff and NEW_PURPOSE in diff
    shot("3-fiche-with-pending-version")
    log_out(page)

    # Parents still read the in-service answer.
    public = _public_text(browser, server, uai, "4-public-while-pending")
    assert OLD_PURPOSE in public and NEW_PURPOSE not in public

    log_in(page, server, world["responsable"])
    page.goto(f"{server}/")
    todo = page.locator(".todo")
    assert "Fiches en attente de ma validation" in todo.inner_text()
    shot("5-responsable-home-todo")
    todo.get_by_role("link", name="Fiches en attente de ma validation").click()
    page.wait_for_load_state()
    assert "nouvelle version à valider" in page.locator("main").inner_text()
    shot("6-todo-list")
    page.get_by_role("link", name=world["activity"].name).click()
    page.wait_for_load_state()
    shot("7-responsable-fiche")
    page.get_by_role("button", name="Valider la nouvelle version").click()
    page.wait_for_load_state()
    assert "Nouvelle version validée" in page.locator("main").inner_text()
    assert page.locator(".pending-version").count() == 0
    shot("8-validated")
    log_out(page)

    public = _public_text(browser, server, uai, "9-public-after")
    assert NEW_PURPOSE in public and OLD_PURPOSE not in public
    assert errors == []
