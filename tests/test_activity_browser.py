"""In real Chromium: a rédacteur fills a complete fiche, submits it, the responsable validates."""
import pytest

from registre.activities.workflow import today
from registre.extensions import db
from registre.models import Activity, Role, Status
from tests.browser_support import log_in, log_out
from tests.factories import make_activity, make_user
from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser


def row(page, list_name: str, index: int, field: str):
    return page.locator(f"[name='{list_name}-{index}-{field}']")


def add_row(page, list_name: str) -> None:
    page.locator(f"button[name='add_row'][value='{list_name}']").click()


def fill_fiche(page) -> None:
    """Fill every section, adding rows with the add-row buttons."""
    page.get_by_label("Nom du traitement").fill("Vie scolaire (Pronote)")
    page.get_by_label("Logiciel ou service").fill("Pronote")
    page.get_by_label("Éditeur").fill("Index Éducation")
    page.get_by_label("Dernière revue").fill("2026-09-01")
    page.get_by_label("Finalité principale").fill(
        "Suivre la scolarité des élèves : notes, absences, sanctions, cahier de textes.")
    add_row(page, "sub_purposes")
    page.locator("[name='sub_purposes-0']").fill("Communication avec les familles")
    row(page, "legal_bases", 0, "basis").select_option("6.1.e")
    row(page, "legal_bases", 0, "justification").fill("Code de l'éducation, art. L.131-1")
    page.get_by_label("Source des données").fill("Les familles, SIECLE")
    page.get_by_label("Collecte obligatoire").select_option("oui")
    row(page, "subject_categories", 0, "category").select_option("eleves")
    add_row(page, "subject_categories")
    row(page, "subject_categories", 1, "category").select_option("responsables_legaux")
    page.get_by_label("Concerne des mineurs").check()
    page.get_by_label("Âge minimum").fill("11")
    page.get_by_label("Âge maximum").fill("16")
    row(page, "data_categories", 0, "category").select_option("etat_civil")
    row(page, "data_categories", 0, "description").fill("Nom, prénom, classe")
    row(page, "data_categories", 0, "active_duration").fill("1")
    row(page, "data_categories", 0, "active_unit").select_option("ans")
    row(page, "data_categories", 0, "final_fate").select_option("destruction")
    add_row(page, "data_categories")
    row(page, "data_categories", 1, "category").select_option("vie_scolaire")
    row(page, "data_categories", 1, "description").fill("Notes, absences, sanctions")
    row(page, "data_categories", 1, "retention_criteria").fill(
        "Fin de la scolarité dans l'établissement + 1 an")
    row(page, "data_categories", 1, "final_fate").select_option("archivage_definitif")
    row(page, "recipients", 0, "kind").select_option("service_interne")
    row(page, "recipients", 0, "name").fill("Équipe pédagogique")
    page.locator("[name='recipients-0-data_categories'][value='vie_scolaire']").check()
    add_row(page, "recipients")
    row(page, "recipients", 1, "kind").select_option("sous_traitant")
    row(page, "recipients", 1, "name").fill("Index Éducation")
    page.locator("[name='recipients-1-data_categories'][value='etat_civil']").check()
    page.get_by_label("Hébergement", exact=True).select_option("prestataire")
    page.get_by_label("Pays de stockage").fill("FR")
    add_row(page, "transfers")
    row(page, "transfers", 0, "recipient").fill("Support technique")
    row(page, "transfers", 0, "country").fill("ma")
    row(page, "transfers", 0, "guarantee").select_option("cct")
    row(page, "security_measures", 0, "kind").select_option("controle_acces")
    row(page, "security_measures", 0, "details").fill("Comptes nominatifs, ENT")
    add_row(page, "security_measures")
    row(page, "security_measures", 1, "kind").select_option("sauvegarde")
    add_row(page, "security_measures")
    row(page, "security_measures", 2, "details").fill("Ligne ajoutée par erreur")
    page.locator("button[name='remove_row'][value='security_measures-2']").click()
    assert row(page, "security_measures", 2, "details").count() == 0
    page.get_by_label("Personnes informées").select_option("oui")
    page.get_by_label("Moyen d'information").fill("Règlement intérieur")
    page.get_by_label("Consentement requis").select_option("non")
    page.get_by_label("Motif du consentement").fill("Mission d'intérêt public")
    page.get_by_label("Personnes vulnérables (dont les élèves)").check()
    page.get_by_label("Statut de l'AIPD").select_option("non_requise")
    page.get_by_label("Notes internes").fill("Revoir le contrat en juin.")


