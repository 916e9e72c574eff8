"""Issue 11.13: the public search tolerates typos ("colege jean mouln" finds Collège Jean
Moulin), with pg_trgm on PostgreSQL and word comparison in Python elsewhere; results bounded."""
import re

import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.public.search import FUZZY_LIMIT, trigram_schema
from tests.factories import make_academie, make_organisation
from tests.public_support import text_of


@pytest.fixture
def backend(app):
    """pg_trgm installed on PostgreSQL (when this account may), nothing on SQLite."""
    if db.engine.dialect.name == "postgresql":
        try:
            with db.session.begin_nested():
                db.session.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm "
                                           "WITH SCHEMA public"))
        except sa.exc.DBAPIError:
            pass  # not allowed here: the Python comparison answers instead
        db.session.commit()
    return "pg_trgm" if trigram_schema() else "python"


@pytest.fixture
def schools():
    academie = make_academie(name="Académie de Versailles", code="versailles")
    make_organisation(academie, name="Collège Jean Moulin", commune="Versailles")
    make_organisation(academie, name="Collège Jean Jaurès", commune="Poissy")
    make_organisation(academie, name="Lycée Jean Monnet", kind="lycee", commune="Vitry")
    make_organisation(academie, name="École maternelle Les Moulins", kind="ecole",
                      commune="Trappes")
    db.session.commit()


def _results(client, query: str) -> list[str]:
    html = client.get("/registre", query_string={"q": query}).get_data(as_text=True)
    return [text_of(name) for name in re.findall(r'<li><a href="/registre/\w+">(.*?)</a>', html)]


@pytest.mark.parametrize(("query", "first"), [
    ("colege jean mouln", "Collège Jean Moulin"),
    ("college jan moulin versaile", "Collège Jean Moulin"),
    ("lycee jean monet", "Lycée Jean Monnet"),
    ("colege jaures", "Collège Jean Jaurès"),
])
def test_typos_still_find_the_school(client, backend, schools, query, first):
    names = _results(client, query)
    assert names and names[0] == first, (backend, names)
    assert "Aucun établissement ne contient exactement ces mots." in text_of(
        client.get("/registre", query_string={"q": query}).get_data(as_text=True))


def test_far_words_find_nothing_and_exact_words_are_not_approximate(client, backend, schools):
    assert _results(client, "piscine municipale") == []
    html = client.get("/registre", query_string={"q": "jean moulin"}).get_data(as_text=True)
    assert "1 établissement trouvé." in text_of(html)
    assert "au nom proche" not in html


def test_close_results_are_bounded(client, backend, schools):
    academie = make_academie(code="lyon")
    for number in range(FUZZY_LIMIT + 15):
        make_organisation(academie, name=f"Collège Jean Moulin {number}", commune="Lyon")
    db.session.commit()
    names = _results(client, "colege jean mouln")
    assert len(names) == FUZZY_LIMIT, backend


def test_backend_is_the_expected_one(app, backend):
    expected = "pg_trgm" if trigram_schema() else "python"
    assert backend == expected
    if db.engine.dialect.name == "sqlite":
        assert backend == "python"
