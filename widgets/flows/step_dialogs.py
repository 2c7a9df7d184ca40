"""The small dialogs that gather what one flow command needs and send it: the opinion of a step
(同意 / 不同意 / 撤回), the target of 退回, the people of 加签, a delegation (委托) and a
supervisor's note with a new deadline (督办).

They share one behaviour (`FlowCommandDialog`, made of widgets/common/command_dialog.py): the
command goes to the serial writer with the OK button disabled; a refusal keeps the dialog open
with the service's message at its field (or under the form when it names none) and everything
typed kept; an applied command, or a conflict (someone else already decided: nothing more to do
here), closes it and is handed on by `sent` so the screen that opened it reloads and says what
happened.
"""
from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.flows import queries as fq
from client.flows.commands import (
    AddSigners,
    ApproveTask,
    Delegate,
    EndDelegation,
    RefuseTask,
    ReturnTask,
    Supervise,
    WithdrawTask,
)
from client.kernel.bus import CONFLICT, Outcome
from client.kernel.types import new_id
from widgets.app_context import AppContext
from widgets.common import dates
from widgets.common import formatting as fmt
from widgets.common.command_dialog import CommandDialog
from widgets.common.fields import FieldBox
from widgets.common.tasks import failure_text


class FlowCommandDialog(CommandDialog):
    """One command's form: heading, the fields by the command's field names, OK and Cancel;
    `send(command)`."""

    #: the Outcome of a command that applied, or that met a newer version (a conflict)
    sent = Signal(object)
    # the messages of no field here: one a line under the form
    separator = "\n"

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        self.setMinimumWidth(480)
        self.close_when_sent = True
        self.heading = QLabel()
        self.heading.setObjectName("dialogTitle")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.subheading = QLabel()
        self.subheading.setObjectName("hintLabel")
        self.subheading.setWordWrap(True)
        self.subheading.setTextFormat(Qt.TextFormat.PlainText)
        self.subheading.hide()
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(10)
        self.message.setObjectName("errorLabel")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("primaryButton")
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 16, 20, 14)
        self.layout_.setSpacing(8)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.subheading)
        self.layout_.addSpacing(4)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    # --- building ------------------------------------------------------------------------------

    def set_heading(self, text: str, detail: str = "") -> None:
        self.heading.setText(text)
        self.subheading.setText(detail)
        self.subheading.setVisible(bool(detail))

    def add_field(self, label: str, key: str, editor: QWidget) -> FieldBox:
        box = self.field_box(key, editor)
        self.form.addRow(label, box)
        return box

    def add_opinion(self, *, required: bool, placeholder: str = "") -> FieldBox:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(96)
        edit.setPlaceholderText(placeholder)
        label = self.tr("Opinion (required)") if required else self.tr("Opinion")
        box = self.add_field(label, "opinion", edit)
        if required:
            self.form.labelForField(box).setObjectName("fieldLabel")
        return box

    # --- sending -------------------------------------------------------------------------------

    def command(self):
        """The command from what is typed (None: nothing to send yet)."""
        raise NotImplementedError

    def submit(self) -> None:
        if self.busy:
            return
        command = self.command()
        if command is not None:
            self.send(command)

    def send(self, command, *, close: bool = True) -> None:
        self.close_when_sent = close
        self.write(command)

    def answered(self, outcome: Outcome) -> None:
        if outcome.ok or outcome.status == CONFLICT:
            self.sent.emit(outcome)
            if self.close_when_sent:
                self.accept()
            else:
                self.applied(outcome)
            return
        super().answered(outcome)

    def applied(self, outcome: Outcome) -> None:
        """A dialog that stays open after its command (委托) shows the result here."""

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self.ok_button.setEnabled(not busy)

    def failure_text(self, exc: BaseException) -> str:
        return self.tr("Not sent: %1").replace("%1", failure_text(exc))


# --- steps on an instance ---------------------------------------------------------------------------


def _user(ctx: AppContext) -> dict:
    return {"user_id": ctx.principal.user_id, "device_id": ctx.device_id}