def test_redacteur_fills_submits_and_responsable_validates(server, browser):
    redacteur = make_user(Role.REDACTEUR, name="Rédactrice")
    responsable = make_user(Role.RESPONSABLE, organisation=redacteur.organisation,
                            name="Principal")
    uai = redacteur.organisation.uai
    db.session.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Every script or stylesheet loads (the browser's own favicon request aside).
    page.on("response", lambda response: response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and errors.append(f"{response.status} {response.url}"))

    log_in(page, server, redacteur)
    page.goto(f"{server}/etablissements/{uai}/traitements")
    page.get_by_role("link", name="Nouveau traitement").click()
    before = page.url
    fill_fiche(page)
    # The rows were added in the page by activity-form.js, without a round trip.
    assert page.url == before
    assert row(page, "data_categories", 1, "category").input_value() == "vie_scolaire"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "activity-form-filled.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "créée (brouillon)" in page.content(), page.content()[:3000]
    page.get_by_role("button", name="Soumettre pour validation").click()
    page.wait_for_load_state()
    assert "À valider" in page.locator(".lead").inner_text()
    fiche_url = page.url
    log_out(page)

    log_in(page, server, responsable)
    page.goto(fiche_url)
    # The fiche is complete for art. 30 but pupils' data call for a DPIA: the responsable
    # acknowledges the remaining compliance errors before putting it in service.
    page.get_by_label("J'ai pris connaissance de ces erreurs").check()
    page.get_by_role("button", name="Mettre en service").click()
    page.wait_for_load_state()
    assert "En service" in page.locator(".lead").inner_text()
    for heading in ("Description du traitement", "Acteurs", "Finalités et base légale",
                    "Personnes concernées et mineurs",
                    "Données et durées de conservation",
                    "Destinataires et sous-traitants", "Hébergement et transferts hors UE",
                    "Mesures de sécurité", "Information et consentement",
                    "Droits et AIPD", "Notes internes"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    text = page.locator("main").inner_text()
    for typed in ("Communication avec les familles", "Fin de la scolarité dans l'établissement "
                  "+ 1 an", "Index Éducation", "MA", "Comptes nominatifs, ENT",
                  "Revoir le contrat en juin.", "Principal"):
        assert typed in text
    page.screenshot(path=str(ARTIFACTS / "activity-fiche-validated.png"), full_page=True)
    assert errors == []

    db.session.expire_all()
    activity = db.session.query(Activity).one()
    assert activity.status == Status.EN_SERVICE and activity.validated_by_id == responsable.id
    assert [row.category.value for row in activity.data_categories] == ["etat_civil",
                                                                        "vie_scolaire"]
    assert [m.kind.value for m in activity.security_measures] == ["controle_acces", "sauvegarde"]
    assert activity.collection_mandatory is True
    assert activity.last_reviewed_on.isoformat() == "2026-09-01"


def test_rows_work_without_javascript(server, browser):
    redacteur = make_user(Role.REDACTEUR)
    db.session.commit()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, server, redacteur)
    page.goto(f"{server}/etablissements/{redacteur.organisation.uai}/traitements/nouveau")
    page.get_by_label("Nom du traitement").fill("Sans JavaScript")
    row(page, "security_measures", 0, "kind").select_option("chiffrement")
    add_row(page, "security_measures")
    page.wait_for_load_state()
    # The server re-rendered the form with a new row and everything typed.
    assert page.get_by_label("Nom du traitement").input_value() == "Sans JavaScript"
    assert row(page, "security_measures", 0, "kind").input_value() == "chiffrement"
    assert row(page, "security_measures", 1, "kind").count() == 1
    page.locator("button[name='remove_row'][value='security_measures-0']").click()
    page.wait_for_load_state()
    assert row(page, "security_measures", 1, "kind").count() == 0
    assert row(page, "security_measures", 0, "kind").input_value() == ""
    context.close()


def test_responsable_sends_back_with_a_comment_then_ends_the_fiche(server, browser):
    """The fiche's buttons are the forms the view built: labelled fields, keyboard usable."""
    responsable = make_user(Role.RESPONSABLE, name="Principal")
    activity = make_activity(responsable.organisation, status=Status.A_VALIDER)
    db.session.commit()
    url = f"{server}/etablissements/{responsable.organisation.uai}/traitements/{activity.id}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, server, responsable)
    page.goto(url)
    page.get_by_text("Renvoyer au rédacteur…").click()
    comment = page.get_by_label("Ce que le rédacteur doit revoir")
    assert comment.get_attribute("required") is not None
    comment.fill("Préciser la durée de conservation des notes.")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "activity-send-back.png"), full_page=False)
    page.get_by_role("button", name="Renvoyer en brouillon").click()
    page.wait_for_load_state()
    assert "Brouillon" in page.locator(".lead").inner_text()

    db.session.expire_all()
    activity.status = Status.EN_SERVICE
    db.session.commit()
    page.goto(url)
    page.get_by_text("Mettre fin au traitement…").click()
    # The end date is today unless changed (a date in the future is refused).
    assert page.get_by_label("Date de fin").input_value() == today().isoformat()
    page.get_by_label("Commentaire (facultatif)").fill("Remplacé par l'ENT régional.")
    page.screenshot(path=str(ARTIFACTS / "activity-end.png"), full_page=False)
    page.get_by_role("button", name="Mettre fin au traitement").click()
    page.wait_for_load_state()
    assert f"Terminé le {today():%d/%m/%Y}" in page.locator(".lead").inner_text()
    db.session.expire_all()
    assert activity.status == Status.TERMINE and activity.ended_on == today()
