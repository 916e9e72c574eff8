"""Activity templates: save from a fiche, create from a template, duplicate, apply to many."""
import html

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import Activity, ActivityTemplate, Processor, Revision, Role, Status
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.job_helpers import job_id_of, wait_for_job

# Fields a copy takes from its source, as they appear in activity_to_dict.
COPIED = ("purpose", "sub_purposes", "software", "software_vendor", "legal_bases",
          "subject_categories", "concerns_minors", "min_age", "max_age", "data_categories",
          "recipients", "security_measures", "hosting", "storage_countries", "informed",
          "information_channel", "consent_required", "consent_reason", "rights_contact",
          "dpia_status", "hosting_processor_id")


def _setup():
    """An académie with a DPD, two organisations, a processor and a source activity."""
    academie = make_academie()
    dpd = make_user(Role.DPD, academie=academie)
    school = make_organisation(academie, controller_name="Chef A")
    other_school = make_organisation(academie, controller_name="Chef B")
    processor = Processor(academie_id=academie.id, name="Pronote", datacenter_countries=["FR"])
    db.session.add(processor)
    db.session.flush()
    source = make_activity(school, dpd, status=Status.EN_SERVICE, reference="VS-1",
                           hosting="prestataire", hosting_processor_id=processor.id,
                           last_reviewed_on="2026-01-15",
                           recipients=[{"kind": "sous_traitant", "name": "Index Éducation",
                                        "processor_id": processor.id,
                                        "data_categories": ["etat_civil"]}])
    db.session.commit()
    return academie, dpd, school, other_school, processor, source


def _save_template(client, academie, source, name="Vie scolaire"):
    return client.post_form(
        f"/academies/{academie.code}/modeles/depuis-traitement/{source.id}",
        {"name": name, "description": "Modèle pour les collèges"})


def _templates():
    return db.session.scalars(sa.select(ActivityTemplate)).all()


def test_dpd_saves_a_fiche_as_a_template(client, login):
    academie, dpd, school, _, processor, source = _setup()
    login(dpd)
    fiche = client.get(f"/etablissements/{school.uai}/traitements/{source.id}")
    assert "Enregistrer comme modèle" in fiche.get_data(as_text=True)
    assert _save_template(client, academie, source).status_code == 302
    [template] = _templates()
    assert template.academie_id == academie.id and template.description
    for key in ("id", "uai", "reference", "status", "version", "created_at", "updated_at",
                "validated_by", "controller", "template_id", "last_reviewed_on"):
        assert key not in template.payload
    expected = activity_to_dict(source)
    for key in COPIED:
        assert template.payload[key] == expected[key], key
    assert template.payload["recipients"][0]["processor_id"] == processor.id


def test_duplicate_template_name_is_refused(client, login):
    academie, dpd, _, _, _, source = _setup()
    login(dpd)
    _save_template(client, academie, source)
    response = _save_template(client, academie, source)
    assert response.status_code == 400 and "existe déjà" in response.get_data(as_text=True)
    assert len(_templates()) == 1


def test_processor_of_another_academie_never_enters_a_template(client, login):
    academie, dpd, school, _, processor, _ = _setup()
    foreign = Processor(academie_id=make_academie().id, name="Ailleurs")
    db.session.add(foreign)
    db.session.flush()
    source = make_activity(school, dpd, hosting_processor_id=foreign.id,
                           recipients=[{"kind": "sous_traitant", "processor_id": foreign.id},
                                       {"kind": "sous_traitant", "processor_id": processor.id}])
    db.session.commit()
    login(dpd)
    response = _save_template(client, academie, source, name="Mixte")
    assert response.status_code == 302
    [template] = _templates()
    assert template.payload["hosting_processor_id"] is None
    assert [row["processor_id"] for row in template.payload["recipients"]] == [None, processor.id]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 référence(s) à un sous-traitant hors du catalogue" in html.unescape(page)


def test_create_from_template_reproduces_the_payload(client, login):
    academie, dpd, school, other_school, _, source = _setup()
    login(dpd)
    _save_template(client, academie, source)
    [template] = _templates()
    redacteur = make_user(Role.REDACTEUR, organisation=other_school)
    db.session.commit()
    client.post_form("/deconnexion")
    login(redacteur)
    url = f"/etablissements/{other_school.uai}/traitements/depuis-modele"
    page = client.get(url).get_data(as_text=True)
    assert "Vie scolaire" in page
    response = client.post_form(url, {"template_id": str(template.id), "name": ""})
    assert response.status_code == 302
    created = db.session.scalars(
        sa.select(Activity).where(Activity.organisation_id == other_school.id)).one()
    assert created.status == Status.BROUILLON
    assert created.template_id == template.id
    assert created.name == source.name
    assert created.reference == "T-001"
    assert created.controller_name == "Chef B"
    copy = activity_to_dict(created)
    for key in COPIED:
        assert copy[key] == template.payload[key], key
    assert copy["last_reviewed_on"] is None
    [revision] = db.session.scalars(
        sa.select(Revision).where(Revision.activity_id == created.id)).all()
    assert revision.author_id == redacteur.id and revision.snapshot["template_id"] == template.id
    fiche = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Modèle d&#39;origine" in fiche


