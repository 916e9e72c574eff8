"""Rendered public pages kept in memory, keyed by the register's last change (issue 12).

A public page costs about 17 ms to build (loading 15–30 activities with their rows, then the
template) while it changes a few times a year: each worker process keeps the rendered pages of
the registers it served last. The key holds everything the page is built from, read by ONE
statement per request, which also finds the organisation by its UAI (:func:`lookup`) — the
organisation and its académie (their ``updated_at``), its
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
    Academie,
    Activity,
    ActivityCompliance,
    Organisation,
    Processor,
)

MAX_PAGES = 512  # about 64 KB each: at most ~32 MB per worker
_MAX_LANGUAGE = 64  # characters of the Accept-Language header kept in the key


def _lookup_query() -> sa.Select:
    """The statement of :func:`lookup`, built once (bound per request).

    The organisation of a UAI joined to its académie, its activities and their findings'
    summary rows, aggregated in one pass (an activity has at most one summary row, so the
    join multiplies nothing), and the académie's processors as two correlated subqueries:
    one statement, one round trip, no ORM object built when the page is in the cache.
    """
    processors = Processor.academie_id == Organisation.academie_id
    return (
        sa.select(
            Organisation.id, Organisation.uai, Organisation.updated_at, Academie.updated_at,
            # Every UPDATE of an activity adds one to its version (SQLAlchemy's
            # version_id_col): the sum changes even when two servers' clocks disagree; the
            # count catches deletions.
            sa.func.max(Activity.updated_at), sa.func.count(Activity.id),
            sa.func.sum(Activity.version),
            # Stored findings (the questions left unanswered): their summary row is rewritten
            # with them, only when they change (no scan of the findings themselves).
            sa.func.max(ActivityCompliance.computed_at), sa.func.sum(ActivityCompliance.score),
            sa.func.sum(ActivityCompliance.errors), sa.func.sum(ActivityCompliance.warnings),
            sa.select(sa.func.max(Processor.updated_at)).where(processors).scalar_subquery(),
            sa.select(sa.func.count(Processor.id)).where(processors).scalar_subquery())
        .join(Academie, Academie.id == Organisation.academie_id)
        .outerjoin(Activity, Activity.organisation_id == Organisation.id)
        .outerjoin(ActivityCompliance, ActivityCompliance.activity_id == Activity.id)
        .where(Organisation.uai == sa.bindparam("uai"))
        .group_by(Organisation.id, Organisation.uai, Organisation.updated_at,
                  Organisation.academie_id, Academie.updated_at))


_LOOKUP = _lookup_query()


def lookup(uai: str) -> tuple[str, tuple] | None:
    """The UAI as stored and the change stamp of the organisation with this (normalised) UAI.

    The stamp — organisation id, the organisation's and académie's ``updated_at``, then the
    aggregates — is what the public register was last built from; None when no organisation
    has this UAI. Read through the session's connection (its transaction) without the ORM.
    """
    row = db.session.connection().execute(_LOOKUP, {"uai": uai}).first()
    if row is None:
        return None
    organisation_id, stored_uai, *stamp = row
    return stored_uai, (organisation_id, *stamp)


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
