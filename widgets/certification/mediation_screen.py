"""合同争议调解: the cases of the reader's office, searched by party, case no. or contract and by
state; one case in the detail pane — the parties, the dispute, the day by which it must be
accepted or refused (受理期限: 5 working days), the mediators, the sessions with their records,
and the outcome — with the step the reader may take now:

  新建申请 → ApplyForMediation; 受理 (one or two mediators of the office) → AcceptMediation;
  不予受理 (a reason of rules.MediationRefusal, and a note) → RefuseMediation;
  记录调解 (date, place, record) → RecordMediationSession; 结案 (an agreement, or a referral to
  arbitration or court) → ConcludeMediation; 打印 the agreement, the termination notice, or the
  不予受理通知书 of a refused application.

Which of these is offered follows the case's flow (the reader's task: `my_node`) and its state;
the service judges again and its refusal is shown at the dialog's field. The search, the list
and the pane's frame are the area's ledger (widgets/common/ledger.py, detail_pane.py).
"""
from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from client.certification import flows as cflows
from client.certification import queries as cq
from client.certification import rules
from client.certification.commands import (
    AcceptMediation,
    ApplyForMediation,
    ConcludeMediation,
    RecordMediationSession,
    RefuseMediation,
)
from client.certification.rules import MediationRefusal, MediationState, Referral
from client.kernel.clock import beijing_today
from client.kernel.types import new_id
from widgets.app_context import AppContext
from widgets.certification.certification_screen import yuan_text
from widgets.common.detail_pane import MUTED, DetailPane, InfoGrid, group_box, rich_text, state_html
from widgets.common.action_dialog import ActionDialog
from widgets.common.ledger import LedgerScreen
from widgets.common import dates
from widgets.common import formatting as fmt
from widgets.common.record_models import Column, RecordTableModel
from widgets.common.tasks import failure_text

STATE_COLOURS = {MediationState.APPLIED.code: "#B26A00", MediationState.MEDIATING.code: "#1F5FBF",
                 MediationState.SETTLED.code: "#1B5E20", MediationState.FAILED.code: "#6D4C41",
                 MediationState.REFUSED.code: "#C62828"}
