"""Processors of the académie catalogue: CRUD, validation, deletion refusal, permissions."""
import html

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Processor, Role, User
from tests.factories import make_academie, make_activity, make_organisation, make_user

VALID = {
    "name": "Microsoft 365 Éducation", "legal_entity": "Microsoft Ireland Operations Ltd",
    "jurisdiction": "us", "service": "Messagerie et bureautique en ligne",
    "contract_signed": "oui", "contract_date": "2025-09-01",
    "contract_reference": "Avenant RGPD n° 12", "contract_url": "https://exemple.fr/contrat.pdf",
    "contract_expires_on": "28/08/2028", "contract_public": "y",
    "hosting_provider": "Microsoft Azure", "datacenter_countries": "fr, IE",
    "backup_countries": "NL; IE", "access_from_outside_eu": "oui",
    "certifications": "ISO 27001\nHDS\n", "sub_processors": "GitHub (US)",
    "dpf_certified": "y", "dpf_checked_on": "2026-10-01", "charter_signed": "",
}


def _dpd():
    dpd = make_user(Role.DPD)
    db.session.commit()
    return dpd


def _processors():
    return db.session.scalars(sa.select(Processor)).all()


def test_dpd_creates_a_processor_with_every_field(client, login):
    dpd = _dpd()
    login(dpd)
    url = f"/academies/{dpd.academie.code}/sous-traitants"
    assert client.get(url + "/nouveau").status_code == 200
    response = client.post_form(url + "/nouveau", VALID)
    assert response.status_code == 302, response.get_data(as_text=True)
    [processor] = _processors()
    assert processor.academie_id == dpd.academie_id
    assert processor.jurisdiction == "US"
    assert processor.contract_signed is True
    assert processor.contract_date.isoformat() == "2025-09-01"
    assert processor.contract_expires_on.isoformat() == "2028-08-28"
    assert processor.contract_public is True
    assert processor.datacenter_countries == ["FR", "IE"]
    assert processor.backup_countries == ["NL", "IE"]
    assert processor.access_from_outside_eu is True
    assert processor.certifications == ["ISO 27001", "HDS"]
    assert processor.sub_processors == ["GitHub (US)"]
    assert processor.dpf_certified is True and processor.charter_signed is False
    page = client.get(url).get_data(as_text=True)
    assert "Microsoft 365 Éducation" in page and "FR, IE, NL" in page


def test_three_state_unknown_is_kept_as_unknown(client, login):
    dpd = _dpd()
    login(dpd)
    data = dict(VALID, contract_signed="", access_from_outside_eu="non")
    client.post_form(f"/academies/{dpd.academie.code}/sous-traitants/nouveau", data)
    [processor] = _processors()
    assert processor.contract_signed is None and processor.access_from_outside_eu is False


@pytest.mark.parametrize("field, bad, message", [
    ("name", "", "Ce champ est obligatoire."),
    ("jurisdiction", "XX", "Code pays inconnu : « XX »"),
    ("datacenter_countries", "FR, Francia", "Code pays inconnu : « Francia »"),
    ("backup_countries", "xx FR yy", "Codes pays inconnus : « XX », « YY »"),
    ("contract_url", "javascript:alert(1)", "http:// ou https://"),
    ("contract_url", "ftp://exemple.fr/x", "http:// ou https://"),
    ("contract_date", "31/02/2026", "Date invalide"),
    ("dpf_checked_on", "demain", "Date invalide"),
    ("contract_expires_on", "2020-01-01", "ne peut pas précéder"),
    ("service", "x" * 10_001, "10\u202f000 au plus"),
    ("legal_entity", "Société\x00Mère", "caractère de contrôle"),
    ("service", "ligne\x1bverte", "caractère de contrôle"),
    ("contract_signed", "peut-être", "Valeur inconnue"),
])
def test_bad_input_is_refused_and_nothing_saved(client, login, field, bad, message):
    dpd = _dpd()
    login(dpd)
    response = client.post_form(f"/academies/{dpd.academie.code}/sous-traitants/nouveau",
                                dict(VALID, **{field: bad}))
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert _processors() == []


