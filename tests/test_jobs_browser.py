"""In real Chromium: a DPD exports the académie, watches the job's progress, downloads the file;
without JavaScript the job's page refreshes itself until the link appears."""
import io
import time
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Role
from tests.browser_support import log_in
from tests.export_helpers import make_register
from tests.factories import make_activity, make_user
from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture
def slow_export(monkeypatch):
    """Each activity takes a quarter of a second, so that progress can be seen."""
    from registre.exports import tasks

    real = tasks.write_export

    def slow(context, fmt, target, progress=None):
        def step(count: int) -> None:
            time.sleep(0.25)
            progress(count)
        return real(context, fmt, target, step)

    monkeypatch.setattr("registre.exports.render.PROGRESS_EVERY", 1)
    monkeypatch.setattr(tasks, "write_export", slow)


@pytest.fixture
def dpd(app):
    academie, organisation, other, *_ = make_register()
    for number in range(8):
        make_activity(other, status="en_service", name=f"Activité {number}")
    user = make_user(Role.DPD, academie=academie)
    db.session.commit()
    return user


def test_dpd_exports_the_academie_and_sees_progress(browser, server, dpd, slow_export):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(accept_downloads=True)
    log_in(page, server, dpd)
    section = page.get_by_role("region", name="Exporter le registre de l'académie")
    section.get_by_label("Traitements").select_option("tous")
    section.get_by_role("button", name="Excel (XLSX)").click()
    page.wait_for_url("**/taches/*")
    bar = page.locator("#tache-progression")
    for _ in range(200):  # the page's script updates the bar (CSP: no eval from here)
        if int(bar.get_attribute("value")) > 0:
            break
        time.sleep(0.05)
    assert 0 < int(bar.get_attribute("value")) < 100
    assert " sur 18" in page.locator("[data-job=count]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "job-export-progress.png"), full_page=True)
    link = page.get_by_role("link", name="Télécharger le fichier")
    link.wait_for(timeout=60_000)
    assert page.locator("[data-job=status]").inner_text() == "Terminée"
    assert page.locator("[data-job=count]").inner_text() == "— 18 sur 18"
    page.screenshot(path=str(ARTIFACTS / "job-export-done.png"), full_page=True)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("registre-") \
        and download.suggested_filename.endswith("-tous.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames[:2] == ["Registre", "Vue complète"]
    assert workbook["Vue complète"].max_row == 19  # the header and the 18 activities
    page.close()


def test_without_javascript_the_job_page_refreshes_itself(browser, server, dpd, slow_export):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, server, dpd)
    page.get_by_role("button", name="CSV").click()
    page.wait_for_url("**/taches/*")
    assert page.locator("noscript").count() == 1
    page.screenshot(path=str(ARTIFACTS / "job-export-no-js.png"), full_page=True)
    # The <noscript> refresh reloads the page every few seconds until the file is ready.
    page.get_by_role("link", name="Télécharger le fichier").wait_for(timeout=60_000)
    assert page.locator("noscript").count() == 0
    context.close()


def test_dpd_applies_a_model_fiche_to_schools_and_reads_the_result(browser, server, dpd):
    from registre.models import ActivityTemplate, Organisation

    organisations = db.session.scalars(sa.select(Organisation)).all()
    template = ActivityTemplate(academie_id=dpd.academie_id, name="Cantine",
                                payload={"name": "Cantine", "purpose": "Gérer la cantine."})
    db.session.add(template)
    db.session.commit()
    page = browser.new_page()
    log_in(page, server, dpd)
    page.goto(f"{server}/academies/{dpd.academie.code}/modeles/{template.id}/appliquer")
    for organisation in organisations:
        page.get_by_label(f"{organisation.name} ({organisation.uai})").check()
    page.get_by_role("button", name="Créer les brouillons").click()
    page.wait_for_url("**/taches/*")
    page.get_by_text("brouillon(s) créé(s) à partir du modèle").wait_for(timeout=60_000)
    text = page.locator("main").inner_text()
    assert "2 brouillon(s) créé(s) à partir du modèle « Cantine »" in text
    assert all(organisation.uai in text for organisation in organisations)
    page.screenshot(path=str(ARTIFACTS / "job-apply-model.png"), full_page=True)
    page.get_by_role("link", name="Retour aux modèles").click()
    page.wait_for_url("**/modeles")
    page.close()
