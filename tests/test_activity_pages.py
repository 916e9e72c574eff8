"""The fiche form through the web: rows without JavaScript, conflicts, double submits,
hostile input."""
import re

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from registre.activities import views
from registre.activities.services import update_activity
from registre.extensions import db
from registre.models import Activity, FormSubmission, Revision, Role
from tests.factories import activity_data, browser_form, make_activity, make_user


@pytest.fixture
def redacteur(login):
    user = make_user(Role.REDACTEUR, name="Rédactrice")
    db.session.commit()
    login(user)
    return user


def base(user) -> str:
    return f"/etablissements/{user.organisation.uai}/traitements"


def count(model=Activity) -> int:
    return db.session.scalar(sa.select(sa.func.count(model.id)))


def form_key(html: str) -> str:
    return re.search(r'name="form_key" type="hidden" value="([^"]+)"', html).group(1)


def input_value(html: str, name: str) -> str | None:
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


def test_new_form_has_every_section_and_the_organisation_controller(client, redacteur):
    response = client.get(f"{base(redacteur)}/nouveau")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    sections = re.findall(r"<legend><h2>([^<]+)</h2></legend>", html)
    assert sections == [
        "Description du traitement", "Acteurs", "Finalités et base légale",
        "Personnes concernées et mineurs", "Données et durées de conservation",
        "Destinataires et sous-traitants", "Hébergement et transferts hors UE",
        "Mesures de sécurité", "Information et consentement", "Droits et AIPD",
        "Notes internes"]
    assert input_value(html, "controller-title") == "Chef d&#39;établissement"
    assert 'name="data_categories-0-category"' in html
    assert 'src="/static/activity-form.js"' in html and "<script>" not in html


def test_create_saves_every_section_and_a_revision(client, redacteur):
    data = browser_form(activity_data(name="Cantine", transfers=[
        {"recipient": "Hébergeur US", "country": "us", "guarantee": "cct"}],
        joint_controllers=[{"title": "Mairie", "name": "Commune de Versailles"}],
        dpia_criteria=["evaluation", "personnes_vulnerables"], consent_required=None,
        controller={"title": "Principale", "name": "Mme Nguyen", "email": "ce@clg.fr"},
        information_notice={"title": "Notice cantine", "url": "https://clg.fr/notice.pdf"}))
    response = client.post_form(f"{base(redacteur)}/nouveau", data)
    assert response.status_code == 303
    activity = db.session.scalars(sa.select(Activity)).one()
    assert response.headers["Location"].endswith(f"/traitements/{activity.id}")
    assert activity.transfers[0].country == "US"
    assert activity.joint_controllers[0].name == "Commune de Versailles"
    assert activity.dpia_criteria == ["evaluation", "personnes_vulnerables"]
    assert activity.consent_required is None
    assert (activity.controller_name, activity.controller_email) == ("Mme Nguyen", "ce@clg.fr")
    assert activity.information_notice_url == "https://clg.fr/notice.pdf"
    assert [row.category.value for row in activity.data_categories] == ["etat_civil",
                                                                        "vie_scolaire"]
    revision = db.session.scalars(sa.select(Revision)).one()
    assert revision.action == "creation" and revision.author_id == redacteur.id
    fiche = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Fiche « Cantine » créée" in fiche


