"""The register list as the screen reads it: on worker threads, one session per call.

The register screen's model (widgets/registration/entity_list_model.py) holds no session and no
session factory. It keeps one `RegisterList` per search and sort and asks it, through
`ctx.ops.read`, for the pages it paints and for the count:

    ops.read(listing.page, offset, limit, ...)   # -> listing.page(session, offset, limit)
    ops.read(listing.count, ...)                  # -> listing.count(session)

The pages go through one `RegisterQuery` (client.registration.search), so the positions it has
already returned (keyset marks) and the scroll anchors serve every later page; they run one at a
time, as a RegisterQuery wants. The count runs on a query of its own, beside the pages: a count
that takes a second never holds back the first page. `page` and `count` below are the same
questions without the memory of earlier pages, for callers that ask once.
"""
from __future__ import annotations

import threading
from contextlib import nullcontext

from sqlalchemy.orm import Session

from client.kernel.roles import Principal
from client.registration.search import EntityFilter, EntityRow, RegisterQuery


def _given(session: Session):
    """A session factory that hands out the one session it was given, and leaves it open
    (its owner, sync.reads.Reads, closes it)."""
    return lambda: nullcontext(session)


class RegisterList:
    """One list of the register (jurisdiction × filter × sort), read page by page from any
    worker thread. Cheap to make: make a new one for a new search, sort or refresh."""

    def __init__(self, principal: Principal, flt: EntityFilter | None = None, sort: str = "row_no",
                 descending: bool = False):
        self.principal = principal
        self.filter = flt or EntityFilter()
        self.sort = sort
        self.descending = descending
        self._session: Session | None = None
        self._lock = threading.Lock()
        self._pages = RegisterQuery(lambda: nullcontext(self._session), principal, self.filter, sort,
                                    descending)

    def page(self, session: Session, offset: int, limit: int) -> list[EntityRow]:
        """The rows at positions offset … offset+limit-1 (fewer at the end)."""
        with self._lock:
            self._session = session
            try:
                return self._pages.page_at(offset, limit)
            finally:
                self._session = None

    def count(self, session: Session) -> int:
        """The rows in the list; exact."""
        return RegisterQuery(_given(session), self.principal, self.filter, self.sort, self.descending).count()

    def as_remote(self, method: str, *args, **kwargs):
        """What `self.page` / `self.count` ask when the centre answers (sync.remote): the
        registered query functions below, with this list's filter and order spelled out (the
        centre keeps no list between requests)."""
        if method == "page":
            return page, (self.principal, self.filter, self.sort, self.descending, *args), kwargs
        if method == "count":
            return count, (self.principal, self.filter), {}
        raise AttributeError(method)


def page(session: Session, principal: Principal, flt: EntityFilter, sort: str, descending: bool,
         offset: int, limit: int) -> list[EntityRow]:
    """One page of a list, asked once (a RegisterList remembers the way for the next pages)."""
    return RegisterQuery(_given(session), principal, flt, sort, descending).page_at(offset, limit)


def count(session: Session, principal: Principal, flt: EntityFilter) -> int:
    return RegisterQuery(_given(session), principal, flt).count()
