"""One PDF at a time in a process: reportlab is not thread-safe.

reportlab keeps process-wide state that every document touches: the registered fonts, and in
each embedded TrueType font the subset of glyphs used so far, kept per document in a dict on the
shared font object. Two documents drawn on two threads at once can interleave there (Django's
documentation warns of odd failures when PDF views are served concurrently). Both our programs
draw on threads: a workstation renders previews on the read pool, and the centre answers print
queries on uvicorn's worker threads.

So every function that lays out or draws a reportlab document is wrapped in
`one_pdf_at_a_time`. The lock is re-entrant (a document's render may ask its page count), and
costs nothing when only one is drawn: our documents take 0.05–0.25 s, and a second waits at most
that long.
"""
from __future__ import annotations

import functools
import threading
from typing import Callable, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.RLock()


def one_pdf_at_a_time(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with _lock:
            return fn(*args, **kwargs)

    return locked