def test_add_row_without_javascript_keeps_what_was_typed(client, redacteur):
    data = browser_form(activity_data(name="Garde tout ce que j'ai tapé"))
    data["add_row"] = "data_categories"
    response = client.post_form(f"{base(redacteur)}/nouveau", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert count() == 0
    assert input_value(html, "name") == "Garde tout ce que j&#39;ai tapé"
    assert "Fin de la scolarité dans l&#39;établissement + 1 an" in html
    # Two rows typed, one more added, focused for the keyboard user.
    assert 'name="data_categories-2-category"' in html
    assert re.search(r'autofocus[^>]*id="data_categories-2-category"', html)
    assert "Ligne ajoutée" in html


def test_remove_row_without_javascript_renumbers_the_rest(client, redacteur):
    rows = [{"kind": "controle_acces", "details": "Première"},
            {"kind": "sauvegarde", "details": "Deuxième"},
            {"kind": "chiffrement", "details": "Troisième"}]
    data = browser_form(activity_data(security_measures=rows))
    data["remove_row"] = "security_measures-1"
    response = client.post_form(f"{base(redacteur)}/nouveau", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and count() == 0
    assert "Deuxième" not in html
    assert re.search(r'name="security_measures-1-details">\s*Troisième', html)
    assert 'name="security_measures-2-kind"' not in html
    # Saving now stores the two remaining rows.
    data = MultiDict(data)
    del data["remove_row"]
    data.pop("security_measures-1-kind"), data.pop("security_measures-1-details")
    data["security_measures-1-kind"], data["security_measures-1-details"] = \
        "chiffrement", "Troisième"
    data.pop("security_measures-2-kind"), data.pop("security_measures-2-details")
    assert client.post_form(f"{base(redacteur)}/nouveau", data).status_code == 303
    activity = db.session.scalars(sa.select(Activity)).one()
    assert [m.details for m in activity.security_measures] == ["Première", "Troisième"]


def test_invalid_form_shows_french_errors_and_saves_nothing(client, redacteur):
    data = browser_form(activity_data(information_date="31/02/2026", dpia_url="ftp://x",
                                      informed="peut-etre"))
    response = client.post_form(f"{base(redacteur)}/nouveau", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and count() == 0
    assert "La fiche n'a pas été enregistrée" in html
    assert "Date invalide" in html
    assert "http:// ou https://" in html
    assert "Valeur inconnue : « peut-etre »" in html


def edit_data(activity, **overrides) -> MultiDict:
    data = browser_form(activity_data(**overrides))
    data["version"] = str(activity.version)
    return data


def test_stale_save_answers_409_with_both_values_and_keeps_the_input(client, redacteur):
    activity = make_activity(redacteur.organisation, author=redacteur)
    db.session.commit()
    url = f"{base(redacteur)}/{activity.id}/modifier"
    page = client.get(url).get_data(as_text=True)
    assert input_value(page, "version") == "1"
    # Meanwhile, a colleague renames the fiche.
    colleague = make_user(Role.RESPONSABLE, organisation=redacteur.organisation,
                          name="Collègue")
    update_activity(activity, {"name": "Nom du collègue"}, colleague, 1)
    db.session.commit()
    mine = edit_data(activity, name="Mon nom")
    mine["version"] = "1"
    response = client.post_form(url, mine)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Cette fiche a été modifiée pendant que vous la modifiiez" in html
    assert "Collègue" in html
    assert re.search(r"<th scope=\"row\">Nom du traitement</th>\s*<td[^>]*>Nom du collègue</td>"
                     r"\s*<td[^>]*>Mon nom</td>", html)
    assert input_value(html, "name") == "Mon nom"
    assert input_value(html, "version") == "2"
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).name == "Nom du collègue"
    # Re-submitting the kept input on top of the new version succeeds.
    mine["version"] = "2"
    assert client.post_form(url, mine).status_code == 303
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).name == "Mon nom"


def test_two_saves_of_the_same_version_give_one_success(client, redacteur):
    activity = make_activity(redacteur.organisation, author=redacteur)
    db.session.commit()
    url = f"{base(redacteur)}/{activity.id}/modifier"
    first_data, second_data = edit_data(activity, name="Premier"), edit_data(activity,
                                                                             name="Second")
    first = client.post_form(url, first_data)
    second = client.post_form(url, second_data)
    second.get_data()
    assert (first.status_code, second.status_code) == (303, 409)
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).name == "Premier"
    assert count(Revision) == 2


def test_database_refuses_a_save_whose_version_changed_in_between(app, redacteur):
    """Two saves read version 1; the other commits first: the UPDATE … WHERE version fails."""
    from registre.activities.services import VersionConflict
    activity = make_activity(redacteur.organisation, author=redacteur)
    db.session.commit()
    activity_id = activity.id
    assert activity.version == 1
    with db.engine.begin() as other:  # the concurrent request, on its own connection
        other.execute(sa.text("UPDATE activity SET name = 'Autre', version = 2 WHERE id = :id"),
                      {"id": activity_id})
    with pytest.raises(VersionConflict):
        update_activity(activity, {"name": "Moi"}, redacteur, expected_version=1)
    db.session.rollback()
    stored = db.session.get(Activity, activity_id)
    assert (stored.name, stored.version) == ("Autre", 2)
    assert count(Revision) == 1


