"""The search reads the folded words stored with each organisation (issue 12, national size):
every way an organisation is written keeps them true, and a search's count is bounded."""
from pathlib import Path

from registre.demo.large import seed_large
from registre.directory.services import import_directory
from registre.extensions import db
from registre.organisations.services import update_organisation
from registre.public import search
from tests.factories import make_academie, make_organisation
from tests.public_support import text_of

LABELS = Path(__file__).resolve().parent / "data" / "annuaire-libelles.csv"


def _found(client, query: str) -> str:
    response = client.get("/registre", query_string={"q": query})
    assert response.status_code == 200
    return text_of(response.get_data(as_text=True))


def test_a_renamed_school_is_found_by_its_new_name_only(client):
    """Renaming (the organisations page, the API) refreshes the stored words at once."""
    academie = make_academie(code="versailles")
    school = make_organisation(academie, name="Collège Victor Hugo", commune="Poissy")
    db.session.commit()
    update_organisation(school, school.uai, "Collège Simone-Veil", "college", academie,
                        commune="Élancourt")
    db.session.commit()
    assert "Collège Simone-Veil" in _found(client, "simone veil elancourt")
    assert "Aucun établissement" in _found(client, "victor hugo")
    assert "Collège Simone-Veil" not in _found(client, "poissy")


def test_directory_import_writes_the_words_of_created_and_renamed_schools(client):
    """The directory import inserts in bulk (Core) and renames through the ORM: both searchable."""
    academie = make_academie(code="besancon", name="Académie de Besançon")
    db.session.commit()
    import_directory(LABELS.read_bytes(), academie)
    db.session.commit()
    assert "Lycée professionnel Jules Haag" in _found(client, "jules haag besancon")
    assert "Collège Victor Hugo" in _found(client, "victor hugo montbeliard 25200")
    renamed = LABELS.read_text(encoding="utf-8-sig").replace(
        "Collège Victor Hugo", "Collège Lucie Aubrac")
    import_directory(renamed.encode(), academie)
    db.session.commit()
    assert "Collège Lucie Aubrac" in _found(client, "lucie aubrac")
    assert "Collège Victor Hugo" not in _found(client, "victor hugo")


def test_seed_large_schools_are_searchable(client):
    """seed-large inserts organisations with Core inserts: the column default folds them."""
    seed_large("essai", schools=3, activities=0)
    db.session.commit()
    assert "Établissement 00002" in _found(client, "etablissement 00002")


def test_a_search_counts_up_to_a_bound_and_says_more(client, monkeypatch):
    """« Plus de N » instead of counting every match; pages stop at the bound."""
    monkeypatch.setattr(search, "COUNT_LIMIT", 60)
    academie = make_academie(code="lille")
    for number in range(75):
        make_organisation(academie, name=f"École n{number:03d}", kind="ecole", commune="Lille")
    db.session.commit()
    first = _found(client, "lille")
    assert "Plus de 60 établissements trouvés : précisez la recherche" in first
    assert "Page 1 sur 2." in first
    last = client.get("/registre?q=lille&page=9").get_data(as_text=True)
    assert "Page 2 sur 2." in text_of(last) and last.count('href="/registre/0') == 25
    assert "5 établissements trouvés." in _found(client, "ecole n07")  # below: exact count


def test_like_wildcards_are_plain_characters(client):
    """% and _ typed by a parent are searched as such, never as LIKE wildcards."""
    make_organisation(name="École 100 % numérique", commune="Lille")
    make_organisation(name="Collège Camus", commune="Lille")
    db.session.commit()
    assert "École 100 % numérique" in _found(client, "100 %")
    assert "Collège Camus" not in _found(client, "%")
    assert "Aucun établissement" in _found(client, "c_mus")
