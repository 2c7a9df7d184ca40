"""抽查计划: the office head's plans, the drawn list of the chosen one with its inspectors,
publishing it, and exporting the list (PDF for the notice board and the website, CSV).
"""
from __future__ import annotations

import secrets
from pathlib import Path

import sqlalchemy as sa
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
from sync.bus import Outcome
from widgets.app_context import AppContext
from widgets.common import formatting as fmt
from widgets.common import messages
from widgets.inspections.models import DrawnListModel, PlanListModel, pending_text


class PlansScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.plans = PlanListModel(self)
        self.drawn = DrawnListModel(self)
        self.dialog = None
        self.preview = None
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
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.plan_table = self._table(self.plans)
        self.plan_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.plan_table.setColumnWidth(0, 170)
        self.plan_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_plan())

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

    def reload(self, select_id: str | None = None) -> None:
        current = self.current()
        keep = select_id or (current.id if current else None)
        try:
            with self.ctx.read() as session:
                rows = q.plans(session, self.ctx.principal)
        except sa.exc.SQLAlchemyError:
            self.heading.setText(self.tr("(the database cannot be reached)"))
            return
        self.plans.set_records(rows)
        row = self.plans.row_of(keep) if keep else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.plan_table.selectionModel().setCurrentIndex(
                self.plans.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._show_plan()

    def current(self) -> q.PlanRow | None:
        index = self.plan_table.currentIndex()
        if not index.isValid() or index.row() >= self.plans.rowCount():
            return None
        return self.plans.record(index.row())

    def _show_plan(self) -> None:
        plan = self.current()
        if plan is None:
            self.heading.setText(self.tr("No plan yet: make one with “New plan and draw”."))
            self.facts.clear()
            self.drawn.set_records([])
            for b in (self.draw_button, self.publish_button, self.pdf_button, self.csv_button):
                b.setEnabled(False)
            return
        with self.ctx.read() as session:
            tasks = q.plan_tasks(session, plan.id)
        self.drawn.set_records(tasks)
        self.heading.setText(f"{plan.title}（{pending_text(plan.plan_no) if plan.state != 'draft' else ''}）")
        if plan.state == PlanState.DRAFT.code:
            self.facts.setText(self.tr("Not drawn yet."))
        else:
            self.facts.setText(
                self.tr("%1 of %2 entities drawn at %3 · seed %4 (%5) · state: %6")
                .replace("%1", str(plan.drawn_count)).replace("%2", f"{plan.population_size or 0:,}")
                .replace("%3", fmt.datetime_text(plan.drawn_at)).replace("%4", plan.draw_seed or "")
                .replace("%5", plan.draw_method or "").replace("%6", PlanState.label_of(plan.state)))
        drawn = plan.state != PlanState.DRAFT.code
        self.draw_button.setEnabled(plan.state == PlanState.DRAFT.code)
        self.publish_button.setEnabled(plan.state == PlanState.DRAWN.code)
        self.pdf_button.setEnabled(drawn)
        self.csv_button.setEnabled(drawn)

    # ------------------------------------------------------------------ actions

    def new_plan(self):
        from widgets.inspections.plan_dialog import PlanDialog

        self.dialog = PlanDialog(self.ctx, self)
        self.dialog.accepted.connect(lambda: self._after_draw(self.dialog))
        self.dialog.open()
        return self.dialog

    def _after_draw(self, dialog) -> None:
        out = dialog.outcome
        self.reload(select_id=dialog.plan_id)
        if out is not None and out.ok:
            self._say(self.tr("Drew %1 of %2 entities; plan no. %3.")
                      .replace("%1", str(out.result.get("drawn"))).replace("%2", f"{out.result.get('population_size'):,}")
                      .replace("%3", pending_text(out.result.get("plan_no"))), ok=True)

    def draw(self) -> Outcome | None:
        """Draw a plan left undrawn (e.g. the draw was refused for too few inspectors)."""
        plan = self.current()
        if plan is None:
            return None
        outcome = self.ctx.bus.dispatch(DrawPlan(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                                 plan_id=plan.id, base_version=plan.version,
                                                 seed=secrets.token_hex(8)))
        if outcome.ok:
            self.reload(select_id=plan.id)
            self._say(self.tr("Drew %1 of %2 entities; plan no. %3.")
                      .replace("%1", str(outcome.result.get("drawn")))
                      .replace("%2", f"{outcome.result.get('population_size'):,}")
                      .replace("%3", pending_text(outcome.result.get("plan_no"))), ok=True)
        else:
            self._say(outcome.message or "", ok=False)
        return outcome

    def publish(self) -> Outcome | None:
        plan = self.current()
        if plan is None:
            return None
        outcome = self.ctx.bus.dispatch(PublishPlan(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                                    plan_id=plan.id, base_version=plan.version))
        if outcome.ok:
            self.reload(select_id=plan.id)
            self._say(self.tr("Published."), ok=True)
        else:
            self._say(outcome.message or "", ok=False)
        return outcome

    def show_list_pdf(self):
        from client.inspections.reports import render_draw_list
        from widgets.common.pdf_dialog import PdfPreviewDialog

        plan = self.current()
        if plan is None:
            return None
        with self.ctx.read() as session:
            data = q.draw_list_data(session, plan.id)
        name = f"{self.tr('Random inspection list')}_{data.plan_no or plan.id[:8]}.pdf"
        self.preview = PdfPreviewDialog(render_draw_list(data), title=self.tr("Random inspection list"),
                                        suggested_name=name, parent=self)
        self.preview.open()
        return self.preview

    def save_csv(self) -> bool:
        from client.inspections.reports import draw_list_csv

        plan = self.current()
        if plan is None:
            return False
        with self.ctx.read() as session:
            data = q.draw_list_data(session, plan.id)
        path = self._choose_csv_path(f"{self.tr('Random inspection list')}_{data.plan_no or plan.id[:8]}.csv")
        if not path:
            return False
        try:
            Path(path).write_bytes(draw_list_csv(data))
        except OSError as exc:
            messages.fail(self, self.tr("Could not save the file: %1").replace("%1", exc.strerror or str(exc)))
            return False
        self._say(self.tr("Saved."), ok=True)
        return True

    def _choose_csv_path(self, suggested: str) -> str | None:
        """The save dialog (tests replace this method)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save list"), str(Path.home() / suggested),
                                              self.tr("CSV files (*.csv)"))
        return path or None

    def _say(self, text: str, *, ok: bool) -> None:
        self.result.setStyleSheet(f"color: {'#1b5e20' if ok else '#c62828'}; font-weight: bold;")
        self.result.setText(text)
