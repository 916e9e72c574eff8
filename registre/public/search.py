"""Finding an organisation by name, commune, postal code or UAI, without caring for accents.

The database folds the columns with ``translate()`` (standard on PostgreSQL; registered on
each SQLite connection by :mod:`registre.database`, since SQLite lacks it), and Python folds the query with the
same table, so that "ecole" finds "École" and "saint exupery" finds "Saint-Exupéry".
No extension (``unaccent``) and no extra column are needed.
"""
import math
import re
from dataclasses import dataclass, field

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
