"""Helpers of the Chromium tests: signing in and out through the pages, axe-core checks."""
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import REQUIRE_SYSTEM_TOOLS, TEST_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
A11Y_DIR = ROOT / "tests" / "a11y"
AXE = A11Y_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def log_in(page, server: str, user) -> None:
    """Sign in through the login form."""
    page.goto(f"{server}/connexion")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def log_out(page) -> None:
    """Sign out with the navigation's button."""
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()


def axe_source() -> str:
    """axe-core from npm (``npm ci --prefix tests/a11y``), installed here when missing."""
    if not AXE.exists() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--prefix", str(A11Y_DIR), "--no-audit", "--no-fund"],
                       check=False, capture_output=True, timeout=300)
    if not AXE.exists():
        reason = "axe-core absent : lancez « npm ci --prefix tests/a11y »"
        if REQUIRE_SYSTEM_TOOLS:
            pytest.fail(f"{reason} (requis en CI)")
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def serious(violations: list[dict]) -> list[str]:
    """The serious and critical violations, one readable line each."""
    return [f"{item['id']} ({item['impact']}): {item['help']} — "
            f"{[node['target'] for node in item['nodes']][:3]}"
            for item in violations if item["impact"] in ("serious", "critical")]


def run_axe(page, source: str, tags: list[str] = AXE_TAGS) -> list[dict]:
    """Run axe-core on the page (the context must bypass the CSP) and return its violations."""
    page.add_script_tag(content=source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           tags)
    assert len(result["passes"]) > 10  # the rules really ran on this page
    return result["violations"]
