"""A statistics screen's 导出 button: ask where to save (the figures' own name offered), write
the file off the GUI thread from the figures on screen, then say where it went or why not.

The flows and certification statistics screens each carried this sequence written out (export,
export_to, _exported, _export_failed), and the documents screen, with two exports (Excel and
PDF), would have carried it twice. Here it is once: a screen makes one `FileExport` per kind of
file and shows `written` and `failed` in its message line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from widgets.common.tasks import Task, failure_text

#: writes the figures (`data`, as they were when asked) to the path
Writer = Callable[[Any, Path], None]


class FileExport(QObject):
    #: the file's path, once written
    written = Signal(str)
    #: why it was not (the failure's text)
    failed = Signal(str)

    def __init__(self, owner: QWidget, ops, button: QPushButton, *, caption: str, file_filter: str,
                 suffix: str, write: Writer, name: str):
        super().__init__(owner)
        self.owner, self.ops, self.button = owner, ops, button
        self.caption, self.file_filter, self.suffix = caption, file_filter, suffix
        self.write, self.name = write, name

    def ask(self, data, default_name: str) -> Task | None:
        """The save dialog, then `to`; None when there is nothing to write or the user cancels."""
        if data is None:
            return None
        path, _ = QFileDialog.getSaveFileName(self.owner, self.caption, default_name + self.suffix, self.file_filter)
        if not path:
            return None
        if not path.lower().endswith(self.suffix):
            path += self.suffix
        return self.to(path, data)

    def to(self, path: str | Path, data) -> Task:
        """Writes `data` to `path` in the background (the button waits meanwhile)."""
        target, write = Path(path), self.write

        def run() -> str:
            write(data, target)
            return str(target)

        self.button.setEnabled(False)
        return self.ops.run(run, owner=self, done=self._written, failed=self._failed, name=self.name)

    def _written(self, path: str) -> None:
        self.button.setEnabled(True)
        self.written.emit(path)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.failed.emit(failure_text(exc))