class StepDialog(FlowCommandDialog):
    """同意 / 不同意 / 撤回 on a task: the opinion (required for 不同意)."""

    APPROVE, REFUSE, WITHDRAW = "approve", "refuse", "withdraw"

    def __init__(self, ctx: AppContext, action: str, *, task_id: str, version: int, node_title: str,
                 instance_title: str, parent: QWidget | None = None):
        titles = {self.APPROVE: self.tr("Agree"), self.REFUSE: self.tr("Disagree"), self.WITHDRAW: self.tr("Withdraw")}
        super().__init__(ctx, titles[action], parent)
        self.action, self.task_id, self.version = action, task_id, version
        self.set_heading(f"{titles[action]} · {node_title}", instance_title)
        required = action == self.REFUSE
        placeholder = {
            self.APPROVE: self.tr("Optional, e.g. the points checked"),
            self.REFUSE: self.tr("Required: why you do not agree (the applicant is told)"),
            self.WITHDRAW: self.tr("Optional: why you take your approval back"),
        }[action]
        self.opinion = self.add_opinion(required=required, placeholder=placeholder)
        if action == self.WITHDRAW:
            note = QLabel(self.tr("Your approval is taken back and the task returns to you; "
                                  "the next node's task is cancelled."))
            note.setObjectName("hintLabel")
            note.setWordWrap(True)
            self.form.addRow("", note)
        self.ok_button.setText(titles[action])

    def command(self):
        kwargs = dict(_user(self.ctx), task_id=self.task_id, base_version=self.version,
                      opinion=self.opinion.text().strip() or None)
        kind = {self.APPROVE: ApproveTask, self.REFUSE: RefuseTask, self.WITHDRAW: WithdrawTask}[self.action]
        return kind(**kwargs)


