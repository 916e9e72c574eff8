"""Finding an organisation: accents optional, by name, commune, postal code or UAI."""
import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Organisation
from registre.public.search import PAGE_SIZE, fold
from tests.factories import make_academie, make_organisation
from tests.public_support import outline, text_of


@pytest.fixture
def schools():
    versailles = make_academie(name="Académie de Versailles", code="versailles")
    amiens = make_academie(name="Académie d'Amiens", code="amiens")
    created = {
        "ferry": make_organisation(versailles, name="École élémentaire Jules-Ferry",
                                   kind="ecole", commune="Sèvres", postal_code="92310"),
        "exupery": make_organisation(amiens, name="Collège Saint-Exupéry",
                                     commune="Château-Thierry", postal_code="02400"),
        "curie": make_organisation(versailles, name="Lycée Marie Curie",
                                   kind="lycee", commune="Versailles", postal_code="78000"),
        "coeur": make_organisation(amiens, name="ÉCOLE DU SACRÉ-CŒUR", kind="ecole",
                                   commune="Amiens", postal_code="80000"),
    }
    db.session.commit()
    return created


def _names(client, query: str) -> set[str]:
    response = client.get("/registre", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return {name for name in ("Jules-Ferry", "Saint-Exupéry", "Marie Curie", "SACRÉ-CŒUR")
            if name in text_of(html)}


@pytest.mark.parametrize(("query", "expected"), [
    ("ecole", {"Jules-Ferry", "SACRÉ-CŒUR"}),
    ("ÉCOLE", {"Jules-Ferry", "SACRÉ-CŒUR"}),
    ("elementaire jules ferry", {"Jules-Ferry"}),
    ("saint exupery", {"Saint-Exupéry"}),
    ("Saint-Exupéry", {"Saint-Exupéry"}),
    ("sacre coeur", {"SACRÉ-CŒUR"}),
    ("chateau thierry", {"Saint-Exupéry"}),
    ("sevres", {"Jules-Ferry"}),
    ("78000", {"Marie Curie"}),
    ("curie versailles", {"Marie Curie"}),
    ("%", set()),
    ("_", set()),
    ("ecole amiens", {"SACRÉ-CŒUR"}),
    ("introuvable", set()),
])
def test_search_ignores_accents_case_and_hyphens(client, schools, query, expected):
    assert _names(client, query) == expected


def test_search_by_uai_any_case(client, schools):
    uai = schools["curie"].uai
    assert _names(client, uai.lower()) == {"Marie Curie"}
    html = client.get("/registre", query_string={"q": uai}).get_data(as_text=True)
    assert f'href="/registre/{uai}"' in html


def test_results_are_grouped_by_academie(client, schools):
    html = client.get("/registre", query_string={"q": "e"}).get_data(as_text=True)
    headings = [value for tag, value in outline(html) if tag in ("h2", "h3")]
    assert headings == ["Résultats pour « e »", "Académie d'Amiens", "Académie de Versailles"]
    amiens_part = html.split("Académie d&#39;Amiens</h3>")[1].split("</section>")[0]
    assert "Saint-Exupéry" in amiens_part and "Marie Curie" not in amiens_part
    assert "4 établissements trouvés." in text_of(html)


def test_without_query_lists_academies_then_their_organisations(client, schools):
    text = text_of(client.get("/registre").get_data(as_text=True))
    assert "Académie d'Amiens — 2 établissements" in text
    assert "Académie de Versailles — 2 établissements" in text
    html = client.get("/registre?academie=versailles").get_data(as_text=True)
    assert "Marie Curie" in html and "Jules-Ferry" in html and "Saint-Exupéry" not in html


def test_long_lists_are_paginated(client):
    academie = make_academie(name="Académie de Lille", code="lille")
    for number in range(PAGE_SIZE + 5):
        make_organisation(academie, name=f"École {number:03d}", kind="ecole", commune="Lille")
    db.session.commit()
    first = client.get("/registre?q=lille").get_data(as_text=True)
    assert f"{PAGE_SIZE + 5} établissements trouvés." in text_of(first)
    assert first.count('href="/registre/0') == PAGE_SIZE
    assert "Page 1 sur 2." in text_of(first)
    second = client.get("/registre?q=lille&page=2").get_data(as_text=True)
    assert second.count('href="/registre/0') == 5 and "École 054" in second


@pytest.mark.parametrize("query_string", [
    {"q": "x" * 5000}, {"q": "a b c d e f g h i j k l"}, {"page": "abc"}, {"page": "-3"},
    {"page": "99999999999999999999"}, {"academie": "inconnue"}, {"academie": "x" * 500},
    {"q": "\x00"}, {"q": "école", "page": "7"},
])
def test_odd_queries_never_fail(client, schools, query_string):
    response = client.get("/registre", query_string=query_string)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("text", ["Château-Thierry L’École ŒUVRE", "ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ Æsop",
                                  "l'Haÿ-les-Roses", "Saint-Étienne-du-Rouvray"])
def test_stored_words_are_folded_like_the_query(app, text):
    """The stored search text and the query are folded by one rule (registre.text.search_fold)."""
    organisation = make_organisation(name=text, commune=text, postal_code="92240")
    db.session.commit()
    stored = db.session.scalar(sa.select(Organisation.search_text)
                               .where(Organisation.id == organisation.id))
    assert stored == f"{fold(text)} {fold(text)} 92240 {organisation.uai.lower()}"
    assert fold("Château-Thierry L’École ŒUVRE") == "chateau thierry l ecole oeuvre"
