"""Run a function off the GUI thread and get its result back by signal.

Screens never block the event loop on the database or on argon2: they hand a plain
function to `run_task`, which runs it on the global QThreadPool and reports back in
the GUI thread through the returned Task's typed signals. Errors come back as the
exception object (`sig_failed`), never as a crash in a worker thread; an unexpected one is
logged with its traceback where it happened, and one nobody handles is shown to the user
(`show_failure`). Errors the user caused (client.kernel.errors.RuleViolation) carry their
message and are logged without a traceback.

Lifetime rule: a QObject must be destroyed in the thread it lives in. The function's
closure often holds widgets, so the GUI thread keeps the Task (and through it the
function) until the worker has dropped every reference it had and said so; the last
reference therefore always goes away in the GUI thread.
"""
from __future__ import annotations

import itertools
import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task's progress callback once the user asked to cancel."""


class Task(QObject):
    """Handle of one background call; connect before the event loop runs again."""

    sig_done = Signal(object)  # the function's return value
    sig_failed = Signal(object)  # the exception it raised (Cancelled when cancelled)
    sig_progress = Signal(int, int, str)  # done, total, message
    sig_finished = Signal()  # after done or failed, whichever it was

    # The worker emits these; queued connections to our own slots move delivery into
    # the GUI thread, so a lambda connected to the public signals never runs in a worker.
    _worker_done = Signal(object)
    _worker_failed = Signal(object)
    _worker_progress = Signal(int, int, str)

    def __init__(self, fn: Callable[..., Any], pass_task: bool, name: str = "") -> None:
        super().__init__()
        self.fn, self.pass_task = fn, pass_task
        self.name = name or getattr(fn, "__qualname__", "task")
        self._cancel = False
        self.running = True
        queued = Qt.ConnectionType.QueuedConnection
        self._worker_done.connect(self._deliver_done, queued)
        self._worker_failed.connect(self._deliver_failed, queued)
        self._worker_progress.connect(self.sig_progress, queued)

    def cancel(self) -> None:
        self._cancel = True

    @property
    def cancel_requested(self) -> bool:
        return self._cancel

    def report(self, done: int, total: int, message: str = "") -> None:
        """Progress from the worker; raises Cancelled when the user cancelled."""
        if self._cancel:
            raise Cancelled()
        self._worker_progress.emit(int(done), int(total), message)

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        self.running = False
        self.sig_done.emit(result)
        self.sig_finished.emit()

    @Slot(object)
    def _deliver_failed(self, exc: object) -> None:
        self.running = False
        self.sig_failed.emit(exc)
        self.sig_finished.emit()


class _Registry(QObject):
    """Lives in the GUI thread for the whole program: holds the running tasks."""

    _worker_released = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.tasks: dict[int, Task] = {}
        self._worker_released.connect(self._release, Qt.ConnectionType.QueuedConnection)

    @Slot(int)
    def _release(self, token: int) -> None:
        self.tasks.pop(token, None)


_registry: _Registry | None = None
_tokens = itertools.count(1)


def _tasks() -> _Registry:
    global _registry
    if _registry is None:
        _registry = _Registry()
    return _registry


class _Runner(QRunnable):
    def __init__(self, token: int):
        super().__init__()
        self.setAutoDelete(True)
        self._token = token

    def run(self) -> None:
        registry = _registry
        task = registry.tasks.get(self._token) if registry is not None else None
        if task is None:
            return
        fn = task.fn
        failed = False
        try:
            value = fn(task) if task.pass_task else fn()
        except BaseException as exc:  # noqa: BLE001 - every error goes back to the GUI as data
            _log_failure(task.name, exc)
            exc.__traceback__ = None  # its frames hold the closure's widgets
            value, failed = exc, True
        del fn
        _emit(task._worker_failed if failed else task._worker_done, value)
        del task, value
        _emit(registry._worker_released, self._token)  # from here on the GUI holds the last refs


def _log_failure(name: str, exc: BaseException) -> None:
    """In the worker, while the traceback still exists."""
    from client.kernel.errors import RuleViolation

    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, RuleViolation):  # the user's error, with its message: no traceback
        log.info("%s refused: %s", name, exc.message)
        return
    if isinstance(exc, ConnectionError):  # the centre away (sync.centre_client): expected, shown
        log.info("%s: centre not reachable: %s", name, exc)
        return
    log.error("background task %s failed", name, exc_info=exc)


def _emit(signal, value: Any) -> None:
    try:
        signal.emit(value)
    except RuntimeError:  # the program is shutting down and the object is gone: nobody listens
        log.debug("background task finished after its owner was deleted")


def run_task(fn: Callable[..., Any], *, on_done: Callable[[Any], None] | None = None,
             on_failed: Callable[[BaseException], None] | None = None,
             with_progress: bool = False, pool: QThreadPool | None = None,
             owner: QObject | None = None, name: str = "") -> Task:
    """Start `fn()` (or `fn(task)` with `with_progress`, to call task.report) in the pool.

    With `owner`, the callbacks are skipped once that widget has been deleted (a window
    closed while its query was still running). Without `on_failed`, a failure is shown to the
    user by `show_failure` (over `owner`'s window)."""
    task = Task(fn, with_progress, name)
    if on_done is not None:
        task.sig_done.connect(_guarded(owner, on_done))
    if on_failed is None:
        on_failed = lambda exc: show_failure(owner, exc)  # noqa: E731
    task.sig_failed.connect(_guarded(owner, on_failed))
    token = next(_tokens)
    _tasks().tasks[token] = task
    (pool or QThreadPool.globalInstance()).start(_Runner(token))
    return task


def _guarded(owner: QObject | None, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    if owner is None:
        return callback

    def call(value: Any) -> None:
        if shiboken6.isValid(owner):
            callback(value)

    return call


def wait_for_all(timeout_ms: int = 5000) -> bool:
    """At exit: let running tasks finish before Python tears the Task objects down."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def tasks_running() -> int:
    """Tasks not yet reported and released (tests wait for zero before tearing down)."""
    return len(_registry.tasks) if _registry is not None else 0


def failure_text(exc: BaseException) -> str:
    """What the user reads about a failure: the service's own message for an error they caused,
    else what went wrong in a sentence (the traceback is in the log)."""
    from PySide6.QtCore import QCoreApplication

    message = getattr(exc, "message", None)
    if message:
        return message
    return QCoreApplication.translate("Tasks", "The operation failed: %1 (details are in the log)") \
        .replace("%1", f"{type(exc).__name__}: {str(exc)[:200]}")


def show_failure(owner: QObject | None, exc: BaseException) -> None:
    """A failure nobody handled: a message box over the owner's window (not blocking: the GUI
    thread never waits on it). Cancelled tasks are not failures."""
    if isinstance(exc, Cancelled):
        return
    from PySide6.QtWidgets import QMessageBox, QWidget

    from widgets.common.messages import app_title

    parent = owner.window() if isinstance(owner, QWidget) else None
    box = QMessageBox(QMessageBox.Icon.Warning, app_title(), failure_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("failureBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