def test_create_from_template_with_a_chosen_name(client, login):
    academie, dpd, school, _, _, source = _setup()
    login(dpd)
    _save_template(client, academie, source)
    [template] = _templates()
    response = client.post_form(f"/etablissements/{school.uai}/traitements/depuis-modele",
                                {"template_id": str(template.id), "name": "ENT du collège"})
    assert response.status_code == 302
    assert db.session.scalars(sa.select(Activity.name).where(
        Activity.template_id == template.id)).all() == ["ENT du collège"]


def test_template_of_another_academie_cannot_be_used(client, login):
    academie, dpd, school, _, _, source = _setup()
    login(dpd)
    _save_template(client, academie, source)
    [template] = _templates()
    stranger = make_user(Role.REDACTEUR)  # another académie
    db.session.commit()
    client.post_form("/deconnexion")
    login(stranger)
    url = f"/etablissements/{stranger.organisation.uai}/traitements/depuis-modele"
    page = client.get(url).get_data(as_text=True)
    assert f'value="{template.id}"' not in page and "aucun modèle" in page
    response = client.post_form(url, {"template_id": str(template.id)})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity).where(
        Activity.organisation_id == stranger.organisation_id)) == 0


def test_duplicate_creates_a_draft_copy_with_a_new_reference(client, login):
    _, dpd, school, _, _, source = _setup()
    redacteur = make_user(Role.REDACTEUR, organisation=school)
    db.session.commit()
    login(redacteur)
    response = client.post_form(f"/etablissements/{school.uai}/traitements/{source.id}/dupliquer")
    assert response.status_code == 302
    copy = db.session.scalars(sa.select(Activity).where(Activity.id != source.id)).one()
    assert copy.name == f"Copie de {source.name}"
    assert copy.status == Status.BROUILLON and copy.reference not in ("", "VS-1")
    assert copy.organisation_id == school.id
    original, duplicate = activity_to_dict(source), activity_to_dict(copy)
    for key in (*COPIED, "controller"):
        assert duplicate[key] == original[key], key
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Revision).where(
        Revision.activity_id == copy.id)) == 1
    assert source.status == Status.EN_SERVICE


def test_apply_template_to_several_organisations(client, login):
    academie, dpd, school, other_school, _, source = _setup()
    third = make_organisation(academie)
    db.session.commit()
    login(dpd)
    _save_template(client, academie, source)
    [template] = _templates()
    url = f"/academies/{academie.code}/modeles/{template.id}/appliquer"
    page = client.get(url).get_data(as_text=True)
    assert third.uai in page and 'type="checkbox"' in page
    response = client.post_form(url, {"organisations": [str(other_school.id), str(third.id)]})
    # A job creates the drafts (all or none); its page lists them once done.
    job_id = job_id_of(response)
    assert wait_for_job(client, job_id)["status"] == "terminee"
    text = html.unescape(client.get(f"/taches/{job_id}").get_data(as_text=True))
    assert "2 brouillon(s) créé(s)" in text and other_school.uai in text and third.uai in text
    assert f'href="/academies/{academie.code}/modeles"' in text
    created = db.session.scalars(
        sa.select(Activity).where(Activity.template_id == template.id)).all()
    assert sorted(a.organisation_id for a in created) == sorted([other_school.id, third.id])
    for activity in created:
        assert activity.status == Status.BROUILLON
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Revision).where(
            Revision.activity_id == activity.id)) == 1


@pytest.mark.parametrize("chosen", ["outside", "unknown", "none", "garbage"])
def test_apply_template_is_all_or_nothing(client, login, chosen):
    academie, dpd, school, other_school, _, source = _setup()
    outsider = make_organisation(make_academie())
    db.session.commit()
    login(dpd)
    _save_template(client, academie, source)
    [template] = _templates()
    ids = {"outside": [str(other_school.id), str(outsider.id)],
           "unknown": [str(other_school.id), "999999"], "none": [],
           "garbage": [str(other_school.id), "abc"]}[chosen]
    response = client.post_form(f"/academies/{academie.code}/modeles/{template.id}/appliquer",
                                {"organisations": ids})
    assert response.status_code == 400
    assert "Aucun brouillon n" in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 1


