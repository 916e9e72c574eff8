"""Findings on the fiche and the list, and the organisation and académie dashboards."""
import re
from html import unescape

import pytest

from registre.compliance.services import RULES
from registre.extensions import db
from registre.models import Role, Sector
from tests.compliance_helpers import make_microsoft, microsoft_2015_overrides
from tests.factories import make_academie, make_activity, make_organisation, make_user

# Findings are computed for a fixed day (28/11/2026), so that review dates are predictable.
pytestmark = pytest.mark.usefixtures("frozen_clock")


def known_academie():
    """Three organisations with known findings (see the expected figures in the tests)."""
    academie = make_academie(code="versailles", name="Versailles")
    college = make_organisation(academie, name="Collège Anne Frank", commune="Sèvres")
    make_activity(college, status="en_service", last_reviewed_on="2026-09-01",
                  name="Vie scolaire")                                   # 0 finding: 100
    make_activity(college, name="Cantine", informed="non")               # 1 error: 80
    make_activity(college, name="Sorties", informed="inconnu")           # 2 warnings: 90
    make_activity(college, status="termine", name="Ancien ENT", informed="non")  # not counted
    lycee = make_organisation(academie, name="=SOMME(1;2) Lycée", commune="+33 Ville",
                              sector=Sector.PUBLIC)
    make_activity(lycee, name="Photos de classe", legal_bases=[{"basis": "6.1.a"}],
                  consent_required=True, consent_signatories="conjoint_eleve_et_responsables",
                  consent_text={"title": "Autorisation photo"})          # 1 warning: 95
    empty = make_organisation(academie, name="École vide", kind="ecole")
    db.session.commit()
    return academie, college, lycee, empty


def test_fiche_shows_each_finding_in_its_section(app, login):
    organisation = make_organisation()
    microsoft = make_microsoft(organisation.academie)
    activity = make_activity(organisation, **microsoft_2015_overrides(microsoft))
    user = make_user(Role.REDACTEUR, organisation=organisation)
    db.session.commit()
    html = login(user).get(f"/etablissements/{organisation.uai}/traitements/{activity.id}") \
        .get_data(as_text=True)
    sections = dict(re.findall(r'<section id="([a-z]+)"(.*?)</section>', html, re.S))
    # Each finding under its rule's French title (issue 11, point 15: never its identifier).
    assert RULES["contrat-sous-traitant"] in unescape(sections["hebergement"])
    assert RULES["juridiction-hors-ue"] in unescape(sections["hebergement"])
    assert RULES["information-manquante"] in unescape(sections["information"])
    assert RULES["aipd-requise"] in unescape(sections["droits"])
    assert RULES["aipd-requise"] not in unescape(sections["information"])
    text = re.sub(r"<[^>]*>", "", html)
    assert [rule for rule in RULES if rule in text] == []
    assert "Microsoft" in sections["hebergement"]
    assert 'href="#droits"' in sections["conformite"]
    assert 'href="#securite"' not in sections["conformite"]


def test_list_shows_a_badge_per_activity(app, login):
    academie, college, *_ = known_academie()
    user = make_user(Role.RESPONSABLE, organisation=college)
    db.session.commit()
    html = login(user).get(f"/etablissements/{college.uai}/traitements").get_data(as_text=True)
    rows = {name: row for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
            for name in ("Vie scolaire", "Cantine", "Sorties") if f">{name}<" in row}
    assert "Aucun constat" in rows["Vie scolaire"]
    assert "1 erreur<" in rows["Cantine"]
    assert "2 avertissements" in rows["Sorties"]


def test_organisation_dashboard_figures(app, login):
    academie, college, *_ = known_academie()
    user = make_user(Role.RESPONSABLE, organisation=college)
    db.session.commit()
    response = login(user).get(f"/etablissements/{college.uai}/conformite")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>90</strong> / 100" in html
    assert "3 traitements en cours" in html
    assert re.search(r"Erreurs</th><td class=\"num\">1<", html)
    assert re.search(r"Avertissements</th><td class=\"num\">2<", html)
    assert re.search(r"Information des personnes</th><td class=\"num\">1</td>"
                     r"<td class=\"num\">1</td>", html)
    assert "information-manquante" not in html
    assert "Ancien ENT" not in html
    assert "perd 20 points par erreur" in html


def test_organisation_dashboard_lists_reviews_due(app, login):
    organisation = make_organisation()
    make_activity(organisation, status="en_service", name="Jamais revu")
    make_activity(organisation, status="en_service", name="Revu en 2024",
                  last_reviewed_on="2024-06-30")
    make_activity(organisation, status="en_service", name="Revu récemment",
                  last_reviewed_on="2026-06-30")
    user = make_user(Role.AUDITEUR, organisation=organisation)
    db.session.commit()
    html = login(user).get(f"/etablissements/{organisation.uai}/conformite").get_data(as_text=True)
    due = html.split('id="h-revues"')[1].split("</section>")[0]
    assert "Jamais revu" in due and "Revu en 2024" in due and "30/06/2024" in due
    assert "Revu récemment" not in due


def test_organisation_dashboard_out_of_scope_is_404(app, login):
    other = make_organisation()
    user = make_user(Role.RESPONSABLE)
    db.session.commit()
    assert login(user).get(f"/etablissements/{other.uai}/conformite").status_code == 404


