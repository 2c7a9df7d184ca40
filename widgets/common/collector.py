"""Python's cyclic garbage collection, run on the GUI thread only.

CPython starts a collection on whichever thread happens to allocate when a threshold is
crossed. If that is a worker (the thread pool, the sync worker, the card monitor) and the
garbage holds a Qt object made on the GUI thread — a closed screen caught in a cycle with a
lambda, a Task — its C++ destructor runs on the worker, and Qt crashes later inside event
processing, far from the cause (the rare segfault of the GUI suite). So automatic collection
is off and this timer collects on the GUI thread, generation by generation as CPython would.

`freeze()` moves everything alive after start-up out of the collector's sight: later
collections skip the modules, the ORM mappers and the translations (shorter pauses).
"""
from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QThread, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 1000


class GarbageCollector(QObject):
    """Owned by the application; `install()` makes the one instance."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> int:
        """Collect the generations whose counts crossed their thresholds; returns what was freed."""
        assert QThread.currentThread() is self.thread()
        return collect_due(self.threshold)

    def collect(self) -> int:
        """A full collection now (on the GUI thread): tests between windows, sign-out."""
        return gc.collect()


def collect_due(threshold: tuple[int, int, int] | None = None) -> int:
    """What CPython's automatic collection would do now, done by the calling thread."""
    t0, t1, t2 = threshold or gc.get_threshold()
    l0, l1, l2 = gc.get_count()
    freed = 0
    if l0 > t0:
        freed = gc.collect(0)
        if l1 > t1:
            freed += gc.collect(1)
            if l2 > t2:
                freed += gc.collect(2)
    return freed


_instance: GarbageCollector | None = None


def install(app: QObject) -> GarbageCollector:
    global _instance
    if _instance is None:
        _instance = GarbageCollector(app)
    return _instance


def freeze() -> None:
    """After start-up: what is alive now is never collected, so collections stay short."""
    gc.collect()
    gc.freeze()
