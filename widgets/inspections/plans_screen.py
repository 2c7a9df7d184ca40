"""抽查计划: the office head's plans, the drawn list of the chosen one with its inspectors,
publishing it, and exporting the list (PDF for the notice board and the website, CSV).

Reads run on the pool and commands on the serial writer (ctx.ops); the screen says when it is
loading, disables a button while its command runs, and shows a refusal or a failure in its
result line. It reloads itself when a command or a pull changes inspections.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.inspections import queries as q
from client.inspections.commands import DrawPlan, PublishPlan
from client.inspections.rules import PlanState
from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common import formatting as fmt
from widgets.common.tasks import Task, failure_text
from widgets.inspections.models import DrawnListModel, PlanListModel, pending_text


class PlansScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.plans = PlanListModel(self)
        self.drawn = DrawnListModel(self)
        self.dialog = None
        self.preview = None
        self._plans_read = 0  # the newest read of the list wins
        self._tasks_read = 0
        self._loading: set[str] = set()
        self._select_id: str | None = None  # to select once the list is back
        self._filling = False
        self._writing = False  # a draw or a publication is on the serial writer
        self._exporting = False
        self._drawn_of: str | None = None  # whose drawn list the table holds
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.reload()

    def _build(self) -> None:
        title = QLabel(self.tr("Random inspection plans"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        self.new_button = QPushButton(self.tr("New plan and draw..."))
        self.new_button.clicked.connect(self.new_plan)
        self.loading_label = QLabel(self.tr("Loading..."))
        self.loading_label.setStyleSheet("color: #8a8f98;")
        self.loading_label.hide()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.loading_label)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.plan_table = self._table(self.plans)
        self.plan_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.plan_table.setColumnWidth(0, 170)
        self.plan_table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        hfont = self.heading.font()
        hfont.setBold(True)
        self.heading.setFont(hfont)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.drawn_table = self._table(self.drawn)
        self.drawn_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.drawn_table.setColumnWidth(0, 44)
        self.drawn_table.setColumnWidth(2, 170)
        self.drawn_table.setColumnWidth(3, 130)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.draw_button = QPushButton(self.tr("Draw"))
        self.draw_button.clicked.connect(self.draw)
        self.publish_button = QPushButton(self.tr("Publish"))
        self.pdf_button = QPushButton(self.tr("List as PDF..."))
        self.csv_button = QPushButton(self.tr("List as CSV..."))
        self.publish_button.clicked.connect(self.publish)
        self.pdf_button.clicked.connect(self.show_list_pdf)
        self.csv_button.clicked.connect(self.save_csv)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result, 1)
        buttons.addWidget(self.draw_button)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.publish_button)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.heading)
        dl.addWidget(self.facts)
        dl.addWidget(self.drawn_table, 1)
        dl.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plan_table)
        splitter.addWidget(detail)
        splitter.setSizes([220, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _table(self, model) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        return table

    # ------------------------------------------------------------------ loading

    def _on_changed(self, changes: frozenset) -> None:
        if "inspections" in changes:
            self.reload()

    def _set_loading(self, what: str, on: bool) -> None:
        (self._loading.add if on else self._loading.discard)(what)
        self.loading_label.setVisible(bool(self._loading))

    def is_loading(self) -> bool:
        return bool(self._loading)

    def reload(self, select_id: str | None = None) -> None:
        """Read the unit's plans again (the table keeps what it shows until they are back)."""
        if select_id:
            self._select_id = select_id
        self._plans_read += 1
        token = self._plans_read
        self._set_loading("plans", True)
        self.ctx.ops.read(q.plans, self.ctx.principal, owner=self,
                          done=lambda rows: self._show_plans(token, rows),
                          failed=lambda exc: self._read_failed(token, exc))

    def _read_failed(self, token: int, exc: BaseException) -> None:
        if token == self._plans_read:
            self._set_loading("plans", False)
            self._say(failure_text(exc), ok=False)

    def _show_plans(self, token: int, rows: list[q.PlanRow]) -> None:
        if token != self._plans_read:  # a later reload is on its way
            return
        self._set_loading("plans", False)
        current = self.current()
        keep = self._select_id or (current.id if current else None)
        self._select_id = None
        self._filling = True
        try:
            self.plans.set_records(rows)
            row = self.plans.row_of(keep) if keep else None
            if row is None and rows:
                row = 0
            if row is not None:
                self.plan_table.selectionModel().setCurrentIndex(
                    self.plans.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._filling = False
        self._show_plan()

    def current(self) -> q.PlanRow | None:
        index = self.plan_table.currentIndex()
        if not index.isValid() or index.row() >= self.plans.rowCount():
            return None
        return self.plans.record(index.row())

    def _on_current_changed(self, *_args) -> None:
        if not self._filling:
            self._show_plan()

    def _show_plan(self) -> None:
        plan = self.current()
        if plan is None:
            self.heading.setText(self.tr("No plan yet: make one with “New plan and draw”."))
            self.facts.clear()
            self.drawn.set_records([])
            self._drawn_of = None
            self._update_buttons()
            return
        number = pending_text(plan.plan_no) if plan.state != PlanState.DRAFT.code else ""
        self.heading.setText(self.tr("%1 (%2)").replace("%1", plan.title).replace("%2", number)
                             if number else plan.title)
        if plan.state == PlanState.DRAFT.code:
            self.facts.setText(self.tr("Not drawn yet."))
        else:
            self.facts.setText(
                self.tr("%1 of %2 entities drawn at %3 · seed %4 (%5) · state: %6")
                .replace("%1", str(plan.drawn_count)).replace("%2", f"{plan.population_size or 0:,}")
                .replace("%3", fmt.datetime_text(plan.drawn_at)).replace("%4", plan.draw_seed or "")
                .replace("%5", plan.draw_method or "").replace("%6", PlanState.label_of(plan.state)))
        self._update_buttons()
        if self._drawn_of != plan.id:  # another plan's list is not this one's: empty until read
            self.drawn.set_records([])
            self._drawn_of = plan.id
        self._tasks_read += 1
        token = self._tasks_read
        self._set_loading("tasks", True)
        self.ctx.ops.read(q.plan_tasks, self.ctx.principal, plan.id, owner=self,
                          done=lambda tasks: self._show_tasks(token, tasks),
                          failed=lambda exc: self._tasks_failed(token, exc))

    def _show_tasks(self, token: int, tasks: list[q.TaskRow]) -> None:
        if token == self._tasks_read:
            self._set_loading("tasks", False)
            self.drawn.set_records(tasks)

    def _tasks_failed(self, token: int, exc: BaseException) -> None:
        if token == self._tasks_read:
            self._set_loading("tasks", False)
            self._say(failure_text(exc), ok=False)

    def _update_buttons(self) -> None:
        plan = self.current()
        state = plan.state if plan is not None else None
        drawn = state is not None and state != PlanState.DRAFT.code
        self.draw_button.setEnabled(state == PlanState.DRAFT.code and not self._writing)
        self.publish_button.setEnabled(state == PlanState.DRAWN.code and not self._writing)
        self.pdf_button.setEnabled(drawn and not self._exporting)
        self.csv_button.setEnabled(drawn and not self._exporting)

    # ------------------------------------------------------------------ actions

    def new_plan(self):
        from widgets.inspections.plan_dialog import PlanDialog

        dialog = PlanDialog(self.ctx, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._after_draw(dialog))
        dialog.open()
        return dialog

    def _after_draw(self, dialog) -> None:
        out = dialog.outcome
        self.reload(select_id=dialog.plan_id)
        if out is not None and out.ok:
            self._say_drawn(out)

    def _say_drawn(self, outcome: Outcome) -> None:
        self._say(self.tr("Drew %1 of %2 entities; plan no. %3.")
                  .replace("%1", str(outcome.result.get("drawn")))
                  .replace("%2", f"{outcome.result.get('population_size'):,}")
                  .replace("%3", pending_text(outcome.result.get("plan_no"))), ok=True)

    def _write(self, command, done) -> Task:
        """A command of this screen on the serial writer; its buttons wait until it is back."""
        self._writing = True
        self._update_buttons()
        plan_id = command.plan_id

        def finished(outcome: Outcome) -> None:
            self._writing = False
            self._update_buttons()
            if outcome.ok:
                done(outcome)
            else:
                self._say(outcome.message or "", ok=False)
            self.reload(select_id=plan_id)  # the plan as it is now, refused or not

        def failed(exc: BaseException) -> None:
            self._writing = False
            self._update_buttons()
            self._say(failure_text(exc), ok=False)
            self.reload(select_id=plan_id)

        return self.ctx.ops.write(command, owner=self, done=finished, failed=failed)

    def draw(self) -> Task | None:
        """Draw a plan left undrawn (e.g. the draw was refused for too few inspectors)."""
        plan = self.current()
        if plan is None or self._writing:
            return None
        return self._write(DrawPlan(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                    plan_id=plan.id, base_version=plan.version, seed=secrets.token_hex(8)),
                           self._say_drawn)

    def publish(self) -> Task | None:
        plan = self.current()
        if plan is None or self._writing:
            return None
        return self._write(PublishPlan(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                       plan_id=plan.id, base_version=plan.version),
                           lambda _outcome: self._say(self.tr("Published."), ok=True))

    # ------------------------------------------------------------------ exports

    def _export(self, plan: q.PlanRow, make, done) -> None:
        """Read the list, make the file in the background (`make(data)`), then `done(result)`."""
        self._exporting = True
        self._update_buttons()

        def finished(result) -> None:
            self._exporting = False
            self._update_buttons()
            done(result)

        def failed(exc: BaseException) -> None:
            self._exporting = False
            self._update_buttons()
            if isinstance(exc, OSError):
                self._say(self.tr("Could not save the file: %1").replace("%1", exc.strerror or str(exc)), ok=False)
            else:
                self._say(failure_text(exc), ok=False)

        def made(data) -> None:
            self.ctx.ops.run(lambda: make(data), owner=self, done=finished, failed=failed,
                             name="inspections.export_draw_list")

        self.ctx.ops.read(q.draw_list_data, self.ctx.principal, plan.id, owner=self, done=made, failed=failed)

    def show_list_pdf(self) -> bool:
        """Start making the list's PDF; the preview opens when it is ready (`self.preview`)."""
        from client.inspections.reports import render_draw_list

        plan = self.current()
        if plan is None or self._exporting:
            return False
        name = f"{self.tr('Random inspection list')}_{plan.plan_no or plan.id[:8]}.pdf"
        self._export(plan, render_draw_list, lambda pdf: self._open_pdf(pdf, name))
        return True

    def _open_pdf(self, pdf: bytes, name: str) -> None:
        from widgets.common.pdf_dialog import PdfPreviewDialog

        self.preview = PdfPreviewDialog(pdf, title=self.tr("Random inspection list"), suggested_name=name,
                                        parent=self)
        self.preview.open()

    def save_csv(self) -> bool:
        """Ask where, then write the list there in the background; says "Saved." when done."""
        from client.inspections.reports import draw_list_csv

        plan = self.current()
        if plan is None or self._exporting:
            return False
        path = self._choose_csv_path(f"{self.tr('Random inspection list')}_{plan.plan_no or plan.id[:8]}.csv")
        if not path:
            return False

        def write(data) -> None:
            Path(path).write_bytes(draw_list_csv(data))

        self._export(plan, write, lambda _none: self._say(self.tr("Saved."), ok=True))
        return True

    def _choose_csv_path(self, suggested: str) -> str | None:
        """The save dialog (tests replace this method)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save list"), str(Path.home() / suggested),
                                              self.tr("CSV files (*.csv)"))
        return path or None

    def _say(self, text: str, *, ok: bool) -> None:
        self.result.setStyleSheet(f"color: {'#1b5e20' if ok else '#c62828'}; font-weight: bold;")
        self.result.setText(text)
