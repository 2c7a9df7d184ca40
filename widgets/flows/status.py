"""The status-bar cell of the reader's 待办: "待办 N", amber while some are due soon, red while
some are overdue; a click opens the 待办 screen.

It counts again when the "flows" change tag fires (a step, a pull that brought new tasks) and
every few minutes (a deadline passes by the clock alone). One count at a time: a change that
arrives during a count asks for one more afterwards.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer

from client.flows import queries as fq
from client.flows.engine import COPY
from widgets.app_context import AppContext
from widgets.common import icons
from widgets.shell.status_bar import Indicator

AMBER, RED = "#B26A00", "#C62828"
RECOUNT_MS = 5 * 60_000


class TodoIndicator(Indicator):
    def __init__(self, ctx: AppContext):
        super().__init__("clock", "", object_name="statusTodo")
        self.ctx = ctx
        self.count: int | None = None
        self.overdue = self.due_soon = 0
        self._counting = False
        self._again = False
        self.set(self.tr("To-do …"))
        self.setToolTip(self.tr("Your open tasks (click to open the list)"))
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(RECOUNT_MS)
        self.refresh()

    def _on_changed(self, changes: frozenset) -> None:
        if "flows" in changes:
            self.refresh()

    def refresh(self) -> None:
        if self.ctx.principal is None:
            return
        if self._counting:
            self._again = True
            return
        self._counting = True
        self.ctx.ops.read(fq.todo_list, self.ctx.principal, owner=self, done=self._show, failed=self._failed)

    def _settled(self) -> None:
        self._counting = False
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, _exc: BaseException) -> None:
        # the cell is not the place for an error: it keeps the last count and tries again later
        self._settled()

    def _show(self, todo: fq.TodoList) -> None:
        tasks = [i for i in todo.items if i.kind != COPY]
        self.count, self.overdue, self.due_soon = len(tasks), todo.overdue, todo.due_soon
        text = self.tr("To-do %1").replace("%1", str(self.count))
        if todo.overdue:
            self.set(text, icon_name="clock", color=RED, state="overdue")
            self.label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        elif todo.due_soon:
            self.set(text, icon_name="clock", color=AMBER, state="soon")
            self.label.setStyleSheet(f"color: {AMBER}; font-weight: bold;")
        else:
            self.set(text, icon_name="clock", color=icons.MUTED, state="")
            self.label.setStyleSheet("")
        parts = [self.tr("%1 open tasks").replace("%1", str(self.count))]
        if todo.overdue:
            parts.append(self.tr("%1 overdue").replace("%1", str(todo.overdue)))
        if todo.due_soon:
            parts.append(self.tr("%1 due soon").replace("%1", str(todo.due_soon)))
        self.setToolTip(self.tr(", ").join(parts) + "\n" + self.tr("Click to open the to-do list"))
        self._settled()

    def colour(self) -> str:
        """What the cell's state says: "red", "amber" or "" (tests)."""
        return {"overdue": "red", "soon": "amber"}.get(self.property("state") or "", "")