def test_edit_keeps_unicode_and_refuses_a_duplicate_name(client, login):
    dpd = _dpd()
    login(dpd)
    base = f"/academies/{dpd.academie.code}/sous-traitants"
    client.post_form(base + "/nouveau", VALID)
    client.post_form(base + "/nouveau", dict(VALID, name="Pronote"))
    first = db.session.scalars(sa.select(Processor).where(Processor.name != "Pronote")).one()
    page = client.get(f"{base}/{first.id}/modifier").get_data(as_text=True)
    assert "fr, IE" not in page and "FR, IE" in page and "ISO 27001\nHDS" in page
    response = client.post_form(f"{base}/{first.id}/modifier", dict(VALID, name="pronote"))
    assert response.status_code == 400 and "existe déjà" in response.get_data(as_text=True)
    response = client.post_form(f"{base}/{first.id}/modifier",
                                dict(VALID, name="Office 365 A1 « Éducation » ﬁ"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Processor, first.id).name == "Office 365 A1 « Éducation » ﬁ"


def test_script_in_a_name_stays_escaped(client, login):
    dpd = _dpd()
    login(dpd)
    base = f"/academies/{dpd.academie.code}/sous-traitants"
    client.post_form(base + "/nouveau", dict(VALID, name="<script>alert(1)</script> {{7*7}}"))
    page = client.get(base).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}" in page


def test_deleting_a_used_processor_is_refused_with_the_count(client, login):
    dpd = _dpd()
    organisation = make_organisation(dpd.academie)
    processor = Processor(academie_id=dpd.academie_id, name="Pronote")
    db.session.add(processor)
    db.session.flush()
    make_activity(organisation, hosting_processor_id=processor.id)
    make_activity(organisation, recipients=[{"kind": "sous_traitant", "name": "Index",
                                             "processor_id": processor.id}])
    db.session.commit()
    login(dpd)
    url = f"/academies/{dpd.academie.code}/sous-traitants/{processor.id}/supprimer"
    response = client.post_form(url, follow_redirects=True)
    assert "2 traitements l&#39;utilisent" in response.get_data(as_text=True)
    assert len(_processors()) == 1


def test_deleting_an_unused_processor(client, login):
    dpd = _dpd()
    processor = Processor(academie_id=dpd.academie_id, name="Pronote")
    db.session.add(processor)
    db.session.commit()
    login(dpd)
    response = client.post_form(
        f"/academies/{dpd.academie.code}/sous-traitants/{processor.id}/supprimer")
    assert response.status_code == 302
    assert _processors() == []


def test_dpd_of_another_academie_gets_404(client, login):
    dpd = _dpd()
    other = make_academie()
    processor = Processor(academie_id=other.id, name="Pronote")
    db.session.add(processor)
    db.session.commit()
    login(dpd)
    base = f"/academies/{other.code}/sous-traitants"
    assert client.get(base).status_code == 404
    assert client.get(base + "/nouveau").status_code == 404
    assert client.post_form(base + "/nouveau", VALID).status_code == 404
    assert client.post_form(f"{base}/{processor.id}/supprimer").status_code == 404
    # Its own académie's URL with another académie's processor id: 404 too.
    own = f"/academies/{dpd.academie.code}/sous-traitants/{processor.id}"
    assert client.get(own + "/modifier").status_code == 404
    assert client.post_form(own + "/supprimer").status_code == 404
    assert len(_processors()) == 1


@pytest.mark.parametrize("role, list_status, write_status", [
    (Role.AUDITEUR, 200, 403),
    (Role.RESPONSABLE, 404, 404),
    (Role.REDACTEUR, 404, 404),
])
def test_other_roles_cannot_change_the_catalogue(client, login, role, list_status, write_status):
    academie = make_academie()
    user = make_user(role, academie=academie,
                     organisation=None if role == Role.AUDITEUR else make_organisation(academie))
    processor = Processor(academie_id=academie.id, name="Pronote")
    db.session.add(processor)
    db.session.commit()
    login(user)
    base = f"/academies/{academie.code}/sous-traitants"
    assert client.get(base).status_code == list_status
    assert client.get(base + "/nouveau").status_code == write_status
    assert client.post_form(base + "/nouveau", VALID).status_code == write_status
    assert client.post_form(f"{base}/{processor.id}/modifier", VALID).status_code == write_status
    assert client.post_form(f"{base}/{processor.id}/supprimer").status_code == write_status
    assert [p.name for p in _processors()] == ["Pronote"]


