from registre.models import Role
from tests.factories import make_activity, make_user


def test_fiche_page_shows_every_section(client, login, app):
    user = make_user(Role.REDACTEUR)
    activity = make_activity(user.organisation, author=user)
    from registre.extensions import db
    db.session.commit()
    login(user)
    response = client.get(f"/etablissements/{user.organisation.uai}/traitements/{activity.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for heading in ("Description du traitement", "Acteurs", "Mesures de sécurité"):
        assert heading in html