def test_rename_and_delete_a_template(client, login):
    academie, dpd, school, _, _, source = _setup()
    login(dpd)
    _save_template(client, academie, source)
    [template] = _templates()
    client.post_form(f"/etablissements/{school.uai}/traitements/depuis-modele",
                     {"template_id": str(template.id)})
    base = f"/academies/{academie.code}/modeles/{template.id}"
    response = client.post_form(base + "/modifier", {"name": "ENT", "description": "Pour tous"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (template.name, template.description) == ("ENT", "Pour tous")
    assert client.post_form(base + "/supprimer").status_code == 302
    assert _templates() == []
    # The activity created from it stays, without its template link.
    assert db.session.scalars(sa.select(Activity.template_id)).all() == [None, None]


@pytest.mark.parametrize("role", [Role.AUDITEUR, Role.RESPONSABLE, Role.REDACTEUR, "dpd_b"])
def test_template_permissions(client, login, role):
    academie, dpd, school, _, _, source = _setup()
    login(dpd)
    _save_template(client, academie, source)
    [template] = _templates()
    client.post_form("/deconnexion")
    if role == "dpd_b":
        user, expected_list, expected_write = make_user(Role.DPD), 404, 404
    elif role == Role.AUDITEUR:
        user, expected_list, expected_write = make_user(role, academie=academie), 200, 403
    else:
        user, expected_list, expected_write = make_user(role, organisation=school), 404, 404
    db.session.commit()
    login(user)
    base = f"/academies/{academie.code}/modeles"
    assert client.get(base).status_code == expected_list
    for url, data in ((f"{base}/depuis-traitement/{source.id}", {"name": "X"}),
                      (f"{base}/{template.id}/modifier", {"name": "X"}),
                      (f"{base}/{template.id}/supprimer", {}),
                      (f"{base}/{template.id}/appliquer", {"organisations": [str(school.id)]})):
        assert client.post_form(url, data).status_code == expected_write, url
    assert [t.name for t in _templates()] == ["Vie scolaire"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 1


def test_auditeur_cannot_copy_anything(client, login):
    academie, dpd, school, _, _, source = _setup()
    login(dpd)
    _save_template(client, academie, source)
    [template] = _templates()
    client.post_form("/deconnexion")
    auditeur = make_user(Role.AUDITEUR, organisation=school)
    db.session.commit()
    login(auditeur)
    fiche = client.get(f"/etablissements/{school.uai}/traitements/{source.id}")
    assert "Dupliquer" not in fiche.get_data(as_text=True)
    base = f"/etablissements/{school.uai}/traitements"
    assert client.post_form(f"{base}/{source.id}/dupliquer").status_code == 403
    assert client.get(f"{base}/depuis-modele").status_code == 403
    assert client.post_form(f"{base}/depuis-modele",
                            {"template_id": str(template.id)}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 1


def test_duplicate_outside_scope_is_404(client, login):
    _, _, school, _, _, source = _setup()
    stranger = make_user(Role.RESPONSABLE)
    db.session.commit()
    login(stranger)
    assert client.post_form(
        f"/etablissements/{school.uai}/traitements/{source.id}/dupliquer").status_code == 404
    assert client.post_form(
        f"/etablissements/{stranger.organisation.uai}/traitements/{source.id}/dupliquer"
    ).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 1


def test_create_from_template_never_takes_a_foreign_processor(client, login):
    academie, dpd, school, _, processor, _ = _setup()
    foreign = Processor(academie_id=make_academie().id, name="Ailleurs")
    db.session.add(foreign)
    db.session.flush()
    payload = {"name": "Importé", "purpose": "Test", "hosting_processor_id": foreign.id,
               "recipients": [{"kind": "sous_traitant", "name": "X", "processor_id": foreign.id},
                              {"kind": "sous_traitant", "name": "Y",
                               "processor_id": processor.id}]}
    template = ActivityTemplate(academie_id=academie.id, name="Importé", payload=payload)
    db.session.add(template)
    db.session.commit()
    login(dpd)
    response = client.post_form(f"/etablissements/{school.uai}/traitements/depuis-modele",
                                {"template_id": str(template.id)})
    assert response.status_code == 302
    created = db.session.scalars(sa.select(Activity).where(
        Activity.template_id == template.id)).one()
    assert created.hosting_processor_id is None
    assert [row.processor_id for row in created.recipients] == [None, processor.id]
    db.session.expire_all()
    stored = db.session.get(ActivityTemplate, template.id).payload
    assert stored["recipients"][0]["processor_id"] == foreign.id  # the template is untouched