class ReturnDialog(FlowCommandDialog):
    """退回: where to (a node the instance passed) and why (required)."""

    def __init__(self, ctx: AppContext, *, task_id: str, version: int, node_title: str, instance_title: str,
                 targets: list, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Return"), parent)
        self.task_id, self.version = task_id, version
        self.set_heading(self.tr("Return · %1").replace("%1", node_title), instance_title)
        combo = QComboBox()
        for t in targets:
            combo.addItem(t.title, t.node_key)
        self.target = self.add_field(self.tr("Return to"), "target", combo)
        self.opinion = self.add_opinion(required=True, placeholder=self.tr("Required: what must be put right"))
        self.ok_button.setText(self.tr("Return"))

    def command(self):
        return ReturnTask(**_user(self.ctx), task_id=self.task_id, base_version=self.version,
                          opinion=self.opinion.text().strip() or None, target=self.target.editor.currentData() or "")


class AddSignersDialog(FlowCommandDialog):
    """加签: colleagues who decide this node with the holder."""

    def __init__(self, ctx: AppContext, *, task_id: str, version: int, node_title: str, instance_title: str,
                 parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Add signers"), parent)
        self.task_id, self.version = task_id, version
        self.loaded = False
        self.set_heading(self.tr("Add signers · %1").replace("%1", node_title), instance_title)
        self.people = QListWidget()
        self.people.setFixedHeight(150)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.add_field(self.tr("Colleagues"), "users", self.people)
        self.opinion = self.add_opinion(required=False, placeholder=self.tr("Optional: what they should look at"))
        self.ok_button.setText(self.tr("Add signers"))
        self.ok_button.setEnabled(False)
        ctx.ops.read(fq.colleagues, ctx.principal, owner=self, done=self._fill,
                     failed=lambda exc: self.show_message(failure_text(exc)))

    def _fill(self, colleagues: list) -> None:
        for c in colleagues:
            item = QListWidgetItem(f"{c.full_name}（{c.username}）")
            item.setData(Qt.ItemDataRole.UserRole, c.user_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.loaded = True
        self.ok_button.setEnabled(True)

    def check(self, user_id: str, on: bool = True) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == user_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> tuple[str, ...]:
        return tuple(self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count())
                     if self.people.item(i).checkState() == Qt.CheckState.Checked)

    def command(self):
        return AddSigners(**_user(self.ctx), task_id=self.task_id, base_version=self.version,
                          opinion=self.opinion.text().strip() or None, users=self.chosen())


# --- 督办 and 委托 -----------------------------------------------------------------------------------


class SuperviseDialog(FlowCommandDialog):
    """督办: a head's note on someone's open task, and the deadline it now has."""

    def __init__(self, ctx: AppContext, item, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Supervise"), parent)
        self.item = item
        self.set_heading(self.tr("Supervise · %1").replace("%1", item.node_title),
                         self.tr("%1 · held by %2 · deadline %3").replace("%1", item.instance_title)
                         .replace("%2", item.assignee_name)
                         .replace("%3", fmt.date_text(item.due_on) or self.tr("none")))
        note = QPlainTextEdit()
        note.setTabChangesFocus(True)
        note.setFixedHeight(90)
        note.setPlaceholderText(self.tr("What must be done, and by when (at least 2 characters)"))
        self.note = self.add_field(self.tr("Supervision note"), "note", note)
        today = dates.today()
        self.due = QDateEdit(objectName="superviseDue")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setMinimumDate(today)
        current = dates.to_qdate(item.due_on) if item.due_on else today
        self.due.setDate(max(current, today.addDays(2)))
        self.due_box = self.add_field(self.tr("New deadline"), "due_on", self.due)
        self.ok_button.setText(self.tr("Supervise"))

    def command(self):
        return Supervise(**_user(self.ctx), task_id=self.item.task_id, note=self.note.text().strip(),
                         due_on=dates.to_date(self.due.date()))


class DelegationDialog(FlowCommandDialog):
    """委托: a colleague does my tasks for a period; the delegations that concern me, and
    结束委托 for mine."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Delegation"), parent)
        self.setMinimumWidth(640)
        self.loaded = False
        self.lines: list = []
        self.set_heading(self.tr("Delegate my tasks"),
                         self.tr("While a delegation runs, the colleague sees your tasks in their list and "
                                 "may handle them in your name."))
        self.colleague = QComboBox()
        self.add_field(self.tr("Colleague"), "delegate_id", self.colleague)
        today = dates.today()
        self.starts = QDateEdit(today, objectName="delegationStarts")
        self.ends = QDateEdit(today.addDays(6), objectName="delegationEnds")
        period = QWidget()
        row = QHBoxLayout(period)
        row.setContentsMargins(0, 0, 0, 0)
        for i, edit in enumerate((self.starts, self.ends)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            if i:
                row.addWidget(QLabel(self.tr("to")))
            row.addWidget(edit)
        row.addStretch(1)
        self.period = self.add_field(self.tr("Period"), "ends_on", period)
        self.fields["starts_on"] = self.period
        reason = QLineEdit()
        reason.setPlaceholderText(self.tr("e.g. on leave, training"))
        self.reason = self.add_field(self.tr("Reason"), "reason", reason)
        self.ok_button.setText(self.tr("Delegate"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))

        heading = QLabel(self.tr("Delegations"))
        heading.setObjectName("sectionTitle")
        self.table = QTableWidget(0, 5, objectName="delegationTable")
        self.table.setHorizontalHeaderLabels([self.tr("Delegator"), self.tr("Delegate"), self.tr("Period"),
                                              self.tr("Reason"), self.tr("State")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 80), (1, 80), (2, 190), (4, 70)):
            self.table.setColumnWidth(col, width)
        self.table.setMinimumHeight(150)
        self.table.itemSelectionChanged.connect(self._update_end_button)
        self.end_button = QPushButton(self.tr("End delegation"))
        self.end_button.setEnabled(False)
        self.end_button.clicked.connect(self.end_selected)
        end_row = QHBoxLayout()
        end_row.addStretch(1)
        end_row.addWidget(self.end_button)
        at = self.layout_.indexOf(self.buttons)
        self.layout_.insertSpacing(at, 8)
        self.layout_.insertWidget(at + 1, heading)
        self.layout_.insertWidget(at + 2, self.table, 1)
        self.layout_.insertLayout(at + 3, end_row)
        ctx.ops.read(fq.colleagues, ctx.principal, owner=self, done=self._fill_colleagues,
                     failed=lambda exc: self.show_message(failure_text(exc)))
        self.reload()

    def _fill_colleagues(self, colleagues: list) -> None:
        for c in colleagues:
            self.colleague.addItem(f"{c.full_name}（{c.username}）", c.user_id)
        self.loaded = True
        self.ok_button.setEnabled(bool(colleagues))

    def reload(self) -> None:
        self.ctx.ops.read(fq.my_delegations, self.ctx.principal, owner=self, done=self._show_lines,
                          failed=lambda exc: self.show_message(failure_text(exc)))

    def _show_lines(self, lines: list) -> None:
        self.lines = list(lines)
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            state = self.tr("In force") if line.active else self.tr("Ended")
            cells = (line.user_name, line.delegate_name, f"{line.starts_on} — {line.ends_on}", line.reason or "", state)
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if not line.active:
                    cell.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, cell)
        self._update_end_button()

    def _mine(self, line) -> bool:
        # DelegationLine names people only; the service refuses to end someone else's anyway
        return line.active and line.user_name == self.ctx.principal.full_name

    def selected_line(self):
        rows = self.table.selectionModel().selectedRows()
        return self.lines[rows[0].row()] if rows and rows[0].row() < len(self.lines) else None

    def _update_end_button(self) -> None:
        line = self.selected_line()
        self.end_button.setEnabled(line is not None and self._mine(line) and not self.busy)

    def command(self):
        if self.colleague.currentIndex() < 0:
            return None
        return Delegate(**_user(self.ctx), delegation_id=new_id(), delegate_id=self.colleague.currentData(),
                        starts_on=dates.to_date(self.starts.date()), ends_on=dates.to_date(self.ends.date()),
                        reason=self.reason.text().strip() or None)

    def submit(self) -> None:
        if not self.busy and (command := self.command()) is not None:
            self.send(command, close=False)

    def end_selected(self) -> None:
        line = self.selected_line()
        if line is None or self.busy:
            return
        self.send(EndDelegation(**_user(self.ctx), delegation_id=line.delegation_id), close=False)

    def applied(self, outcome: Outcome) -> None:
        self.reason.set_text("")
        self.reload()
