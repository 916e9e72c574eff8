"""Platform administration: académies and organisations (admin only, UAI checked)."""
import html

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Academie, Organisation, OrganisationKind, Processor, Role, User
from tests.factories import make_academie, make_activity, make_organisation, make_user


def _admin():
    admin = make_user(Role.ADMIN)
    db.session.commit()
    return admin


def _organisation_data(target, **overrides):
    data = {"uai": "0750655e", "name": "Lycée Henri-IV", "kind": "lycee", "sector": "public",
            "address": "23 rue Clovis", "postal_code": "75005", "commune": "Paris",
            "academie": str(target.id), "controller_title": "", "controller_name": "M. Proviseur",
            "controller_email": "ce.0750655e@ac-paris.fr", "controller_phone": "01 44 41 21 21"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("uai, accepted, message", [
    ("0750655E", True, ""),
    (" 0750655e ", True, ""),
    ("0750655F", False, "La lettre de contrôle de l'UAI « 0750655F » est incorrecte : "
                        "pour 0750655 elle devrait être E."),
    ("075065E", False, "il faut 7 chiffres suivis d'une lettre"),
    ("", False, "Indiquez l'UAI de l'établissement."),
])
def test_admin_creates_an_organisation_with_a_checked_uai(client, login, uai, accepted, message):
    admin = _admin()
    academie = make_academie()
    db.session.commit()
    login(admin)
    response = client.post_form("/admin/etablissements/nouveau",
                                _organisation_data(academie, uai=uai))
    organisations = db.session.scalars(sa.select(Organisation)).all()
    if accepted:
        assert response.status_code == 302
        [organisation] = organisations
        assert organisation.uai == "0750655E" and organisation.academie_id == academie.id
        assert organisation.kind == OrganisationKind.LYCEE
        assert organisation.controller_title == "Chef d'établissement"
    else:
        assert response.status_code == 400
        assert message in html.unescape(response.get_data(as_text=True))
        assert organisations == []


@pytest.mark.parametrize("field, bad, message", [
    ("kind", "universite", "choisissez une valeur de la liste"),
    ("postal_code", "750", "5 chiffres"),
    ("controller_email", "pas-une-adresse", "Adresse électronique invalide"),
    ("name", "", "Indiquez le nom de l'établissement."),
    ("academie", "999999", "choisissez une valeur de la liste"),
    ("address", "rue\x00", "caractère de contrôle"),
])
def test_bad_organisation_input_is_refused(client, login, field, bad, message):
    admin = _admin()
    academie = make_academie()
    db.session.commit()
    login(admin)
    response = client.post_form("/admin/etablissements/nouveau",
                                _organisation_data(academie, **{field: bad}))
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert db.session.scalars(sa.select(Organisation)).all() == []


def test_admin_edits_an_organisation_and_moves_its_accounts(client, login):
    admin = _admin()
    first, second = make_academie(), make_academie()
    organisation = make_organisation(first)
    redacteur = make_user(Role.REDACTEUR, organisation=organisation)
    db.session.commit()
    login(admin)
    url = f"/admin/etablissements/{organisation.uai}/modifier"
    page = client.get(url).get_data(as_text=True)
    assert organisation.name in page
    response = client.post_form(url, _organisation_data(
        second, uai=organisation.uai, name="Collège renommé", kind="college"))
    assert response.status_code == 302
    db.session.expire_all()
    organisation = db.session.get(Organisation, organisation.id)
    assert (organisation.name, organisation.academie_id) == ("Collège renommé", second.id)
    assert db.session.get(User, redacteur.id).academie_id == second.id


def test_moving_an_organisation_whose_fiches_name_processors_is_refused(client, login):
    admin = _admin()
    first, second = make_academie(), make_academie()
    organisation = make_organisation(first)
    processor = Processor(academie_id=first.id, name="Pronote")
    db.session.add(processor)
    db.session.flush()
    make_activity(organisation, hosting_processor_id=processor.id)
    db.session.commit()
    login(admin)
    response = client.post_form(f"/admin/etablissements/{organisation.uai}/modifier",
                                _organisation_data(second, uai=organisation.uai))
    assert response.status_code == 400
    assert "Impossible de changer d'académie" in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).academie_id == first.id


def test_uai_already_taken_is_refused_on_edit(client, login):
    admin = _admin()
    academie = make_academie()
    first, second = make_organisation(academie), make_organisation(academie)
    db.session.commit()
    login(admin)
    response = client.post_form(f"/admin/etablissements/{second.uai}/modifier",
                                _organisation_data(academie, uai=first.uai))
    assert response.status_code == 400 and "porte déjà l'UAI" in html.unescape(
        response.get_data(as_text=True))


def test_admin_creates_and_edits_an_academie(client, login):
    admin = _admin()
    login(admin)
    data = {"code": "Versailles", "name": "Versailles", "dpd_name": "Camille Martin",
            "dpd_email": "dpd@ac-versailles.fr", "dpd_phone": "01 30 83 44 44",
            "dpd_address": "3 boulevard de Lesseps\n78000 Versailles",
            "rights_contact": "dpd@ac-versailles.fr"}
    assert client.post_form("/admin/academies/nouvelle", data).status_code == 302
    academie = db.session.scalars(sa.select(Academie)).one()
    assert academie.code == "versailles" and academie.dpd_address.endswith("Versailles")
    assert client.post_form("/admin/academies/nouvelle", data).status_code == 400
    assert academie.requester_retention_years == 5  # left empty: the usual five years
    response = client.post_form("/admin/academies/versailles/modifier",
                                dict(data, code="versailles", dpd_name="Dominique Petit",
                                     requester_retention_years="3"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(sa.select(Academie.dpd_name)).all() == ["Dominique Petit"]
    assert db.session.scalars(sa.select(Academie.requester_retention_years)).one() == 3
    listing = client.get("/admin/academies").get_data(as_text=True)
    assert "Dominique Petit" in listing


@pytest.mark.parametrize("field, bad, message", [
    ("code", "Ver sailles", "Lettres minuscules"), ("name", "", "Indiquez le nom"),
    ("dpd_email", "dpd-at-ac.fr", "Adresse électronique invalide"),
    ("rights_contact", "x" * 10_001, "trop long"),
    ("requester_retention_years", "0", "Durée entre 1 et 30 ans attendue."),
    ("requester_retention_years", "cinq", "Nombre entier attendu"),
])
def test_bad_academie_input_is_refused(client, login, field, bad, message):
    admin = _admin()
    login(admin)
    data = {"code": "nice", "name": "Nice", field: bad}
    response = client.post_form("/admin/academies/nouvelle", data)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert db.session.scalars(sa.select(Academie)).all() == []


@pytest.mark.parametrize("role", [Role.DPD, Role.RESPONSABLE, Role.REDACTEUR, Role.AUDITEUR])
def test_only_the_admin_may_administer(client, login, role):
    academie = make_academie()
    organisation = make_organisation(academie)
    user = make_user(role, academie=academie,
                     organisation=organisation if role in (Role.RESPONSABLE, Role.REDACTEUR)
                     else None)
    db.session.commit()
    login(user)
    for url in ("/admin/academies", "/admin/etablissements", "/admin/academies/nouvelle",
                f"/admin/etablissements/{organisation.uai}/modifier"):
        assert client.get(url).status_code == 403, url
    assert client.post_form("/admin/academies/nouvelle",
                            {"code": "pirate", "name": "Pirate"}).status_code == 403
    assert client.post_form("/admin/etablissements/nouveau",
                            _organisation_data(academie)).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Academie)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
