"""Finding an organisation by name, commune, postal code or UAI, without caring for accents.

The database folds the columns with ``translate()`` (standard on PostgreSQL; registered on
each SQLite connection by :mod:`registre.database`, since SQLite lacks it), and Python folds the query with the
same table, so that "ecole" finds "École" and "saint exupery" finds "Saint-Exupéry".
No extension (``unaccent``) and no extra column are needed.
"""
import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import sqlalchemy as sa

from registre.extensions import db
from registre.models import Academie, Organisation, OrganisationKind

PAGE_SIZE = 50
MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
_ACADEMIE_CODE = re.compile(r"[a-z0-9-]{1,40}")
# The kinds of school a parent filters by (services of the State excluded).
KINDS = [kind for kind in OrganisationKind if kind.value not in ("dsden", "rectorat")]

# One character for one character, so that translate() can do it; both cases are listed
# because SQLite's lower() only knows ASCII. Ligatures are expanded by replace() after.
_ACCENTED = "àâäáãåçéèêëîïíìôöóòõùûüúÿñ"
_PLAIN = "aaaaaaceeeeiiiiooooouuuuyn"
FOLD_FROM = _ACCENTED + _ACCENTED.upper() + "Ÿ-'’"
FOLD_TO = _PLAIN + _PLAIN + "y   "
LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"))
_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """Lower-case and strip French accents and hyphens, as :func:`fold_sql` does in SQL."""
    for source, target in LIGATURES:
        text = text.replace(source, target)
    return text.translate(_TABLE).lower()


def fold_sql(column):
    """The SQL expression of :func:`fold` applied to a column."""
    expression = column
    for source, target in LIGATURES:
        expression = sa.func.replace(expression, source, target)
    return sa.func.lower(sa.func.translate(expression, FOLD_FROM, FOLD_TO))


def query_words(raw: str | None) -> list[str]:
    """Split a search into at most ``MAX_WORDS`` folded words (over-long input is cut)."""
    text = "".join(char if char.isprintable() else " " for char in (raw or "")[:MAX_QUERY_LENGTH])
    return fold(text).split()[:MAX_WORDS]


def page_number(raw: str | None) -> int:
    """Read a page number from the query string; anything odd is page 1."""
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


@dataclass
class Page:
    """One page of organisations, grouped by académie name."""

    number: int
    total: int
    groups: list[tuple[Academie, list[Organisation]]] = field(default_factory=list)
    approximate: bool = False  # names close to the query, found despite typos

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, math.ceil(self.total / PAGE_SIZE))


def _paged(condition, number: int) -> Page:
    total = db.session.scalar(sa.select(sa.func.count(Organisation.id)).where(condition))
    rows = db.session.execute(
        sa.select(Organisation, Academie)
        .join(Academie, Organisation.academie_id == Academie.id)
        .where(condition)
        .order_by(Academie.name, Organisation.name, Organisation.uai)
        .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    ).all()
    page = Page(number=number, total=total or 0)
    for organisation, academie in rows:
        if not page.groups or page.groups[-1][0].id != academie.id:
            page.groups.append((academie, []))
        page.groups[-1][1].append(organisation)
    return page


def search_organisations(words: list[str], number: int = 1) -> Page:
    """Organisations whose name, commune, postal code or UAI contain every word."""
    haystacks = [fold_sql(Organisation.name), fold_sql(Organisation.commune),
                 Organisation.postal_code, sa.func.lower(Organisation.uai)]
    condition = sa.and_(*[
        sa.or_(*[haystack.contains(word, autoescape=True) for haystack in haystacks])
        for word in words
    ])
    return _paged(condition, number)


def academie_organisations(academie: Academie, number: int = 1) -> Page:
    """The organisations of one académie, by name."""
    return _paged(Organisation.academie_id == academie.id, number)


def find_academie(code: str | None) -> Academie | None:
    """The académie with that code, or None."""
    if not code or not _ACADEMIE_CODE.fullmatch(code):
        return None
    return db.session.scalars(sa.select(Academie).where(Academie.code == code)).first()


