"""Export links on the register list and the home page, and the export form."""
from registre.extensions import db
from registre.models import Role
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.job_helpers import academie_export, job_id_of, wait_for_job


def test_list_page_links_to_every_format(client, login, app):
    organisation = make_organisation()
    make_activity(organisation, status="en_service")
    user = make_user(Role.RESPONSABLE, organisation=organisation)
    db.session.commit()
    login(user)
    page = client.get(f"/etablissements/{organisation.uai}/traitements").get_data(as_text=True)
    for fmt in ("xlsx", "ods", "csv", "json", "pdf"):
        assert f'href="/etablissements/{organisation.uai}/export.{fmt}"' in page
    assert f'action="/etablissements/{organisation.uai}/export"' in page
    assert "/academies/" not in page


def test_home_links_to_the_academie_export_for_academie_wide_users(client, login, app):
    academie = make_academie()
    make_organisation(academie)
    auditor = make_user(Role.AUDITEUR, academie=academie)
    local = make_user(Role.RESPONSABLE, organisation=make_organisation(academie))
    db.session.commit()
    login(auditor)
    page = client.get("/").get_data(as_text=True)
    assert f'action="/academies/{academie.code}/export"' in page  # starts a job (POST)
    assert 'name="format" value="xlsx"' in page
    client.post_form("/deconnexion")
    login(local)
    assert "/academies/" not in client.get("/").get_data(as_text=True)


def test_export_form_redirects_with_filters_or_refuses(client, login, app):
    organisation = make_organisation()
    user = make_user(Role.AUDITEUR, academie=organisation.academie)
    db.session.commit()
    login(user)
    base = f"/etablissements/{organisation.uai}/export"
    response = client.get(f"{base}?format=ods&status=tous&as_of=2026-01-15")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"{base}.ods?status=tous&as_of=2026-01-15")
    response = client.get(f"{base}?format=csv&as_of=15/01/2026")
    assert response.status_code == 400
    assert "AAAA-MM-JJ" in response.get_data(as_text=True)
    stranger = make_user(Role.AUDITEUR)
    db.session.commit()
    client.post_form("/deconnexion")
    login(stranger)
    assert client.get(f"{base}?format=csv").status_code == 404


def test_academie_pdf_is_cover_and_list_and_refuses_huge_registers(client, login, app,
                                                                   monkeypatch):
    import subprocess

    from tests.support import require_tool
    require_tool("pdftotext", "lecture des exports PDF")
    academie = make_academie(name="Créteil")
    for name in ("Collège A", "Lycée B"):
        make_activity(make_organisation(academie, name=name), status="en_service",
                      name=f"Cantine {name}")
    auditor = make_user(Role.AUDITEUR, academie=academie)
    db.session.commit()
    login(auditor)
    data = academie_export(client, academie.code, "pdf")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()
    assert "Académie de Créteil" in text and "Cantine Collège A" in text
    assert "Cantine Lycée B" in text and "Fiche de registre" not in text
    monkeypatch.setattr("registre.exports.pdf.PDF_MAX_ACTIVITIES", 1)
    response = client.post_form(f"/academies/{academie.code}/export",
                                {"format": "pdf", "status": "en_service", "as_of": ""})
    state = wait_for_job(client, job_id_of(response))
    assert state["status"] == "echouee" and state["download_url"] is None
    assert "Exportez ce registre en XLSX, ODS ou CSV" in state["message"]