def _names_in_order(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<th scope="row"><a [^>]*>(.*?)</a>', body)


def test_academie_dashboard_matrix_and_totals(app, login):
    academie, college, lycee, empty = known_academie()
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    html = login(dpd).get("/academies/versailles/conformite").get_data(as_text=True)
    assert _names_in_order(html) == ["=SOMME(1;2) Lycée", "Collège Anne Frank", "École vide"]
    foot = html.split("<tfoot>")[1]
    cells = re.findall(r'<td class="num">(\d+|—)</td>', foot)
    # activities, score (mean of 100, 80, 90, 95), errors, warnings, then one per rule
    assert cells[:4] == ["4", "91", "1", "3"]
    assert "4 traitements en cours ; 1 erreur et 3 avertissements" in html


@pytest.mark.parametrize(("query", "expected"), [
    ("tri=score&ordre=desc", ["=SOMME(1;2) Lycée", "Collège Anne Frank", "École vide"]),
    ("tri=score", ["Collège Anne Frank", "=SOMME(1;2) Lycée", "École vide"]),
    ("tri=erreurs&ordre=desc", ["Collège Anne Frank", "=SOMME(1;2) Lycée", "École vide"]),
    ("tri=consentement-public&ordre=desc",
     ["=SOMME(1;2) Lycée", "Collège Anne Frank", "École vide"]),
    ("tri=nom&ordre=desc", ["École vide", "Collège Anne Frank", "=SOMME(1;2) Lycée"]),
    ("tri=uai", None),
])
def test_academie_dashboard_sorts_without_javascript(app, login, query, expected):
    academie, college, lycee, empty = known_academie()
    auditor = make_user(Role.AUDITEUR, academie=academie)
    db.session.commit()
    html = login(auditor).get(f"/academies/versailles/conformite?{query}").get_data(as_text=True)
    if expected is None:  # by UAI
        by_uai = sorted([college, lycee, empty], key=lambda organisation: organisation.uai)
        expected = [organisation.name for organisation in by_uai]
    assert _names_in_order(html) == expected


def test_academie_dashboard_unknown_sort_falls_back_with_a_message(app, login):
    academie, *_ = known_academie()
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    response = login(dpd).get("/academies/versailles/conformite?tri=<script>")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tri « &lt;script&gt; » inconnu" in html


@pytest.mark.parametrize("role", [Role.RESPONSABLE, Role.REDACTEUR])
def test_academie_dashboard_is_404_for_school_accounts(app, login, role):
    academie, college, *_ = known_academie()
    user = make_user(role, organisation=college)
    db.session.commit()
    assert login(user).get("/academies/versailles/conformite").status_code == 404
    assert login(user).get("/academies/versailles/conformite.csv").status_code == 404


def test_academie_dashboard_of_another_academie_is_404(app, login):
    known_academie()
    dpd = make_user(Role.DPD)
    db.session.commit()
    assert login(dpd).get("/academies/versailles/conformite").status_code == 404


def test_home_links_the_academie_dashboard_for_the_dpd(app, login):
    academie, *_ = known_academie()
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    assert "/academies/versailles/conformite" in login(dpd).get("/").get_data(as_text=True)


def _academie_with(organisations: int):
    academie = make_academie()
    for _ in range(organisations):
        organisation = make_organisation(academie)
        microsoft = make_microsoft(academie) if not _ else None
        make_activity(organisation, informed="inconnu")
        make_activity(organisation, status="en_service",
                      **(microsoft_2015_overrides(microsoft) if microsoft else {}))
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    return academie, dpd


def _queries_as(user, url: str, login, client, count_queries) -> int:
    """The SQL statements a page costs, for ``user`` signed in afresh."""
    client.post_form("/deconnexion")
    login(user)
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_academie_dashboard_query_count_does_not_grow_with_organisations(app, login, client,
                                                                       count_queries):
    small, small_dpd = _academie_with(3)
    few = _queries_as(small_dpd, f"/academies/{small.code}/conformite", login, client,
                      count_queries)
    large, large_dpd = _academie_with(30)
    many = _queries_as(large_dpd, f"/academies/{large.code}/conformite", login, client,
                       count_queries)
    assert few == many
    assert many < 25


def _organisation_with(activities: int):
    organisation = make_organisation()
    microsoft = make_microsoft(organisation.academie)
    for number in range(activities):
        overrides = microsoft_2015_overrides(microsoft) if number % 2 else {"informed": "non"}
        make_activity(organisation, status="en_service", **overrides)
    user = make_user(Role.RESPONSABLE, organisation=organisation)
    db.session.commit()
    return organisation, user


@pytest.mark.parametrize("page", ["traitements", "conformite"])
def test_list_and_organisation_dashboard_query_counts_are_bounded(app, login, client, page,
                                                                  count_queries):
    small, small_user = _organisation_with(2)
    few = _queries_as(small_user, f"/etablissements/{small.uai}/{page}", login, client,
                      count_queries)
    large, large_user = _organisation_with(12)
    assert _queries_as(large_user, f"/etablissements/{large.uai}/{page}", login, client,
                       count_queries) == few
