"""First start: fills the embedded database with demo data, with a real progress bar.

`client.demo.populate` runs on a worker thread; its progress callback forwards to the
bar and raises Cancelled once the user pressed Cancel, which ends the work. The
caller removes a half-built database file, so the next start begins afresh.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from widgets.common import icons
from widgets.common.tasks import Task, run_task

#: (url, entities, progress) -> None; the default is client.demo.populate
Populate = Callable[[str, int, Callable[..., None]], None]


def _populate(url: str, entities: int, progress: Callable[..., None]) -> None:
    from client.demo import populate

    populate(url, entities=entities, progress=progress)


def progress_reporter(task: Task) -> Callable[..., None]:
    """Accepts the shapes a progress callback is usually given: (done, total[, message]),
    (fraction[, message]), (message, done, total) or keywords of those names."""

    def report(*args: Any, **kwargs: Any) -> None:
        numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        texts = [a for a in args if isinstance(a, str)]
        message = kwargs.get("message") or (texts[0] if texts else "")
        done, total = kwargs.get("done"), kwargs.get("total")
        if "fraction" in kwargs:
            done, total = kwargs["fraction"] * 1000, 1000
        elif done is None and len(numbers) >= 2:
            done, total = numbers[0], numbers[1]
        elif done is None and len(numbers) == 1:
            done, total = (numbers[0] * 1000, 1000) if numbers[0] <= 1.0 else (numbers[0], 0)
        task.report(int(done or 0), int(total or 0), str(message))

    return report


class SetupDialog(QDialog):
    """Shows while the demo database is built; `sig_finished(ok, error_text)` at the end."""

    sig_finished = Signal(bool, str)

    def __init__(self, url: str, entities: int, *, populate: Populate = _populate, parent=None):
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("Hongdun Workbench — first start"))
        self.setFixedWidth(460)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self._url, self._entities, self._populate = url, entities, populate
        self._task: Task | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        head = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icons.pixmap("shield", 40))
        head.addWidget(logo)
        title = QLabel(self.tr("Preparing the demo database"), objectName="dialogTitle")
        head.addWidget(title, 1)
        layout.addLayout(head)
        note = QLabel(self.tr("No centre has been configured, so the workbench starts one of its own with a local "
                              "demo database of {n} market entities. The database is made only once.")
                      .format(n=f"{entities:,}"), objectName="hintLabel")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.bar = QProgressBar(objectName="setupProgress")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(True)
        layout.addWidget(self.bar)
        self.step = QLabel(self.tr("Starting…"), objectName="setupStep")
        layout.addWidget(self.step)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

    def start(self) -> None:
        url, entities, populate = self._url, self._entities, self._populate
        self._task = run_task(lambda task: populate(url, entities, progress_reporter(task)),
                              with_progress=True, on_done=self._on_done, on_failed=self._on_failed)
        self._task.sig_progress.connect(self._on_progress)

    def cancel(self) -> None:
        if self._task is not None and self._task.running:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.step.setText(self.tr("Cancelling…"))

    def reject(self) -> None:  # Esc cancels the work instead of hiding the dialog
        self.cancel()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if message:
            self.step.setText(message)
        elif total > 0:
            self.step.setText(self.tr("{done} of {total} market entities").format(
                done=f"{done:,}", total=f"{total:,}"))

    def _on_done(self, _result) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.sig_finished.emit(True, "")
        self.done(QDialog.DialogCode.Accepted)

    def _on_failed(self, exc: BaseException) -> None:
        from widgets.common.tasks import Cancelled

        self.sig_finished.emit(False, "" if isinstance(exc, Cancelled) else f"{type(exc).__name__}: {exc}")
        self.done(QDialog.DialogCode.Rejected)
