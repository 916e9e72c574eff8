"""``flask registre seed-demo``: what a first visitor of the demo finds."""
from datetime import date

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from registre.activities.services import create_activity
from registre.auth.passwords import password_problems
from registre.auth.services import authenticate
from registre.compliance.findings import (
    PARENT_QUESTIONS,
    art30_findings,
    unanswered_parent_questions,
)
from registre.compliance.text_rules import placeholder_findings
from registre.demo import microsoft
from registre.demo.fields import TO_CHECK
from registre.demo.seed import DEMO_PASSWORD, DEMO_USERS
from registre.extensions import db
from registre.fiche.serialization import SYSTEM_FIELDS, activity_to_dict
from registre.history.services import latest_revision
from registre.models import (
    Academie,
    Activity,
    ActivityScope,
    ActivityTemplate,
    Organisation,
    OrganisationKind,
    Processor,
    Revision,
    Role,
    Status,
    User,
)
from registre.organisations.uai import is_valid_uai
from tests.factories import make_academie, make_organisation, make_user

# The 16 typical activities of SCHOOL-ACTIVITIES.md, in its order.
CATALOGUE_NAMES = [
    "Scolarité — SIECLE", "Gestion des élèves du premier degré — ONDE",
    "Livret scolaire unique (LSU)", "Vie scolaire et notes (Pronote)",
    "Espace numérique de travail (ENT)", "Accès aux ressources numériques — GAR",
    "Application pédagogique en ligne", "Restauration scolaire",
    "Santé scolaire et projets d'accueil individualisés (PAI)", "Vidéoprotection des accès",
    "Droit à l'image — site et journal de l'établissement", "Sorties et voyages scolaires",
    "Annuaire transmis aux associations de parents d'élèves", "CDI — gestion des prêts",
    "Signalement des faits de violence — Faits établissement", "Gestion des personnels",
]
COUNTED = (Academie, Organisation, User, Processor, ActivityTemplate, Activity, Revision)


@pytest.fixture(autouse=True)
def fast_hash(monkeypatch):
    """A cheap hash keeps the suite fast (the demo itself uses Werkzeug's default, scrypt)."""
    monkeypatch.setattr("registre.models.user.generate_password_hash",
                        lambda password: generate_password_hash(password, "pbkdf2:sha256:1000"))