CLOSED = {MediationState.SETTLED.code, MediationState.FAILED.code}
# the states with a printed document: the outcome of a concluded case, the refusal notice
PRINTABLE = CLOSED | {MediationState.REFUSED.code}


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(dates.today(), objectName=name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMaximumDate(dates.today())
    return edit


def _text_edit(name: str, height: int, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(objectName=name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    edit.setPlaceholderText(placeholder)
    return edit


class CasesModel(RecordTableModel):
    def columns(self) -> list[Column]:
        return [
            (self.tr("Case no."), lambda c: c.case_no),
            (self.tr("Applicant"), lambda c: c.applicant),
            (self.tr("Respondent"), lambda c: c.respondent),
            (self.tr("Contract"), lambda c: c.contract_title),
            (self.tr("State"), lambda c: c.state_label),
            (self.tr("Applied"), lambda c: fmt.date_text(c.applied_on)),
            (self.tr("Accept by"), lambda c: fmt.date_text(c.accept_by)),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and 0 <= index.row() < self.rowCount():
            case = self.record(index.row())
            if index.column() == 4:
                return QColor(STATE_COLOURS.get(case.state, "#1F2329"))
            if index.column() == 6 and case.state == MediationState.APPLIED.code and case.accept_by < beijing_today():
                return QColor("#C62828")  # the time to accept or refuse has passed
        return super().data(index, role)


# --- the dialogs ---------------------------------------------------------------------------------


class MediationApplicationDialog(ActionDialog):
    """合同争议调解申请: who applies against whom, over which contract, about what."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("New application for mediation"), parent)
        self.setObjectName("mediationApplicationDialog")
        self.resize(640, 560)
        # one id for the dialog: a refused submission stores nothing, so a retry may use it again
        self.case_id = new_id()
        self.add_action(self.tr("Submit"), self.submit, name="mediationSubmit", primary=True)
        form = self.standard_layout(self.tr("Application for mediation of a contract dispute"))
        self.applicant = QLineEdit(objectName="mediationApplicant")
        self.respondent = QLineEdit(objectName="mediationRespondent")
        self.contract_title = QLineEdit(objectName="mediationContract")
        self.dispute = _text_edit("mediationDispute", 120, self.tr("What the parties disagree about, and what "
                                                                   "the applicant asks for"))
        self.claim = QLineEdit(objectName="mediationClaim")
        self.claim.setPlaceholderText(self.tr("yuan, optional"))
        self.applied_on = _date_edit("mediationAppliedOn")
        for edit in (self.applicant, self.respondent, self.contract_title):
            edit.setMaxLength(100)
        self.field("applicant", self.applicant, label=self.tr("Applicant"), form=form, required=True)
        self.field("respondent", self.respondent, label=self.tr("Respondent"), form=form, required=True)
        self.field("contract_title", self.contract_title, label=self.tr("Contract"), form=form, required=True)
        self.field("dispute", self.dispute, label=self.tr("Dispute"), form=form, required=True)
        self.field("claim_amount", self.claim, label=self.tr("Amount in dispute (yuan)"), form=form)
        self.field("applied_on", self.applied_on, label=self.tr("Applied on"), form=form, required=True)
        self.applicant.setFocus()

    def submit(self) -> None:
        self.send(lambda: ApplyForMediation(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, case_id=self.case_id,
            applicant=self.applicant.text(), respondent=self.respondent.text(),
            contract_title=self.contract_title.text(), dispute=self.dispute.toPlainText(),
            claim_amount=self.claim.text().strip() or None, applied_on=dates.to_date(self.applied_on.date())))


class AcceptDialog(ActionDialog):
    """受理: one or two mediators of the office (the reader first: who accepts often mediates)."""

    def __init__(self, ctx: AppContext, detail: cq.MediationDetail, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Accept the application"), parent)
        self.setObjectName("mediationAcceptDialog")
        self.detail = detail
        self.resize(560, 480)
        self.add_action(self.tr("Accept"), self.accept_case, name="mediationAccept", primary=True)
        form = self.standard_layout(self.tr("Accept: %1").replace("%1", detail.contract_title))
        note = QLabel(self.tr("Choose one or two mediators (at most %1).").replace("%1",
                                                                                    str(rules.SETTINGS.mediators_max)))
        note.setStyleSheet(f"color: {MUTED}")
        form.addRow(note)
        self.mediators = QListWidget(objectName="mediationMediators")
        self.mediators.setMinimumHeight(180)
        self.field("mediators", self.mediators, label=self.tr("Mediators"), form=form, required=True)
        self.opinion = _text_edit("mediationAcceptOpinion", 70)
        self.field("opinion", self.opinion, label=self.tr("Opinion"), form=form)
        me = ctx.principal
        self._add_person(me.user_id, self.tr("%1 (me)").replace("%1", me.full_name))
        from client.flows import queries as fq

        ctx.ops.read(fq.colleagues, ctx.principal, owner=self, done=self._show_colleagues,
                     failed=lambda exc: self.show_refusal(failure_text(exc)))

    def _add_person(self, user_id: str, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, user_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.mediators.addItem(item)

    def _show_colleagues(self, colleagues) -> None:
        for c in colleagues:
            self._add_person(c.user_id, f"{c.full_name}（{c.username}）")

    def check(self, user_ids: set[str]) -> None:
        for i in range(self.mediators.count()):
            item = self.mediators.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in user_ids
                               else Qt.CheckState.Unchecked)

    def chosen(self) -> tuple[str, ...]:
        return tuple(self.mediators.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.mediators.count())
                     if self.mediators.item(i).checkState() == Qt.CheckState.Checked)

    def accept_case(self) -> None:
        d = self.detail
        self.send(lambda: AcceptMediation(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, case_id=d.case_id,
            task_id=d.my_task_id, base_version=d.my_task_version, mediators=self.chosen(),
            opinion=self.opinion.toPlainText().strip() or None))


class RefuseDialog(ActionDialog):
    """不予受理: why (the 调解办法's grounds), and a note."""

    def __init__(self, ctx: AppContext, detail: cq.MediationDetail, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Refuse the application"), parent)
        self.setObjectName("mediationRefuseDialog")
        self.detail = detail
        self.resize(560, 340)
        self.add_action(self.tr("Refuse"), self.refuse, name="mediationRefuse", primary=True)
        form = self.standard_layout(self.tr("Refuse: %1").replace("%1", detail.contract_title))
        self.reason = QComboBox(objectName="mediationRefusal")
        for reason in MediationRefusal:
            self.reason.addItem(reason.label, reason.code)
        self.note = _text_edit("mediationRefusalNote", 90, self.tr("Required for “other”"))
        self.field("refusal", self.reason, label=self.tr("Reason"), form=form, required=True)
        self.field("note", self.note, label=self.tr("Note"), form=form)

    def refuse(self) -> None:
        d = self.detail
        self.send(lambda: RefuseMediation(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, case_id=d.case_id,
            task_id=d.my_task_id, base_version=d.my_task_version, refusal=self.reason.currentData(),
            note=self.note.toPlainText().strip() or None))


class SessionDialog(ActionDialog):
    """调解笔录: one session, when and where, and what was said and agreed."""

    def __init__(self, ctx: AppContext, detail: cq.MediationDetail, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Record a mediation session"), parent)
        self.setObjectName("mediationSessionDialog")
        self.detail = detail
        self.resize(640, 480)
        self.add_action(self.tr("Record"), self.record_session, name="mediationRecord", primary=True)
        form = self.standard_layout(self.tr("Session: %1").replace("%1", detail.contract_title))
        self.held_on = _date_edit("mediationHeldOn")
        self.held_on.setMinimumDate(dates.to_qdate(detail.applied_on))
        self.place = QLineEdit(objectName="mediationPlace")
        self.place.setMaxLength(100)
        self.record = _text_edit("mediationRecordText", 200, self.tr("Who attended, what each side said, "
                                                                     "what was proposed and agreed"))
        self.field("held_on", self.held_on, label=self.tr("Held on"), form=form, required=True)
        self.field("place", self.place, label=self.tr("Place"), form=form, required=True)
        self.field("record", self.record, label=self.tr("Record"), form=form, required=True)
        self.place.setFocus()

    def record_session(self) -> None:
        d = self.detail
        self.send(lambda: RecordMediationSession(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, case_id=d.case_id,
            session_id=new_id(), held_on=dates.to_date(self.held_on.date()), place=self.place.text(),
            record=self.record.toPlainText()))


class ConcludeDialog(ActionDialog):
    """结案: settled with an agreement (three copies, one archived), or failed and the parties told
    to go to arbitration or court."""

    def __init__(self, ctx: AppContext, detail: cq.MediationDetail, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Conclude the mediation"), parent)
        self.setObjectName("mediationConcludeDialog")
        self.detail = detail
        self.resize(640, 480)
        self.add_action(self.tr("Conclude"), self.conclude, name="mediationConclude", primary=True)
        form = self.standard_layout(self.tr("Conclude: %1").replace("%1", detail.contract_title))
        self.settled = QRadioButton(self.tr("Settled: the parties reached an agreement"), objectName="mediationSettled")
        self.failed = QRadioButton(self.tr("Not settled: refer the parties"), objectName="mediationFailed")
        group = QButtonGroup(self)
        group.addButton(self.settled)
        group.addButton(self.failed)
        self.settled.setChecked(True)
        outcome = QWidget()
        row = QVBoxLayout(outcome)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.settled)
        row.addWidget(self.failed)
        form.addRow(QLabel(self.tr("Outcome")), outcome)
        self.agreement = _text_edit("mediationAgreement", 180, self.tr("The terms agreed, as the agreement "
                                                                       "will print them"))
        self.referral = QComboBox(objectName="mediationReferral")
        for referral in Referral:
            self.referral.addItem(referral.label, referral.code)
        self.field("agreement", self.agreement, label=self.tr("Agreement"), form=form, required=True)
        self.field("referral", self.referral, label=self.tr("Referral"), form=form, required=True)
        self.aliases["record"] = ""  # "no session recorded yet" goes above the fields
        self.settled.toggled.connect(self._outcome_changed)
        self._outcome_changed(True)

    def _outcome_changed(self, settled: bool) -> None:
        self.agreement.setEnabled(settled)
        self.referral.setEnabled(not settled)

    def conclude(self) -> None:
        d = self.detail
        settled = self.settled.isChecked()
        self.send(lambda: ConcludeMediation(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, case_id=d.case_id,
            task_id=d.my_task_id, base_version=d.my_task_version, settled=settled,
            agreement=self.agreement.toPlainText() if settled else None,
            referral=None if settled else self.referral.currentData()))


# --- the screen -----------------------------------------------------------------------------------


class MediationDetailPane(DetailPane):
    def __init__(self):
        super().__init__("mediationSubline")
        self.accept_button = QPushButton(self.tr("Accept…"), objectName="primaryButton")
        self.refuse_button = QPushButton(self.tr("Refuse…"), objectName="mediationRefuseButton")
        self.session_button = QPushButton(self.tr("Record session…"), objectName="mediationSessionButton")
        self.conclude_button = QPushButton(self.tr("Conclude…"), objectName="mediationConcludeButton")
        self.flow_button = QPushButton(self.tr("Flow…"), objectName="mediationFlowButton")
        self.print_button = QPushButton(self.tr("Print…"), objectName="mediationPrintButton")
        self.case = InfoGrid()
        self.case_box = group_box(self.tr("Case"), self.case)
        # each session a heading line and its record in full (a table cell would cut it)
        self.sessions = rich_text("mediationSessions")
        self.sessions_box = group_box(self.tr("Sessions"), self.sessions)
        self.outcome = InfoGrid()
        self.outcome_box = group_box(self.tr("Outcome"), self.outcome)
        self.lay_out(self.tr("Select a case to see it here."),
                     [self.accept_button, self.refuse_button, self.session_button, self.conclude_button,
                      self.flow_button, self.print_button],
                     [self.case_box], [self.sessions_box, self.outcome_box])
        self.show_detail(None)

    def show_detail(self, d: cq.MediationDetail | None) -> None:
        self.set_shown(d is not None)
        if d is None:
            return
        late = d.state == MediationState.APPLIED.code and d.accept_by < beijing_today()
        deadline = self.tr("Accept by %1").replace("%1", fmt.date_text(d.accept_by))
        self.set_heading(d.contract_title, [
            self.tr("Case no. %1").replace("%1", d.case_no),
            state_html(d.state_label, STATE_COLOURS.get(d.state, "#1F2329")),
            f"<span style='color:#C62828'><b>{deadline}</b></span>" if late else deadline])
        self.case.set_rows([
            ("applicant", self.tr("Applicant"), d.applicant),
            ("respondent", self.tr("Respondent"), d.respondent),
            ("contract", self.tr("Contract"), d.contract_title),
            ("dispute", self.tr("Dispute"), d.dispute),
            ("claim", self.tr("Amount in dispute"),
             self.tr("%1 yuan").replace("%1", yuan_text(d.claim_amount)) if d.claim_amount is not None else "—"),
            ("applied_on", self.tr("Applied on"), fmt.date_text(d.applied_on)),
            ("mediators", self.tr("Mediators"), "、".join(d.mediators) or "—"),
        ])
        # (the tr() calls stay outside the f-strings: lupdate does not look inside them)
        recorded_by = self.tr("recorded by %1")
        none_yet = self.tr("No session recorded yet.")
        self.sessions.setText("<br><br>".join(
            f"<b>{fmt.date_text(s.held_on)}</b> · {html.escape(s.place)} · "
            f"<span style='color:{MUTED}'>{html.escape(recorded_by.replace('%1', s.recorded_by))}</span>"
            f"<br>{html.escape(s.record).replace(chr(10), '<br>')}" for s in d.sessions)
            or f"<span style='color:{MUTED}'>{none_yet}</span>")
        self.sessions_box.setVisible(bool(d.sessions) or d.state == MediationState.MEDIATING.code)
        rows = []
        if d.refusal_label:
            rows.append(("refusal", self.tr("Not accepted"), d.refusal_label + (f"：{d.refusal_note}"
                                                                              if d.refusal_note else "")))
        if d.agreement:
            rows.append(("agreement", self.tr("Agreement"), d.agreement))
        if d.referral_label:
            rows.append(("referral", self.tr("Not settled; the parties are told to"), d.referral_label))
        if d.concluded_on:
            rows.append(("concluded_on", self.tr("Concluded on"), fmt.date_text(d.concluded_on)))
        self.outcome.set_rows(rows)
        self.outcome_box.setVisible(bool(rows))


class MediationScreen(LedgerScreen):
    CHANGES = {"mediation", "flows"}
    PREFIX = "mediation"
    STRETCH = 3
    WIDTHS = ((0, 200), (1, 300), (2, 300), (4, 80), (5, 96), (6, 96))
    search_query = staticmethod(cq.mediation_cases)
    detail_query = staticmethod(cq.mediation_detail)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("mediationScreen")
        self.detail: cq.MediationDetail | None = None
        self.start()

    # --- the ledger's parts ----------------------------------------------------------------------

    def search_placeholder(self) -> str:
        return self.tr("Applicant, respondent, case no. or contract")

    def states(self) -> list:
        return list(MediationState)

    def make_model(self) -> CasesModel:
        return CasesModel(self)

    def make_pane(self) -> MediationDetailPane:
        p = MediationDetailPane()
        p.accept_button.clicked.connect(self.accept_case)
        p.refuse_button.clicked.connect(self.refuse_case)
        p.session_button.clicked.connect(self.record_session)
        p.conclude_button.clicked.connect(self.conclude)
        p.flow_button.clicked.connect(self.show_flow)
        p.print_button.clicked.connect(self.print_outcome)
        return p

    def row_id(self, row: cq.MediationRow) -> str:
        return row.case_id

    def count_text(self, count: int) -> str:
        return self.tr("%1 cases").replace("%1", str(count))

    def _update_buttons(self) -> None:
        p, d = self.pane, self.detail
        node = d.my_node if d is not None else None
        p.accept_button.setVisible(node == cflows.MEDIATION_ACCEPT)
        p.refuse_button.setVisible(node == cflows.MEDIATION_ACCEPT)
        p.session_button.setVisible(d is not None and d.state == MediationState.MEDIATING.code)
        p.conclude_button.setVisible(node == cflows.MEDIATE)
        p.flow_button.setEnabled(d is not None and d.instance_id is not None)
        p.print_button.setVisible(d is not None and d.state in PRINTABLE)
        if d is not None and d.state == MediationState.SETTLED.code:
            p.print_button.setText(self.tr("Print agreement…"))
        elif d is not None and d.state == MediationState.FAILED.code:
            p.print_button.setText(self.tr("Print termination notice…"))
        elif d is not None and d.state == MediationState.REFUSED.code:
            p.print_button.setText(self.tr("Print refusal notice…"))

    # --- actions ---------------------------------------------------------------------------------

    def _applied(self, outcome) -> None:
        self.banner.show_success(self.tr("Done."), None)
        if case_no := (outcome.result or {}).get("case_no"):
            self.banner.show_success(self.tr("Application received, case no. %1.").replace("%1", case_no), None)
        self.refresh()

    def new_application(self):
        dialog = MediationApplicationDialog(self.ctx, self)
        # before the screen's own handler (connected in _open), which reloads the selection
        dialog.applied.connect(lambda _o: self._select_new(dialog.case_id))
        return self._open(dialog)

    def _select_new(self, case_id: str) -> None:
        self.state_filter.blockSignals(True)
        self.state_filter.setCurrentIndex(0)
        self.state_filter.blockSignals(False)
        self._selected_id = case_id

    def accept_case(self):
        if self.detail is not None and self.detail.my_node == cflows.MEDIATION_ACCEPT:
            return self._open(AcceptDialog(self.ctx, self.detail, self))
        return None

    def refuse_case(self):
        if self.detail is not None and self.detail.my_node == cflows.MEDIATION_ACCEPT:
            return self._open(RefuseDialog(self.ctx, self.detail, self))
        return None

    def record_session(self):
        if self.detail is not None and self.detail.state == MediationState.MEDIATING.code:
            return self._open(SessionDialog(self.ctx, self.detail, self))
        return None

    def conclude(self):
        if self.detail is not None and self.detail.my_node == cflows.MEDIATE:
            return self._open(ConcludeDialog(self.ctx, self.detail, self))
        return None

    def print_outcome(self) -> None:
        d = self.detail
        if d is None or d.state not in PRINTABLE:
            return
        if d.state == MediationState.SETTLED.code:
            title = self.tr("Mediation agreement")
        elif d.state == MediationState.FAILED.code:
            title = self.tr("Notice of terminated mediation")
        else:
            title = self.tr("Notice of refusal to accept")
        self._print(cq.mediation_pdf, d.case_id, title, f"mediation_{d.case_id[:8]}.pdf", "mediationPdfDialog")
