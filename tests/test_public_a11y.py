"""Every public page, in French and in English, in real Chromium (issue 16, point 5; RGAA 4.1):
no axe-core violation of any level, usable with the keyboard alone, no horizontal scrolling
at 320 px wide nor at 200 % zoom, and screenshots at 390 px wide for a human to look at."""
import pytest

from tests.browser_support import axe_source, run_axe
from tests.public_pages_helpers import PUBLIC_PAGES, page_url, public_school
from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser

LOCALES = {"fr": "fr-FR", "en": "en-GB"}
SCREENSHOTS = ARTIFACTS / "public-390"
SUBMIT = {"fr": "Envoyer ma demande", "en": "Send my request"}
# Every WCAG level, AAA included, and axe's best practices: no violation of any of them.
ALL_LEVELS = ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag21aaa", "wcag22a",
              "wcag22aa", "wcag22aaa", "best-practice"]


@pytest.fixture
def uai(app):
    return public_school()


def _describe(violations: list[dict]) -> list[str]:
    """Every violation, whatever its impact, one readable line each."""
    return [f"{item['id']} ({item['impact']}): {item['help']} — "
            f"{[node['target'] for node in item['nodes']][:3]}" for item in violations]


def _pages(page, server: str, uai: str, lang: str):
    """Visit each public page (and the request form with its errors), yield its name."""
    for name, (_path, status) in PUBLIC_PAGES.items():
        response = page.goto(server + page_url(name, uai, lang))
        assert response.status == status, name
        yield name
    page.goto(server + page_url("demande", uai, lang))
    page.get_by_role("button", name=SUBMIT[lang]).click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    yield "demande-erreurs"


def _scroll_width(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("lang", list(LOCALES))
def test_every_public_page_passes_axe_with_no_violation_of_any_level(server, browser, uai,
                                                                        lang):
    source = axe_source()
    context = browser.new_context(bypass_csp=True, locale=LOCALES[lang],
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for name in _pages(page, server, uai, lang):
        assert page.locator("html").get_attribute("lang") == lang
        assert page.title()  # RGAA 8.5: every page has a title
        assert page.locator("h1").count() == 1, name
        assert page.locator("footer a[href^='/accessibilite']").count() == 1, name
        found[name] = _describe(run_axe(page, source, ALL_LEVELS))
    context.close()
    assert {name: lines for name, lines in found.items() if lines} == {}
    assert len(found) == len(PUBLIC_PAGES) + 1


@pytest.mark.parametrize("width, scale", [(320, 1), (640, 2)], ids=["320px", "zoom-200"])
def test_public_pages_reflow_without_horizontal_scrolling(server, browser, uai, width, scale):
    """WCAG 1.4.10 / RGAA 10.11: at 320 CSS px wide, and a 1280 px window zoomed to 200 %
    (640 CSS px, two device pixels each), nothing needs scrolling sideways."""
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800 // scale},
                                  device_scale_factor=scale)
    page = context.new_page()
    wide = {}
    for lang in LOCALES:
        for name in _pages(page, server, uai, lang):
            scroll_width, inner_width = _scroll_width(page)
            assert inner_width == width
            if scroll_width > inner_width:
                wide[f"{name}-{lang}"] = scroll_width
    context.close()
    assert wide == {}


def test_screenshots_of_the_public_pages_at_390_px(server, browser, uai):
    """The pages as a parent sees them on a phone: test-artifacts/public-390/*.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844},
                                  device_scale_factor=1)
    page = context.new_page()
    taken = []
    for lang in LOCALES:
        for name in _pages(page, server, uai, lang):
            path = SCREENSHOTS / f"{name}-{lang}.png"
            page.screenshot(path=str(path), full_page=True)
            assert _scroll_width(page)[0] <= 390
            taken.append(path)
    context.close()
    assert all(path.stat().st_size > 5_000 for path in taken)


def _tab_to(page, condition: str, limit: int = 80) -> None:
    """Press Tab until ``condition`` (JavaScript on ``el``, the focused element) holds;
    the focus must stay visible (RGAA 10.7) at each stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => Boolean({condition}))(document.activeElement)"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", condition
            return
    raise AssertionError(f"la touche Tab n'atteint jamais : {condition}")


def test_a_parent_uses_the_public_pages_with_the_keyboard_alone(server, browser, uai, smtp):
    """Skip link, search, school, language switch, request form and its receipt: Tab, typing,
    arrows and Enter only (RGAA 12.7, 12.11)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/registre")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    _tab_to(page, "el.id === 'q'")
    page.keyboard.type("jules sevres")
    page.keyboard.press("Enter")
    page.wait_for_url("**/registre?q=jules*")
    _tab_to(page, "el.textContent === 'École élémentaire Jules-Ferry'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/registre/{uai}")

    _tab_to(page, "el.classList.contains('language-switch')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/registre/{uai}?lang=en")
    assert page.locator("#responsable").inner_text() == "Who is responsible for your data?"
    _tab_to(page, "el.textContent === 'File a request online'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/registre/{uai}/demande?lang=en")

    _tab_to(page, "el.id === 'kind'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    for text in ("Jane Doe", "jane.doe@example.org", "Please send me a copy of my data."):
        page.keyboard.press("Tab")
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"  # the robots' trap is skipped
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/registre/{uai}/demande/envoyee?lang=en")
    assert "Your request number" in page.locator("[role=status]").inner_text()
    assert smtp.to("jane.doe@example.org")
    context.close()