@pytest.fixture
def seeded(runner):
    result = runner.invoke(args=["registre", "seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _all(model) -> list:
    return list(db.session.scalars(sa.select(model)))


def _microsoft_fiche() -> Activity:
    return db.session.scalars(sa.select(Activity).where(Activity.name == microsoft.NAME)).one()


def test_two_academies_with_their_dpd_and_four_organisations_each(seeded):
    academies = _all(Academie)
    assert sorted(a.code for a in academies) == ["lyon", "versailles"]
    for academie in academies:
        assert academie.dpd_name and "@" in academie.dpd_email and academie.dpd_phone
        assert academie.dpd_address and academie.rights_contact
        kinds = sorted(o.kind.value for o in academie.organisations)
        assert kinds == ["college", "ecole", "lycee", "rectorat"]
    organisations = _all(Organisation)
    assert len(organisations) == 8
    assert all(is_valid_uai(o.uai) for o in organisations)
    prefixes = {o.academie.code: set() for o in organisations}
    for organisation in organisations:
        prefixes[organisation.academie.code].add(organisation.uai[:3])
        assert organisation.address and organisation.commune and organisation.controller_email
    assert prefixes["versailles"] <= {"078", "092", "095"}
    assert prefixes["lyon"] == {"069"}
    ecoles = [o for o in organisations if o.kind == OrganisationKind.ECOLE]
    assert ecoles and all(o.controller_title.startswith("IA-DASEN") for o in ecoles)


def test_one_account_per_role_that_logs_in_with_the_printed_password(seeded, client):
    users = _all(User)
    assert {u.role for u in users} == set(Role)
    assert sorted(u.email for u in users) == sorted(email for email, _, _ in DEMO_USERS)
    for email, role, scope in DEMO_USERS:
        assert password_problems(DEMO_PASSWORD, email) == []
        user = authenticate(email, DEMO_PASSWORD)
        assert user is not None and user.role == Role(role) and user.scope_label == scope
    auditors = [u for u in users if u.role == Role.AUDITEUR]
    assert {bool(u.organisation_id) for u in auditors} == {True, False}
    response = client.post_form("/connexion", {"email": "responsable.college@ac-versailles.test",
                                               "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_each_academie_has_the_sixteen_templates_and_its_processors(seeded):
    for academie in _all(Academie):
        templates = [t for t in _all(ActivityTemplate) if t.academie_id == academie.id]
        assert sorted(t.name for t in templates) == sorted(CATALOGUE_NAMES)
        for template in templates:
            assert not set(template.payload) & SYSTEM_FIELDS, template.name
            assert template.payload["purpose"] and template.payload["data_categories"]
        processors = {p.name: p for p in _all(Processor) if p.academie_id == academie.id}
        assert processors["Index Éducation (Pronote)"].contract_signed is True
        assert processors["Index Éducation (Pronote)"].contract_reference
        assert processors["Index Éducation (Pronote)"].jurisdiction == "FR"
        ms = processors["Microsoft Ireland Operations Ltd"]
        assert ms.jurisdiction == "US" and ms.contract_signed is None
        assert ms.access_from_outside_eu is True and ms.storage_countries == []


def test_every_template_gives_a_complete_fiche(seeded):
    academie = db.session.scalars(sa.select(Academie).where(Academie.code == "lyon")).one()
    organisation = make_organisation(academie)
    flagged = 0
    for template in _all(ActivityTemplate):
        if template.academie_id != academie.id:
            continue
        activity = create_activity(organisation, template.payload, None)
        assert art30_findings(activity) == [], template.name
        assert unanswered_parent_questions(activity) == [], template.name
        # Figures the reference marks "(à vérifier)" are editable defaults, said so to the
        # staff only: parents never read a placeholder (issue 11.11, RGPD art. 12).
        assert placeholder_findings(activity, date(2026, 1, 1)) == [], template.name
        if TO_CHECK in activity.internal_notes:
            flagged += 1
    assert flagged >= 6


def test_in_service_activities_are_complete_and_match_their_history(seeded):
    in_service = [a for a in _all(Activity) if a.status == Status.EN_SERVICE]
    assert len(in_service) > 50
    for activity in in_service:
        if activity.name == microsoft.NAME:
            continue
        assert art30_findings(activity) == [], (activity.organisation.uai, activity.name)
        # Issue 11.11: no "(à vérifier)" / "(référence à compléter)" reaches parents.
        assert placeholder_findings(activity, date(2026, 1, 1)) == [], activity.name
        assert activity.validated_at is not None and activity.validated_by is not None
        assert activity.template_id is not None
        assert activity.last_reviewed_on and activity.next_review_on
    for activity in _all(Activity):
        snapshot = latest_revision(activity.id).snapshot
        assert snapshot == activity_to_dict(activity), activity.name


def test_national_and_consent_activities_follow_the_reference(seeded):
    activities = _all(Activity)
    national = [a for a in activities if a.scope == ActivityScope.NATIONAL]
    assert {a.name for a in national} >= {CATALOGUE_NAMES[i] for i in (0, 1, 2, 5, 14)}
    for activity in national:
        assert activity.controller_title == "Ministre chargé de l'éducation nationale"
        assert activity.legal_text
    assert any("18 décembre 2017" in a.legal_text for a in national)
    images = [a for a in activities if a.name == CATALOGUE_NAMES[10]]
    assert images
    for activity in images:
        assert activity.basis_codes == {"6.1.a"} and activity.consent_required is True
        assert activity.consent_signatories.value == "conjoint_eleve_et_responsables"
        assert activity.consent_text_title and activity.consent_text_version
        assert activity.consent_text_url.startswith("https://")
    transfers = [t for a in activities for t in a.transfers]
    assert [(t.country, t.guarantee.value) for t in transfers] == [("US", "cct")]
    rectorats = [a for a in activities if a.organisation.kind == OrganisationKind.RECTORAT]
    assert {a.name for a in rectorats} == {"Gestion des personnels"}
    assert all(a.controller_title == "Recteur d'académie" for a in rectorats)


def test_workflow_screens_have_every_state(seeded):
    activities = _all(Activity)
    by_status = {status: [a for a in activities if a.status == status] for status in Status}
    assert len(by_status[Status.BROUILLON]) == 1 and len(by_status[Status.A_VALIDER]) == 1
    ended = by_status[Status.TERMINE]
    assert len(ended) == 2 and all(activity.ended_on is not None for activity in ended)
    assert len([a for a in by_status[Status.EN_SERVICE] if not a.published]) == 1
    showcase = by_status[Status.A_VALIDER][0].organisation
    redacteur = db.session.scalars(sa.select(User).where(User.role == Role.REDACTEUR)).one()
    assert redacteur.organisation_id == showcase.id
    assert latest_revision(by_status[Status.A_VALIDER][0].id).author_id == redacteur.id


def test_microsoft_2015_fiche_leaves_the_six_parent_questions_unanswered(seeded):
    fiche = _microsoft_fiche()
    assert fiche.organisation.kind == OrganisationKind.COLLEGE
    assert fiche.status == Status.TERMINE and fiche.published
    assert unanswered_parent_questions(fiche) == list(PARENT_QUESTIONS)
    assert fiche.informed.value == "inconnu" and fiche.consent_required is None
    assert not (fiche.consent_text_title or fiche.consent_text_url) and not fiche.legal_bases
    assert fiche.data_categories and not any(r.has_retention for r in fiche.data_categories)
    assert fiche.hosting.value == "prestataire" and fiche.storage_countries == []
    assert fiche.hosting_processor.jurisdiction == "US"
    [recipient] = fiche.recipients
    assert recipient.kind.value == "autre" and recipient.data_categories == []
    assert recipient.processor_id == fiche.hosting_processor_id
    assert fiche.dpia_status is None and fiche.dpia_criteria == []
    for fact in ("novembre 2015", "18 mois", "13 M", "appel d'offres", "EduNathon", "2017",
                 "6 octobre 2015",
                 "Octobre 2021"):
        assert fact in fiche.internal_notes + fiche.purpose, fact


def test_fiche_page_of_the_microsoft_partnership_opens_for_the_responsable(seeded, client):
    client.post_form("/connexion", {"email": "responsable.college@ac-versailles.test",
                                    "password": DEMO_PASSWORD})
    fiche = _microsoft_fiche()
    response = client.get(f"/etablissements/{fiche.organisation.uai}/traitements/{fiche.id}")
    assert response.status_code == 200
    assert "Partenariat Microsoft" in response.get_data(as_text=True)


def test_seeding_twice_is_refused_and_changes_nothing(runner, seeded):
    before = {model.__name__: _count(model) for model in COUNTED}
    result = runner.invoke(args=["registre", "seed-demo"])
    assert result.exit_code != 0
    assert "déjà des données" in result.output
    db.session.expire_all()
    assert {model.__name__: _count(model) for model in COUNTED} == before


def test_if_empty_on_a_filled_base_exits_zero_without_duplicating(runner, seeded):
    before = {model.__name__: _count(model) for model in COUNTED}
    result = runner.invoke(args=["registre", "seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert {model.__name__: _count(model) for model in COUNTED} == before
    for email, _, _ in DEMO_USERS:
        assert email in result.output


def test_if_empty_on_an_empty_base_seeds(runner):
    result = runner.invoke(args=["registre", "seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert _count(Organisation) == 8


def test_output_lists_every_login_with_the_password(seeded):
    assert DEMO_PASSWORD in seeded.output
    assert len(DEMO_USERS) >= 5
    for email, role, scope in DEMO_USERS:
        line = next(line for line in seeded.output.splitlines() if email in line)
        assert role in line and scope in line


@pytest.mark.parametrize("existing", ["academie", "user"])
def test_a_base_filled_by_other_means_is_not_seeded(runner, existing):
    if existing == "academie":
        make_academie(code="versailles", name="Versailles")
    else:
        make_user(Role.ADMIN, email="admin@registre.test")
    db.session.commit()
    before = {model.__name__: _count(model) for model in COUNTED}
    refused = runner.invoke(args=["registre", "seed-demo"])
    assert refused.exit_code == 1 and "déjà des données" in refused.output
    skipped = runner.invoke(args=["registre", "seed-demo", "--if-empty"])
    assert skipped.exit_code == 0
    db.session.expire_all()
    assert {model.__name__: _count(model) for model in COUNTED} == before
    # Only the demo accounts that exist are announced.
    assert ("admin@registre.test" in skipped.output) == (existing == "user")
    assert "dpd@ac-versailles.test" not in skipped.output
