"""新建抽查计划: the office head's dialog that creates a plan and draws it at once.

The population count is shown as the filter changes, so the head sees what the draw will
draw from. The seed is made here (secrets) and travels in the command: the draw can be
redone by anyone from the seed and the population, and gives the same list.

Creating and drawing are two commands, handed one after the other to the serial writer
(ctx.ops.write): the draw goes only once the plan is made. A refusal is shown at its field, a
failure in the banner; the plan made stays, and 创建并抽取 again draws that same plan.
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
from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common.fields import FIELD_STYLE, FieldBox
from widgets.common.tasks import failure_text

#: the version of a plan just created (client.inspections.handlers.create_plan)
CREATED_VERSION = 1


def kind_groups() -> list[str]:
    """The kind groups a head picks from (内资 / 外资 / 私营 / 个体), as the reference data has them."""
    return list(dict.fromkeys(k.group for k in reference.entity_kinds() if k.group))


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
        self.loaded = False  # the offices and inspectors are in
        self._busy = False  # a command of this dialog is on the serial writer
        self._count_token: object | None = None

        self.title = FieldBox("title", QLineEdit())
        self.title.editor.setPlaceholderText(self.tr("e.g. 2026 Q4 random inspection of individual businesses"))
        self.group = QComboBox()
        self.group.addItem(self.tr("All kinds"), "")
        for g in kind_groups():
            self.group.addItem(g, g)
        self.kinds = FieldBox("kinds", self.group)
        self.office = QComboBox()
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
        self.ok_button.setEnabled(False)
        self.population_label.setText(self.tr("Loading..."))
        ctx.ops.read(q.plan_choices, ctx.principal, owner=self, done=self._fill, failed=self._show_failure)

    def _fill(self, choices: q.PlanChoices) -> None:
        """The offices of the head's jurisdiction and the inspectors' pool, all ticked."""
        self.office.blockSignals(True)
        try:
            if self.ctx.principal.level != "office":
                self.office.addItem(self.tr("Whole jurisdiction"), "")
            for code, name in choices.offices:
                self.office.addItem(name, code)
        finally:
            self.office.blockSignals(False)
        for p in choices.inspectors:
            item = QListWidgetItem(p.full_name)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.inspector_list.addItem(item)
        self.loaded = True
        self._set_busy(False)
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
        self._count_token = token = object()

        def show(size: int) -> None:
            if token is self._count_token:  # a later change of the filter wins
                self.population_size = size
                self.population_label.setText(self.tr("%1 entities match").replace("%1", f"{size:,}"))

        def failed(exc: BaseException) -> None:
            if token is self._count_token:
                self.population_label.setText(failure_text(exc))

        self.population_label.setText(self.tr("Counting..."))
        self.ctx.ops.read(q.population_size, self.ctx.principal, self._filter(), owner=self, done=show, failed=failed)

    # ------------------------------------------------------------------ creating

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(self.loaded and not busy)

    def create_and_draw(self) -> None:
        """Create the plan (once), then draw it: two commands, in order, on the serial writer."""
        if self._busy or not self.loaded:
            return
        for box in (self.title, self.kinds, self.offices, self.sample_box, self.pool):
            box.clear_message()
        self.banner.hide()
        self._set_busy(True)
        if self.plan_id is not None:  # made already, its draw refused or failed: draw it again
            self.ctx.ops.read(q.plan, self.ctx.principal, self.plan_id, owner=self, done=self._draw_again,
                              failed=self._show_failure)
            return
        principal = self.ctx.principal
        plan_id = new_id()
        self.ctx.ops.write(CreatePlan(
            user_id=principal.user_id, device_id=self.ctx.device_id, plan_id=plan_id, title=self.title.text(),
            sample_size=self.sample.value(), inspector_ids=self.inspector_ids(), kinds=self.kind_codes(),
            office_codes=self.office_codes(), states=self.states()),
            owner=self, done=lambda outcome: self._created(plan_id, outcome), failed=self._show_failure)

    def _created(self, plan_id: str, outcome: Outcome) -> None:
        if not outcome.ok:
            self._refused(outcome)
            return
        self.plan_id = plan_id  # made: a failed draw is retried on the same plan
        self._draw(CREATED_VERSION)

    def _draw_again(self, plan: q.PlanRow | None) -> None:
        self._draw(plan.version if plan is not None else None)

    def _draw(self, version: int | None) -> None:
        self.ctx.ops.write(DrawPlan(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                    plan_id=self.plan_id, base_version=version, seed=secrets.token_hex(8)),
                           owner=self, done=self._drawn, failed=self._show_failure)

    def _drawn(self, outcome: Outcome) -> None:
        self.outcome = outcome
        if not outcome.ok:
            self._refused(outcome)
            return
        self._set_busy(False)
        self.accept()

    def _show_failure(self, exc: BaseException) -> None:
        """The database or the program failed (not the head's input): said in the banner."""
        self._set_busy(False)
        self.banner.setText(failure_text(exc))
        self.banner.show()

    def _refused(self, outcome: Outcome) -> None:
        self._set_busy(False)
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
