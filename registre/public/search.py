"""Finding an organisation by name, commune, postal code or UAI, without caring for accents.

Each organisation stores its folded words (``Organisation.search_text``, written with it by
:func:`registre.models.organisation.search_text_of`), and the query is folded by the same
rule (:func:`registre.text.search_fold`): "ecole" finds "École", "saint exupery" finds
"Saint-Exupéry". Every word is a ``LIKE`` on that column, which a pg_trgm GIN index serves
on PostgreSQL (migration srch0001a5e7); nothing is folded per row at query time.
"""
import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import sqlalchemy as sa

from registre.extensions import db
from registre.models import Academie, Organisation, OrganisationKind
from registre.text import search_fold as fold

PAGE_SIZE = 50
MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
# A search says "plus de 1000" beyond this and pages through these only: a parent narrows
# the search (a commune, a name) rather than read more than 20 pages.
COUNT_LIMIT = 1000
_ACADEMIE_CODE = re.compile(r"[a-z0-9-]{1,40}")
# The kinds of school a parent filters by (services of the State excluded).
KINDS = [kind for kind in OrganisationKind if kind.value not in ("dsden", "rectorat")]


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
    more: bool = False  # more than ``total`` match (a search counts up to COUNT_LIMIT)

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, math.ceil(self.total / PAGE_SIZE))


def _paged(condition, number: int, count_limit: int | None = None) -> Page:
    """One page of the rows meeting ``condition``; counted up to ``count_limit`` when given."""
    counted = sa.select(Organisation.id).where(condition)
    if count_limit is not None:
        # Counting stops there: "plus de 1000", not a scan of every match to say 14,000.
        counted = counted.limit(count_limit + 1)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted.subquery())) or 0
    more = count_limit is not None and total > count_limit
    if more:
        total = count_limit
        number = min(number, math.ceil(count_limit / PAGE_SIZE))
    rows = db.session.execute(
        sa.select(Organisation, Academie)
        .join(Academie, Organisation.academie_id == Academie.id)
        .where(condition)
        .order_by(Academie.name, Organisation.name, Organisation.uai)
        .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    ).all()
    page = Page(number=number, total=total, more=more)
    for organisation, academie in rows:
        if not page.groups or page.groups[-1][0].id != academie.id:
            page.groups.append((academie, []))
        page.groups[-1][1].append(organisation)
    return page


def search_organisations(words: list[str], number: int = 1) -> Page:
    """Organisations whose name, commune, postal code or UAI contain every word."""
    condition = sa.and_(*[Organisation.search_text.contains(word, autoescape=True)
                          for word in words])
    return _paged(condition, number, COUNT_LIMIT)


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
TRGM_THRESHOLDS = (0.8, 0.65, TRGM_MIN_SIMILARITY)  # tried in turn, see _trigram_rows


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


def _trigram_rows(words: list[str], schema: str) -> list:
    """The closest names by pg_trgm, through the GIN index on ``search_text``.

    ``query <% search_text`` keeps the rows whose word similarity reaches the threshold. A
    common word ("college", "jean") makes thousands of rows reach the lowest one, so stricter
    thresholds are tried first: when one already gives ``FUZZY_LIMIT`` rows, they are the
    closest of all (every row below it scores less), found among far fewer candidates.
    """
    query = " ".join(words)
    quoted = db.session.get_bind().dialect.identifier_preparer.quote_identifier(schema)
    close = sa.literal(query).op(f"OPERATOR({quoted}.<%)", is_comparison=True)(
        Organisation.search_text)
    score = getattr(sa.func, schema).word_similarity(query, Organisation.search_text)
    statement = (sa.select(Organisation, Academie)
                 .join(Academie, Organisation.academie_id == Academie.id).where(close)
                 .order_by(score.desc(), Organisation.name, Organisation.uai).limit(FUZZY_LIMIT))
    # The planner prices word_similarity() as cheap and would compare every row (10× slower
    # than the index at 60,000 schools): the index is imposed for these statements only.
    _set_local("enable_seqscan", "off")
    for threshold in TRGM_THRESHOLDS:
        # The operator reads its threshold from this setting.
        _set_local("pg_trgm.word_similarity_threshold", str(threshold))
        rows = db.session.execute(statement).all()
        if len(rows) == FUZZY_LIMIT:
            break
    _set_local("enable_seqscan", "on")
    return rows


def _set_local(name: str, value: str) -> None:
    """Change a PostgreSQL setting until the end of the transaction (the request)."""
    db.session.execute(sa.select(sa.func.set_config(name, value, True)))


def _python_rows(words: list[str]) -> list:
    """Candidates sharing the start or the end of every word, then compared word by word."""
    haystack = Organisation.search_text
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