def test_anonymous_is_sent_to_login(client):
    academie = make_academie()
    db.session.commit()
    response = client.get(f"/academies/{academie.code}/sous-traitants")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/academies/{code}/sous-traitants/nouveau",
                                  "/academies/{code}/comptes/nouveau"])
def test_forms_without_csrf_token_are_refused(client, login, path):
    dpd = _dpd()
    login(dpd)
    response = client.post(path.format(code=dpd.academie.code),
                           data=dict(VALID, email="x@exemple.fr", role="auditeur", scope="",
                                     password="Cartable-Rouge-2026!"))
    assert response.status_code == 400
    assert "Le formulaire a expiré" in html.unescape(response.get_data(as_text=True))
    assert _processors() == []
    assert db.session.scalars(sa.select(User).where(User.email == "x@exemple.fr")).all() == []


def test_admin_manages_any_academie_catalogue(client, login):
    admin = make_user(Role.ADMIN)
    academie = make_academie()
    db.session.commit()
    login(admin)
    base = f"/academies/{academie.code}/sous-traitants"
    assert client.post_form(base + "/nouveau", VALID).status_code == 302
    [processor] = _processors()
    assert processor.academie_id == academie.id
    assert "/admin/academies" in client.get(base).get_data(as_text=True)


def test_delete_asks_for_confirmation_on_a_page_without_javascript(client, login):
    """Issue 11, point 8: the list's "Supprimer…" opens a confirmation page (a link, then a
    form); nothing is deleted until its button is pressed."""
    dpd = _dpd()
    processor = Processor(academie_id=dpd.academie_id, name="Pronote")
    db.session.add(processor)
    db.session.commit()
    login(dpd)
    base = f"/academies/{dpd.academie.code}/sous-traitants"
    listing = client.get(base).get_data(as_text=True)
    url = f"{base}/{processor.id}/supprimer"
    assert f'<a href="{url}">Supprimer…' in listing
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "Aucune fiche ni aucun modèle ne cite ce sous-traitant" in page
    assert f'<form method="post" action="{url}">' in page
    assert "Supprimer définitivement « Pronote »" in page
    assert len(_processors()) == 1
    assert client.post_form(url).status_code == 302
    assert _processors() == []


def test_a_processor_in_use_lists_its_fiches_with_links_and_stays(client, login):
    dpd = _dpd()
    school, other = make_organisation(dpd.academie), make_organisation(dpd.academie)
    processor = Processor(academie_id=dpd.academie_id, name="Pronote")
    db.session.add(processor)
    db.session.flush()
    hosted = make_activity(school, name="Vie scolaire", hosting_processor_id=processor.id)
    received = make_activity(other, name="Cahier de textes", recipients=[
        {"kind": "sous_traitant", "name": "Index", "processor_id": processor.id}])
    make_activity(school, name="Sans rapport")
    db.session.commit()
    login(dpd)
    url = f"/academies/{dpd.academie.code}/sous-traitants/{processor.id}/supprimer"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "ne peut pas être supprimé : 2 fiches le citent" in page
    for activity in (hosted, received):
        link = f"/etablissements/{activity.organisation.uai}/traitements/{activity.id}"
        assert f'<a href="{link}">{activity.name}</a>' in page
    assert "Sans rapport" not in page
    assert "<form method=\"post\"" not in page.split("<main")[1]
    response = client.post_form(url)
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert "2 traitements l'utilisent" in html.unescape(
        client.get(response.headers["Location"]).get_data(as_text=True))
    assert len(_processors()) == 1