def academies_with_counts() -> list[tuple[Academie, int]]:
    """Every académie with the number of organisations it holds, by name."""
    rows = db.session.execute(
        sa.select(Academie, sa.func.count(Organisation.id))
        .outerjoin(Organisation, Organisation.academie_id == Academie.id)
        .group_by(Academie.id).order_by(Academie.name)
    ).all()
    return [(academie, count) for academie, count in rows]


# Typo-tolerant search, tried when no organisation contains every word ("colege jean mouln").
FUZZY_LIMIT = 20            # the closest names only: a parent reads them, not pages of them
FUZZY_CANDIDATES = 2000     # rows compared in Python when pg_trgm is absent
FUZZY_MIN_RATIO = 0.75      # each word must be this close to a word of the name or commune
TRGM_MIN_SIMILARITY = 0.5   # pg_trgm word_similarity of the whole query


def trigram_schema() -> str | None:
    """The schema holding pg_trgm's functions on PostgreSQL, or None (SQLite, not installed)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    return db.session.scalar(sa.text(
        "SELECT nspname FROM pg_extension JOIN pg_namespace ON pg_namespace.oid = extnamespace "
        "WHERE extname = 'pg_trgm'"))


def word_ratio(word: str, text: str) -> float:
    """How close ``word`` is to the closest word of ``text`` (1.0: the same word)."""
    return max((SequenceMatcher(None, word, other).ratio() for other in fold(text).split()),
               default=0.0)


def _grouped(rows) -> Page:
    page = Page(number=1, total=len(rows), approximate=True)
    groups: dict[int, tuple[Academie, list[Organisation]]] = {}
    for organisation, academie in rows:
        groups.setdefault(academie.id, (academie, []))[1].append(organisation)
    page.groups = list(groups.values())
    return page


def _haystack():
    return (fold_sql(Organisation.name) + " "
            + fold_sql(sa.func.coalesce(Organisation.commune, "")))


def _trigram_rows(words: list[str], schema: str) -> list:
    functions = getattr(sa.func, schema)
    score = functions.word_similarity(" ".join(words), _haystack())
    return db.session.execute(
        sa.select(Organisation, Academie)
        .join(Academie, Organisation.academie_id == Academie.id)
        .where(score >= TRGM_MIN_SIMILARITY)
        .order_by(score.desc(), Organisation.name).limit(FUZZY_LIMIT)).all()


def _python_rows(words: list[str]) -> list:
    """Candidates sharing the start or the end of every word, then compared word by word."""
    haystack = _haystack()
    # Short words are too often mistyped to filter on ("jan" for "jean"): longer ones do.
    filtering = [word for word in words if len(word) >= 4] or words
    condition = sa.and_(*[
        sa.or_(haystack.contains(word[:3], autoescape=True),
               haystack.contains(word[-3:], autoescape=True))
        for word in filtering])
    candidates = db.session.execute(
        sa.select(Organisation, Academie)
        .join(Academie, Organisation.academie_id == Academie.id)
        .where(condition).order_by(Organisation.id).limit(FUZZY_CANDIDATES)).all()
    scored = []
    for organisation, academie in candidates:
        text = f"{organisation.name} {organisation.commune}"
        ratios = [word_ratio(word, text) for word in words]
        if min(ratios) >= FUZZY_MIN_RATIO:
            scored.append((-sum(ratios), organisation.name, organisation, academie))
    scored.sort(key=lambda item: item[:2])
    return [(organisation, academie) for *_, organisation, academie in scored[:FUZZY_LIMIT]]


def search_close_organisations(words: list[str]) -> Page:
    """Organisations whose name and commune are close to the words despite typos (bounded).

    PostgreSQL with pg_trgm compares trigrams in the database; elsewhere Python compares
    each word with ``difflib`` over at most ``FUZZY_CANDIDATES`` rows.
    """
    words = [word for word in words if len(word) >= 3]
    if not words:
        return Page(number=1, total=0, approximate=True)
    schema = trigram_schema()
    return _grouped(_trigram_rows(words, schema) if schema else _python_rows(words))
