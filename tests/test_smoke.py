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


def test_complete_activity_has_no_art30_finding(app):
    from registre.compliance.findings import art30_findings, unanswered_parent_questions
    activity = make_activity()
    assert art30_findings(activity) == []
    assert unanswered_parent_questions(activity) == []
    empty = make_activity(organisation=activity.organisation, purpose="", security_measures=[],
                          data_categories=[], recipients=[], subject_categories=[])
    fields = {finding.field for finding in art30_findings(empty)}
    assert fields == {"purpose", "subject_categories", "data_categories", "recipients",
                      "security_measures"}
