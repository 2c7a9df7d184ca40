"""How a screen reads and writes: never on the GUI thread (DESIGN.md "Screens", Anki's operations).

    ctx.ops.read(q.review_queue, principal, owner=self, done=self.show_queue)
    ctx.ops.write(ApproveApplication(...), owner=self, done=self.on_outcome)
    ctx.ops.run(lambda: desk.make(...), owner=self, done=self.on_made, writes=True)

- A read runs `fn(session, *args, **kwargs)` on the thread pool, through `sync.reads.Reads`
  (the office's replica; `wide=True`: the centre while it answers, and `done` gets a
  `sync.reads.Answer`).
- A write dispatches a command on the one serial writer: commands run one after another, in the
  order the screens gave them, never beside each other (the local store's write lock and BEGIN
  IMMEDIATE keep the sync worker in line too). `done` gets the bus's `Outcome`: a refusal is a
  value with the service's message, shown by the screen at its field.
- `run` is other background work (card I/O, PDFs); `writes=True` puts it on the serial writer.

The result comes back by signal, in the GUI thread; nothing is called once `owner` is deleted.
A failure (an exception: the database gone, a bug) goes to `failed`, or by default is shown to
the user in a message box; either way it is logged with its traceback (widgets/common/tasks.py).
Widgets import no SQLAlchemy and hold no sessions: they hold `ctx.ops`.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QThreadPool

from widgets.common.tasks import Task, run_task

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Operations:
    def __init__(self, reads, bus, *, readers: QThreadPool | None = None):
        self.reads = reads  # sync.reads.Reads
        self.bus = bus  # client.kernel.bus.CommandBus or sync.local_bus.LocalBus
        self._readers = readers or QThreadPool.globalInstance()
        self._writer = QThreadPool()
        self._writer.setMaxThreadCount(1)  # the one serial writer
        self._writer.setExpiryTimeout(-1)  # one long-lived thread, not one per command

    def read(self, fn: Callable[..., Any], /, *args: Any, owner: QObject, done: Done,
             failed: Failed | None = None, wide: bool = False, **kwargs: Any) -> Task:
        reads = self.reads
        if wide:
            work = lambda: reads.run_wide(fn, *args, **kwargs)  # noqa: E731
        else:
            work = lambda: reads.run(fn, *args, **kwargs)  # noqa: E731
        return run_task(work, on_done=done, on_failed=failed, owner=owner, pool=self._readers,
                        name=getattr(fn, "__qualname__", "read"))

    def write(self, command, *, owner: QObject, done: Done, failed: Failed | None = None) -> Task:
        bus = self.bus
        return run_task(lambda: bus.dispatch(command), on_done=done, on_failed=failed, owner=owner,
                        pool=self._writer, name=command.name)

    def run(self, fn: Callable[..., Any], *, owner: QObject, done: Done, failed: Failed | None = None,
            writes: bool = False, with_progress: bool = False, name: str = "") -> Task:
        return run_task(fn, on_done=done, on_failed=failed, owner=owner, with_progress=with_progress,
                        pool=self._writer if writes else self._readers,
                        name=name or getattr(fn, "__qualname__", "task"))

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Until every write handed over so far is done (sign-out, tests)."""
        return self._writer.waitForDone(timeout_ms)
