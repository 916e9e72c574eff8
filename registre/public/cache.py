"""Rendered public pages kept in memory, keyed by the register's last change (issue 12).

A public page costs about 17 ms to build (loading 15–30 activities with their rows, then the
template) while it changes a few times a year: each worker process keeps the rendered pages of
the registers it served last. The key holds everything the page is built from, read by ONE
aggregate query per request — the organisation and its académie (their ``updated_at``), its
activities (latest ``updated_at``, their number and the sum of their versions: an edit, a
publication, a status change, a deletion), their stored findings (latest ``computed_at``, score
and counts: the parents' questions left unanswered), the académie's processors (latest
``updated_at``, number) — and the language asked for (``?lang=`` and ``Accept-Language``). Any
change makes a new key, so a page is never served stale after a publication, whichever worker
served it before; old keys age out of the bounded LRU.
"""
import threading
from collections import OrderedDict

import sqlalchemy as sa

from registre.extensions import db
from registre.models import (
    Activity,
    ActivityCompliance,
    Organisation,
    Processor,
)

MAX_PAGES = 512  # about 64 KB each: at most ~32 MB per worker
_MAX_LANGUAGE = 64  # characters of the Accept-Language header kept in the key


def _stamp_query() -> sa.Select:
    """The aggregate query of :func:`change_stamp`, built once (bound per request)."""
    organisation, academie = sa.bindparam("organisation"), sa.bindparam("academie")
    of_mine = Activity.organisation_id == organisation
    mine = sa.select(Activity.id).where(of_mine)
    processors = Processor.academie_id == academie
    parts = (
        # Every UPDATE of an activity adds one to its version (SQLAlchemy's version_id_col):
        # the sum changes even when two servers' clocks disagree; the count catches deletions.
        sa.select(sa.func.max(Activity.updated_at)).where(of_mine),
        sa.select(sa.func.count(Activity.id)).where(of_mine),
        sa.select(sa.func.sum(Activity.version)).where(of_mine),
        # Stored findings (the questions left unanswered): their summary row is rewritten with
        # them, only when they change (no scan of the findings themselves).
        sa.select(sa.func.max(ActivityCompliance.computed_at))
        .where(ActivityCompliance.activity_id.in_(mine)),
        *(sa.select(sa.func.sum(column)).where(ActivityCompliance.activity_id.in_(mine))
          for column in (ActivityCompliance.score, ActivityCompliance.errors,
                         ActivityCompliance.warnings)),
        sa.select(sa.func.max(Processor.updated_at)).where(processors),
        sa.select(sa.func.count(Processor.id)).where(processors),
    )
    return sa.select(*(part.scalar_subquery() for part in parts))


_STAMP = _stamp_query()


def change_stamp(organisation: Organisation) -> tuple:
    """What the organisation's public register was last built from, in one query."""
    row = db.session.execute(_STAMP, {"organisation": organisation.id,
                                      "academie": organisation.academie_id}).one()
    return (organisation.id, organisation.updated_at, organisation.academie.updated_at,
            *tuple(row))


class PageCache:
    """A bounded, thread-safe LRU of rendered pages."""

    def __init__(self, size: int = MAX_PAGES):
        self.size = size
        self._pages: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The page stored under ``key``, or None."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key, page) -> None:
        """Store a page, dropping the least recently used beyond the size."""
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        """Forget every page (tests)."""
        with self._lock:
            self._pages.clear()


def pages_of(app) -> PageCache:
    """The page cache of this application (one per app: tests never share pages)."""
    return app.extensions.setdefault("registre_public_pages", PageCache())


def language_key(lang_arg: str | None, accept_language: str | None) -> tuple[str, str]:
    """The part of the key that names the language asked for."""
    return ((lang_arg or "")[:8], (accept_language or "")[:_MAX_LANGUAGE])
