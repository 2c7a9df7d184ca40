"""One flow instance (办理): its flow drawn with where it stands, the steps taken, and what the
reader may do on it now — 同意, 不同意, 退回, 加签 on their open task, 撤回 of their last approval.

The view is one read (`flows.instance_view`); each action opens its dialog
(widgets/flows/step_dialogs.py), which sends the command and stays open on a refusal. After a
step the view is read again and the line above the drawing says what happened; a step that met
someone else's decision (a conflict: the task moved on under the reader) says so and shows the
instance as it now stands. Area screens (合同鉴证) open the same dialog for their cases.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.flows import queries as fq
from client.flows.definition import FlowDefinition, Outcome as FlowOutcome
from client.flows.engine import TaskState
from client.kernel.bus import CONFLICT, Outcome
from widgets.app_context import AppContext
from widgets.common import formatting as fmt
from widgets.common.tasks import failure_text
from widgets.flows.history import InstanceDiagram
from widgets.flows.step_dialogs import AddSignersDialog, FlowCommandDialog, ReturnDialog, StepDialog

GREEN, RED = "#1B5E20", "#C62828"
_BANNER = {
    "ok": "background: #E8F5E9; border: 1px solid #A5D6A7; color: #1B5E20;",
    "warning": "background: #FFF8E1; border: 1px solid #FFD54F; color: #8A5300;",
    "error": "background: #FDECEA; border: 1px solid #F5C2C0; color: #C62828;",
}


def shown_steps(steps: list) -> list:
    """The history without the tasks a node closed when someone else decided it (或签: the other
    holders' copies): what was done, and what is waiting."""
    return [s for s in steps if s.state != TaskState.CLOSED]


class InstanceDialog(QDialog):
    #: the Outcome of a step taken here that applied (the opener's list reloads by the change tag
    #: anyway; area screens use this to go on with the case)
    stepped = Signal(object)
    #: the instance on screen is the one just read
    loaded = Signal()

    def __init__(self, ctx: AppContext, instance_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.instance_id = instance_id
        self.view: fq.InstanceView | None = None
        self.step_dialog: FlowCommandDialog | None = None
        self._token = 0
        self._arranged = False
        self.setObjectName("instanceDialog")
        self.setWindowTitle(self.tr("Flow instance"))
        self.resize(1180, 720)
        self.setSizeGripEnabled(True)
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.reload()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self.tr("Loading…"))
        self.title.setObjectName("dialogTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setObjectName("hintLabel")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.state_chip = QLabel()
        self.state_chip.setObjectName("instanceState")
        self.state_chip.hide()
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.facts)
        head.addLayout(titles, 1)
        head.addWidget(self.state_chip, 0, Qt.AlignmentFlag.AlignTop)

        self.banner = QLabel(objectName="instanceBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()

        self.diagram = InstanceDiagram()
        frame = QFrame(objectName="instanceFrame")
        frame.setStyleSheet("#instanceFrame { background: #FFFFFF; border: 1px solid #DCE1E8; border-radius: 4px; }")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(1, 1, 1, 1)
        inner.addWidget(self.diagram)

        self.task_line = QLabel(objectName="instanceTaskLine")
        self.task_line.setTextFormat(Qt.TextFormat.PlainText)
        self.withdraw_button = QPushButton(self.tr("Withdraw…"))
        self.add_button = QPushButton(self.tr("Add signers…"))
        self.return_button = QPushButton(self.tr("Return…"))
        self.refuse_button = QPushButton(self.tr("Disagree…"))
        self.approve_button = QPushButton(self.tr("Agree…"))
        self.approve_button.setObjectName("primaryButton")
        self.close_button = QPushButton(self.tr("Close"))
        self.withdraw_button.setToolTip(self.tr("Take back your approval while nobody after you has acted"))
        self.add_button.setToolTip(self.tr("Ask colleagues to decide this node with you"))
        self.return_button.setToolTip(self.tr("Send the case back to a node it passed, with the reason"))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.add_button.clicked.connect(self.add_signers)
        self.return_button.clicked.connect(self.send_back)
        self.refuse_button.clicked.connect(self.refuse)
        self.approve_button.clicked.connect(self.approve)
        self.close_button.clicked.connect(self.reject)
        self.action_buttons = (self.withdraw_button, self.add_button, self.return_button, self.refuse_button,
                               self.approve_button)
        for b in self.action_buttons:
            b.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.task_line, 1)
        for b in (*self.action_buttons, self.close_button):
            bottom.addWidget(b)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(frame, 1)
        layout.addLayout(bottom)

    # --- reading -------------------------------------------------------------------------------

    def _on_changed(self, changes: frozenset) -> None:
        if "flows" in changes and self.step_dialog is None:
            self.reload()

    def reload(self) -> None:
        self._token += 1
        token = self._token
        self.ctx.ops.read(fq.instance_view, self.ctx.principal, self.instance_id, owner=self,
                          done=lambda view: self._show(token, view),
                          failed=lambda exc: self._failed(token, exc))

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            self.show_banner(self.tr("The case could not be read: %1").replace("%1", failure_text(exc)), "error")

    def _show(self, token: int, view: fq.InstanceView | None) -> None:
        if token != self._token:
            return  # a newer read is on its way
        self.view = view
        if view is None:
            self.title.setText(self.tr("Case not found"))
            self.facts.setText(self.tr("It does not exist, or it is outside your jurisdiction."))
            self.state_chip.hide()
            self._show_actions(None)
            self.loaded.emit()
            return
        flow = FlowDefinition.from_json(view.flow_json)
        self.setWindowTitle(view.title)
        self.title.setText(view.title)
        self.facts.setText(self.tr("%1 · version %2 · %3 steps")
                           .replace("%1", flow.title).replace("%2", str(view.flow_version))
                           .replace("%3", str(len(shown_steps(view.steps)))))
        self._show_state(view)
        self.diagram.show_instance(flow, set(view.current_nodes), set(view.visited_nodes), shown_steps(view.steps))
        self._arrange(flow)
        self._show_actions(view)
        self.loaded.emit()

    def _arrange(self, flow: FlowDefinition) -> None:
        """A flow drawn wide (left to right) goes above the steps, one drawn tall beside them."""
        xs, ys = [n.x for n in flow.nodes] or [0], [n.y for n in flow.nodes] or [0]
        wide = (max(xs) - min(xs)) > 1.5 * (max(ys) - min(ys))
        splitter = self.diagram.splitter
        orientation = Qt.Orientation.Vertical if wide else Qt.Orientation.Horizontal
        if splitter.orientation() != orientation or not self._arranged:
            self._arranged = True
            splitter.setOrientation(orientation)
            total = splitter.height() if wide else splitter.width()
            total = max(total, 600)
            first = int(total * (0.42 if wide else 0.5))
            splitter.setSizes([first, total - first])
            self.diagram.view.fit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)  # after the diagram's own first sizing: the flow's shape decides
        self._arranged = False
        if self.view is not None:
            self._arrange(FlowDefinition.from_json(self.view.flow_json))

    def _show_state(self, view: fq.InstanceView) -> None:
        if view.outcome is None:
            text, colour, fill = self.tr("In progress"), "#1F5FBF", "#EAF1FB"
        else:
            text = self.tr("Finished: %1").replace("%1", FlowOutcome.label_of(view.outcome))
            colour, fill = {FlowOutcome.APPROVED.code: (GREEN, "#E8F5E9"),
                            FlowOutcome.CANCELLED.code: ("#616161", "#F2F2F2")}.get(view.outcome, (RED, "#FDECEA"))
        self.state_chip.setText(text)
        self.state_chip.setStyleSheet(f"#instanceState {{ color: {colour}; background: {fill}; border: 1px solid "
                                      f"{colour}; border-radius: 10px; padding: 2px 12px; font-weight: bold; }}")
        self.state_chip.show()

    def my_step(self):
        """The history's line of the reader's open task (None: nothing for them to do)."""
        view = self.view
        if view is None or not view.my_task_id:
            return None
        return next((s for s in view.steps if s.task_id == view.my_task_id), None)

    def _show_actions(self, view: fq.InstanceView | None) -> None:
        mine = view is not None and view.my_task_id is not None
        # a node its area's screen decides (the certifier's checklist…): no plain 同意/不同意 here
        plain = mine and not view.my_task_form
        for b in (self.approve_button, self.refuse_button):
            b.setVisible(plain)
        self.add_button.setVisible(mine)
        self.return_button.setVisible(mine and bool(view.return_targets))
        self.withdraw_button.setVisible(view is not None and view.withdrawable_task_id is not None)
        step = self.my_step()
        if mine:
            node = step.node_title if step else ""
            due = fmt.date_text(step.due_on) if step else ""
            text = self.tr("Your task: %1").replace("%1", node)
            if due:
                text += self.tr(" (deadline %1)").replace("%1", due)
            if not plain:
                text += self.tr(" — decide it on the case's own screen")
            self.task_line.setText(text)
            self.task_line.setStyleSheet("font-weight: bold;")
        elif view is not None and view.withdrawable_task_id:
            self.task_line.setText(self.tr("You approved your node; you may withdraw until the next one acts."))
            self.task_line.setStyleSheet("color: #5B6573;")
        elif view is not None:
            self.task_line.setText(self.tr("Nothing for you to do on this case."))
            self.task_line.setStyleSheet("color: #5B6573;")
        else:
            self.task_line.clear()
        if plain:
            self.approve_button.setDefault(True)

    def show_banner(self, text: str, level: str = "ok") -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"#instanceBanner {{ {_BANNER[level]} border-radius: 4px; padding: 6px 10px; }}")
        self.banner.setVisible(bool(text))

    def banner_text(self) -> str:
        return self.banner.text() if self.banner.isVisibleTo(self) else ""

    # --- acting --------------------------------------------------------------------------------

    def _task_args(self) -> dict | None:
        view, step = self.view, self.my_step()
        if view is None or view.my_task_id is None:
            return None
        return {"task_id": view.my_task_id, "version": view.my_task_version,
                "node_title": step.node_title if step else "", "instance_title": view.title}

    def approve(self) -> StepDialog | None:
        return self._step(StepDialog.APPROVE)

    def refuse(self) -> StepDialog | None:
        return self._step(StepDialog.REFUSE)

    def _step(self, action: str) -> StepDialog | None:
        args = self._task_args()
        if args is None:
            return None
        return self._open(StepDialog(self.ctx, action, parent=self, **args), action)

    def send_back(self) -> ReturnDialog | None:
        args = self._task_args()
        if args is None or not self.view.return_targets:
            return None
        return self._open(ReturnDialog(self.ctx, targets=list(self.view.return_targets), parent=self, **args),
                          "return")

    def add_signers(self) -> AddSignersDialog | None:
        args = self._task_args()
        if args is None:
            return None
        return self._open(AddSignersDialog(self.ctx, parent=self, **args), "add_signer")

    def withdraw(self) -> StepDialog | None:
        view = self.view
        if view is None or view.withdrawable_task_id is None:
            return None
        node = next((s.node_title for s in view.steps if s.task_id == view.withdrawable_task_id), "")
        return self._open(StepDialog(self.ctx, StepDialog.WITHDRAW, task_id=view.withdrawable_task_id,
                                     version=view.withdrawable_version, node_title=node, instance_title=view.title,
                                     parent=self), StepDialog.WITHDRAW)

    def _open(self, dialog: FlowCommandDialog, action: str):
        self.step_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sent.connect(lambda outcome: self._sent(action, outcome))
        dialog.finished.connect(self._step_dialog_closed)
        dialog.open()
        return dialog

    def _step_dialog_closed(self, _result: int) -> None:
        self.step_dialog = None
        self.reload()  # whatever happened, show the instance as it stands now

    def _sent(self, action: str, outcome: Outcome) -> None:
        if outcome.status == CONFLICT:
            self.show_banner(self.tr("This item has already been handled by someone else; "
                                     "the case is shown as it stands now."), "warning")
            return
        done = {
            StepDialog.APPROVE: self.tr("Agreed. The case moves on to the next node."),
            StepDialog.REFUSE: self.tr("Disagreed. Your opinion is recorded."),
            StepDialog.WITHDRAW: self.tr("Withdrawn. The task is yours again."),
            "return": self.tr("Returned. The node it was sent back to has the case again."),
            "add_signer": self.tr("Signers added. The node waits for them as well."),
        }[action]
        if outcome.result.get("outcome"):
            done += " " + self.tr("The flow has ended: %1.").replace("%1", FlowOutcome.label_of(outcome.result["outcome"]))
        self.show_banner(done, "ok")
        self.stepped.emit(outcome)
