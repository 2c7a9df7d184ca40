"""The reader's step on a document, as the flow gives it:

- `StepDialog`: 拟办, 承办 (办理情况), 送审, 核稿, 会签, 编号, 用印, 分发 — an opinion and 同意 (the
  engine's own ApproveTask); at 核稿 and 会签 also 不同意, which ends the document unsent.
- `InstructDialog`: 领导批示 — the instruction and the 承办人 (none: 阅知, the document is done).
- `SignDialog`: 签发 — what changed in the draft since it was first written, then 签发 or 不予签发.
退回, 加签 and 撤回 are the flow's own actions, in 查看流程.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from client.documents import flows as dflows
from client.documents import queries as dq
from client.documents.commands import InstructIncoming, SignOutgoing
from client.flows.commands import ApproveTask, RefuseTask
from widgets.app_context import AppContext
from widgets.common.action_dialog import ActionDialog
from widgets.common.detail_pane import MUTED
from widgets.documents.diff_view import RevisionDiff
from widgets.documents.pickers import PeoplePicker

#: steps at which 不同意 is offered (it ends the document): the reviewer's and the co-signers'
_REFUSABLE = {dflows.REVIEW, dflows.COSIGN}


def opinion_editor(name: str, placeholder: str, height: int = 100) -> QPlainTextEdit:
    editor = QPlainTextEdit(objectName=name)
    editor.setTabChangesFocus(True)
    editor.setFixedHeight(height)
    editor.setPlaceholderText(placeholder)
    return editor


class _DocumentDialog(ActionDialog):
    def __init__(self, ctx: AppContext, detail: dq.DocumentDetail, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        self.detail = detail

    def summary(self) -> QLabel:
        d = self.detail
        parts = [d.doc_number, d.sender] + [x for x in (d.classification_text,) if x]
        label = QLabel(" · ".join(parts))
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {MUTED}")
        return label

    def opinion_text(self) -> str | None:
        return self.opinion.toPlainText().strip() or None


class StepDialog(_DocumentDialog):
    def __init__(self, ctx: AppContext, detail: dq.DocumentDetail, title: str, parent: QWidget | None = None):
        super().__init__(ctx, detail, title, parent)
        self.setObjectName("documentStepDialog")
        self.resize(560, 340)
        node = detail.my_node
        self.approve_button = self.add_action(title, self.approve, name="stepApprove", primary=True)
        self.refuse_button = None
        if node in _REFUSABLE or (node == dflows.HANDLE and detail.handoff == "cosign"):
            self.refuse_button = self.add_action(self.tr("Do not agree"), self.refuse, name="stepRefuse")
        form = self.standard_layout(f"{title}：{detail.title}")
        form.addRow(self.summary())
        hint = {dflows.PROPOSE: self.tr("How it should be handled, and by whom (拟办意见)"),
                dflows.UNDERTAKE: self.tr("What was done (办理情况)"),
                dflows.HANDLE: self.tr("What was done (办理情况)") if detail.handoff == "undertake"
                else self.tr("Opinion (required when not agreeing)"),
                dflows.NUMBER: self.tr("The centre gives the number of the year when this step reaches it"),
                }.get(node or "", self.tr("Opinion (required when not agreeing)"))
        self.opinion = opinion_editor("stepOpinion", hint)
        self.opinion_required = node in (dflows.PROPOSE, dflows.UNDERTAKE) or (
            node == dflows.HANDLE and detail.handoff == "undertake")
        self.field("opinion", self.opinion, label=self.tr("Opinion"), form=form, required=self.opinion_required)
        self.opinion.setFocus()

    def approve(self, opinion: str | None = None) -> None:
        self._decide(ApproveTask, opinion)

    def refuse(self, opinion: str | None = None) -> None:
        self._decide(RefuseTask, opinion)

    def _decide(self, command, opinion: str | None) -> None:
        if isinstance(opinion, str):
            self.opinion.setPlainText(opinion)
        d = self.detail
        if self.opinion_required and command is ApproveTask and not self.opinion_text():
            label = self.tr("Proposal") if d.my_node == dflows.PROPOSE else self.tr("Handling")
            self.fields["opinion"].show_error(self.tr("%1: required").replace("%1", label))
            return
        self.send_step(command, d.my_task_id, d.my_task_version, self.opinion_text())


class InstructDialog(_DocumentDialog):
    """领导批示: the instruction, and the people who are to handle it, in parallel."""

    def __init__(self, ctx: AppContext, detail: dq.DocumentDetail, title: str, parent: QWidget | None = None):
        super().__init__(ctx, detail, title, parent)
        self.setObjectName("documentInstructDialog")
        self.resize(640, 560)
        self.approve_button = self.add_action(self.tr("Instruct"), self.instruct, name="instructApprove", primary=True)
        form = self.standard_layout(f"{title}：{detail.title}")
        form.addRow(self.summary())
        proposals = [t for t in detail.trail if t.node_key == dflows.PROPOSE and t.opinion]
        if proposals:
            proposal = QLabel(self.tr("Proposal by %1: %2").replace("%1", proposals[-1].actor or "")
                              .replace("%2", proposals[-1].opinion or ""), objectName="instructProposal")
            proposal.setWordWrap(True)
            form.addRow(proposal)
        self.opinion = opinion_editor("instructOpinion", self.tr("The instruction (批示)"), 90)
        self.field("opinion", self.opinion, label=self.tr("Instruction"), form=form, required=True)
        self.people = PeoplePicker(ctx, "instructPeople", self)
        self.people.setMinimumHeight(220)
        self.field("undertakers", self.people, label=self.tr("Handled by"), form=form)
        self.hint = QLabel(objectName="instructHint")
        self.hint.setStyleSheet(f"color: {MUTED}")
        form.addRow(self.hint)
        self.people.changed.connect(self._hint)
        self._hint()
        self.opinion.setFocus()

    def _hint(self) -> None:
        chosen = self.people.checked()
        self.hint.setText(self.tr("Nobody chosen: the document is read and done (阅知).") if not chosen else
                          self.tr("%1 handle it in parallel; it is done when every one has reported.")
                          .replace("%1", "、".join(t.split("（")[0] for t in self.people.texts(chosen))))

    def instruct(self, opinion: str | None = None, undertakers: list[str] | None = None) -> None:
        if isinstance(opinion, str):
            self.opinion.setPlainText(opinion)
        for user_id in undertakers or ():
            self.people.check(user_id)
        d = self.detail
        self.send(lambda: InstructIncoming(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, document_id=d.document_id,
            task_id=d.my_task_id, base_version=d.my_task_version, opinion=self.opinion.toPlainText(),
            undertakers=tuple(self.people.checked())))


class SignDialog(_DocumentDialog):
    """签发: the signer reads what the draft's revisions changed, then signs or refuses."""

    def __init__(self, ctx: AppContext, detail: dq.DocumentDetail, title: str, parent: QWidget | None = None):
        super().__init__(ctx, detail, title, parent)
        self.setObjectName("documentSignDialog")
        self.resize(860, 680)
        self.approve_button = self.add_action(self.tr("Sign"), self.sign, name="signApprove", primary=True)
        self.refuse_button = self.add_action(self.tr("Do not sign"), self.refuse, name="signRefuse")
        form = self.standard_layout(f"{title}：{detail.title}")
        form.addRow(self.summary())
        self.diff = RevisionDiff(detail.revisions, self)
        self.diff.setMinimumHeight(360)
        form.addRow(self.diff)
        self.opinion = opinion_editor("signOpinion", self.tr("Opinion (required when not signing)"), 70)
        self.field("opinion", self.opinion, label=self.tr("Opinion"), form=form)

    def sign(self, opinion: str | None = None) -> None:
        self._send(True, opinion)

    def refuse(self, opinion: str | None = None) -> None:
        self._send(False, opinion)

    def _send(self, approve: bool, opinion: str | None) -> None:
        if isinstance(opinion, str):
            self.opinion.setPlainText(opinion)
        d = self.detail
        self.send(lambda: SignOutgoing(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                       document_id=d.document_id, task_id=d.my_task_id,
                                       base_version=d.my_task_version, approve=approve, opinion=self.opinion_text()))


def dialog_for(ctx: AppContext, detail: dq.DocumentDetail, title: str, parent: QWidget) -> ActionDialog:
    if detail.my_node == dflows.INSTRUCT:
        return InstructDialog(ctx, detail, title, parent)
    if detail.my_node == dflows.SIGN:
        return SignDialog(ctx, detail, title, parent)
    return StepDialog(ctx, detail, title, parent)
