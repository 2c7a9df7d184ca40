"""Qt objects die on the GUI thread: CPython's cyclic collection, which would otherwise run on
whichever thread allocates when a threshold is crossed (a worker of the pool, the sync worker,
the card monitor), runs only on the GUI thread (widgets/common/collector.py). A Qt object of the
GUI thread destroyed on a worker leaves Qt's bookkeeping (timers, posted events) pointing at
freed memory: the GUI suite's rare segfault inside pytest-qt's event processing
(QTimerInfoList::activateTimers -> QCoreApplication::notifyInternal2 on a dead receiver).
Without the collector, the first test fails: the probe dies on "worker", and Qt says
"QObject::~QObject: Timers cannot be stopped from another thread"."""
from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from widgets.common import collector


class _Probe(QObject):
    """Records the thread it dies on; with a running timer, as most widgets have."""

    def __init__(self, died_on: list):
        super().__init__()
        self.died_on = died_on
        self.startTimer(3_600_000)

    def __del__(self):
        self.died_on.append(threading.current_thread().name)


def _cyclic_probe(died_on: list) -> None:
    probe = _Probe(died_on)  # no parent: the Python wrapper owns the C++ object
    probe.cycle = {"probe": probe}  # a cycle reference counting cannot free


def test_a_worker_allocating_never_collects_the_gui_threads_garbage(qtbot):
    assert not gc.isenabled() and collector._instance is not None  # installed by the application
    died_on: list[str] = []
    _cyclic_probe(died_on)

    kept = []

    def allocate():  # young containers enough for CPython to have collected many times over
        kept.append([[i] for i in range(200_000)])

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert died_on == []  # the worker collected nothing

    qtbot.waitUntil(lambda: died_on == [threading.main_thread().name], timeout=5_000)  # the timer did
    kept.clear()


def test_the_collector_frees_cycles_when_a_generation_is_due(qtbot):
    died_on: list[str] = []
    _cyclic_probe(died_on)
    gc.collect()  # (a clean slate)
    died_on.clear()
    _cyclic_probe(died_on)
    keep = [[] for _ in range(gc.get_threshold()[0] + 1)]  # (freed ones would not count)
    assert collector._instance.check() >= 1 and died_on == [threading.main_thread().name]
    del keep