def test_double_submit_of_the_creation_form_creates_one_activity(client, redacteur):
    key = form_key(client.get(f"{base(redacteur)}/nouveau").get_data(as_text=True))
    data = browser_form(activity_data(name="Une seule fois"))
    data["form_key"] = key
    first = client.post_form(f"{base(redacteur)}/nouveau", data)
    second = client.post_form(f"{base(redacteur)}/nouveau", data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count() == 1 and count(FormSubmission) == 1
    html = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "la fiche n&#39;a été créée qu&#39;une fois" in html


def test_simultaneous_double_submit_is_stopped_by_the_unique_key(client, redacteur,
                                                                  monkeypatch):
    """Both requests passed the look-up before either committed: the database decides."""
    key = form_key(client.get(f"{base(redacteur)}/nouveau").get_data(as_text=True))
    data = browser_form(activity_data(name="Course"))
    data["form_key"] = key
    assert client.post_form(f"{base(redacteur)}/nouveau", data).status_code == 303
    real = views.find_submission
    calls = []

    def racing_lookup(value):
        calls.append(value)
        return None if len(calls) == 1 else real(value)

    monkeypatch.setattr(views, "find_submission", racing_lookup)
    response = client.post_form(f"{base(redacteur)}/nouveau", data)
    assert response.status_code == 303 and len(calls) == 2
    assert count() == 1


HOSTILE = "<script>alert('x')</script>"


def test_script_tags_stay_escaped_and_templates_stay_literal(client, redacteur):
    data = browser_form(activity_data(name=HOSTILE, purpose="{{7*7}} {% raw %}",
                                      internal_notes="<img src=x onerror=alert(1)>"))
    response = client.post_form(f"{base(redacteur)}/nouveau", data)
    assert response.status_code == 303
    activity = db.session.scalars(sa.select(Activity)).one()
    assert activity.name == HOSTILE
    for url in (response.headers["Location"], f"{base(redacteur)}/{activity.id}/modifier",
                base(redacteur)):
        html = client.get(url).get_data(as_text=True)
        assert HOSTILE not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    fiche = client.get(response.headers["Location"]).get_data(as_text=True)
    # Shown as typed, never evaluated (the factories' numbered addresses may hold a 49).
    assert "{{7*7}} {% raw %}" in fiche
    assert not re.search(r">\s*49\s*<", fiche.split("<main")[1])


@pytest.mark.parametrize("overrides, message", [
    ({"purpose": "x" * 100_000}, "Ce texte est trop long"),
    ({"name": "Nom\x07cloche"}, "caractère de contrôle invisible (U+0007)"),
    ({"internal_notes": "nul\x00"}, "caractère de contrôle invisible (U+0000)"),
    ({"scope": "planetaire"}, "Valeur inconnue"),
    ({"dpia_date": "2026-13-01"}, "Date invalide"),
    ({"information_notice": {"url": "javascript:alert(1)"}}, "http:// ou https://"),
    ({"storage_countries": ["FR", "XX"]}, "Code pays inconnu"),
    ({"min_age": 12, "max_age": 8}, "supérieur ou égal"),
])
def test_hostile_input_gets_a_field_error_and_saves_nothing(client, redacteur, overrides,
                                                            message):
    activity = make_activity(redacteur.organisation, author=redacteur)
    db.session.commit()
    before = (activity.name, activity.purpose, activity.version)
    for url in (f"{base(redacteur)}/nouveau", f"{base(redacteur)}/{activity.id}/modifier"):
        response = client.post_form(url, edit_data(activity, **overrides))
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert count() == 1 and count(Revision) == 1
    stored = db.session.get(Activity, activity.id)
    assert (stored.name, stored.purpose, stored.version) == before


@pytest.mark.parametrize("extra", [
    {"data_categories-²-category": "nir"}, {"legal_bases-99999999999-basis": "6.1.e"},
    {"add_row": "inconnu"}, {"remove_row": "data_categories-x"},
    {"remove_row": "data_categories-99"}, {"version": "abc"}, {"form_key": "<script>"},
])
def test_malformed_requests_never_give_a_500(client, redacteur, extra):
    activity = make_activity(redacteur.organisation, author=redacteur)
    db.session.commit()
    for url in (f"{base(redacteur)}/nouveau", f"{base(redacteur)}/{activity.id}/modifier"):
        data = edit_data(activity)
        for key, value in extra.items():
            data[key] = value
        response = client.post_form(url, data)
        assert response.status_code in (200, 303, 409, 422), response.status_code


def test_two_simultaneous_saves_in_two_threads_give_exactly_one_success(app, redacteur):
    """Both threads load version 1, then save at the same moment: one wins, one conflicts."""
    import threading

    from registre.activities.services import VersionConflict
    activity = make_activity(redacteur.organisation, author=redacteur)
    db.session.commit()
    activity_id, author_id = activity.id, redacteur.id
    loaded = threading.Barrier(2, timeout=10)
    results = []

    def save(name: str) -> None:
        with app.app_context():
            mine = db.session.get(Activity, activity_id)
            author = db.session.get(type(redacteur), author_id)
            loaded.wait()
            try:
                update_activity(mine, {"name": name}, author, expected_version=1)
                db.session.commit()
                results.append("saved")
            except VersionConflict:
                db.session.rollback()
                results.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("Alice", "Bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["conflict", "saved"]
    db.session.expire_all()
    stored = db.session.get(Activity, activity_id)
    assert stored.version == 2 and stored.name in ("Alice", "Bob")
    assert count(Revision) == 2
