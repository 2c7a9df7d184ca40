"""新建抽查计划: the office head's dialog that creates a plan and draws it at once.

The population count is shown as the filter changes, so the head sees what the draw will
draw from. The seed is made here (secrets) and travels in the command: the draw can be
redone by anyone from the seed and the population, and gives the same list.
"""
from __future__ import annotations

import secrets

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.inspections import queries as q
from client.inspections.commands import CreatePlan, DrawPlan
from client.inspections.rules import MAX_SAMPLE
from client.kernel import reference
from client.kernel.types import new_id
from sync.bus import Outcome
from widgets.app_context import AppContext
from widgets.common.fields import FIELD_STYLE, FieldBox
from widgets.common.tasks import run_task

# the kind groups a head picks from (the seed's 内资 / 外资 / 私营 / 个体)
GROUPS = ("内资", "外资", "私营", "个体")


class PlanDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("New random inspection plan"))
        self.setStyleSheet(FIELD_STYLE)
        self.setMinimumWidth(560)
        self.plan_id: str | None = None
        self.population_size: int | None = None
        self.outcome: Outcome | None = None

        self.title = FieldBox("title", QLineEdit())
        self.title.editor.setPlaceholderText(self.tr("e.g. 2026 Q4 random inspection of individual businesses"))
        self.group = QComboBox()
        self.group.addItem(self.tr("All kinds"), "")
        for g in GROUPS:
            self.group.addItem(g, g)
        self.kinds = FieldBox("kinds", self.group)
        self.office = QComboBox()
        with ctx.read() as session:
            offices = q.offices_in_scope(session, ctx.principal)
            pool = q.inspectors(session, ctx.principal)
        if ctx.principal.level != "office":
            self.office.addItem(self.tr("Whole jurisdiction"), "")
        for code, name in offices:
            self.office.addItem(name, code)
        self.offices = FieldBox("office_codes", self.office)
        self.active_only = QCheckBox(self.tr("Only entities in existence (存续)"))
        self.active_only.setChecked(True)
        spin = QSpinBox()
        spin.setRange(1, MAX_SAMPLE)
        spin.setValue(20)
        self.sample = spin
        self.sample_box = FieldBox("sample_size", QLineEdit())
        self.sample_box.editor.hide()
        self.inspector_list = QListWidget()
        self.inspector_list.setFixedHeight(120)
        for p in pool:
            item = QListWidgetItem(p.full_name)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.inspector_list.addItem(item)
        self.pool = FieldBox("inspector_ids", QLineEdit())
        self.pool.editor.hide()
        self.population_label = QLabel()

        form = QFormLayout()
        form.addRow(self.tr("Plan name"), self.title)
        form.addRow(self.tr("Entity kinds"), self.kinds)
        form.addRow(self.tr("Area"), self.offices)
        form.addRow("", self.active_only)
        form.addRow(self.tr("Population"), self.population_label)
        sample_col = QVBoxLayout()
        sample_col.addWidget(spin)
        sample_col.addWidget(self.sample_box)
        form.addRow(self.tr("Entities to draw"), sample_col)
        pool_col = QVBoxLayout()
        pool_col.addWidget(self.inspector_list)
        pool_col.addWidget(self.pool)
        form.addRow(self.tr("Inspectors"), pool_col)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #c62828;")
        self.banner.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create and draw"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.create_and_draw)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        for signal in (self.group.currentIndexChanged, self.office.currentIndexChanged):
            signal.connect(self._update_population)
        self.active_only.toggled.connect(self._update_population)
        self._update_population()

    # ------------------------------------------------------------------ values

    def kind_codes(self) -> list[str]:
        group = self.group.currentData()
        if not group:
            return []
        return [k.code for k in reference.entity_kinds() if k.group == group]

    def office_codes(self) -> list[str]:
        code = self.office.currentData()
        return [code] if code else []

    def states(self) -> list[str]:
        return ["active"] if self.active_only.isChecked() else ["active", "revoked"]

    def inspector_ids(self) -> list[str]:
        return [self.inspector_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.inspector_list.count())
                if self.inspector_list.item(i).checkState() == Qt.CheckState.Checked]

    def _filter(self) -> dict:
        p = self.ctx.principal
        offices = self.office_codes()
        districts = [] if offices or p.level != "district" else [p.district_code]
        if not offices and p.level == "office":
            offices = [p.office_code]
        return {"kinds": self.kind_codes(), "states": self.states(), "office_codes": offices,
                "district_codes": districts}

    def _update_population(self, *_args) -> None:
        """Counted off the GUI thread: a city-wide filter counts millions of rows."""
        flt = self._filter()
        self._count_token = token = object()

        def count() -> int:
            with self.ctx.read() as session:
                return q.population_size(session, flt)

        def show(size: int) -> None:
            if token is self._count_token:  # a later change of the filter wins
                self.population_size = size
                self.population_label.setText(self.tr("%1 entities match").replace("%1", f"{size:,}"))

        self.population_label.setText(self.tr("Counting..."))
        run_task(count, on_done=show, owner=self)

    # ------------------------------------------------------------------ creating

    def create_and_draw(self) -> Outcome:
        for box in (self.title, self.kinds, self.offices, self.sample_box, self.pool):
            box.clear_message()
        self.banner.hide()
        principal = self.ctx.principal
        plan_id = self.plan_id or new_id()
        if self.plan_id is None:
            outcome = self.ctx.bus.dispatch(CreatePlan(
                user_id=principal.user_id, device_id=self.ctx.device_id, plan_id=plan_id, title=self.title.text(),
                sample_size=self.sample.value(), inspector_ids=self.inspector_ids(), kinds=self.kind_codes(),
                office_codes=self.office_codes(), states=self.states()))
            if not outcome.ok:
                return self._refused(outcome)
            self.plan_id = plan_id  # created: a failed draw is retried on the same plan
        with self.ctx.read() as session:
            version = q.plan(session, plan_id).version
        outcome = self.ctx.bus.dispatch(DrawPlan(user_id=principal.user_id, device_id=self.ctx.device_id,
                                                 plan_id=plan_id, base_version=version, seed=secrets.token_hex(8)))
        self.outcome = outcome
        if not outcome.ok:
            return self._refused(outcome)
        self.accept()
        return outcome

    def _refused(self, outcome: Outcome) -> Outcome:
        self.outcome = outcome
        boxes = {b.key: b for b in (self.title, self.kinds, self.offices, self.sample_box, self.pool)}
        placed = False
        for error in outcome.errors or ():
            if error.field in boxes:
                boxes[error.field].show_error(error.message)
                placed = True
        if not placed:
            if outcome.field in boxes:
                boxes[outcome.field].show_error(outcome.message or "")
            else:
                self.banner.setText(outcome.message or "")
                self.banner.show()
        return outcome
