"""合同鉴证: the applications of the reader's jurisdiction, searched by party (name or credit
code), 受理号 or 鉴证书编号, date of certification, amount and state; one application in the
detail pane — the contract's items, the parties, the materials (a click shows one), the
examination's findings — with what the reader may do on it now.

What the reader may do follows the flow: the detail says which task of the application's flow is
the reader's (`my_node`), and only that step's button is offered — 受理, 审查 (the checklist:
examine_dialog.py), 所长审批 or 分局审批 — besides 查看流程 (the flow drawn with its steps, and the
engine's other actions: widgets/flows/instance_dialog.py) and the printed 鉴证书 or 不予鉴证通知书.
Reads run on the pool, commands on the serial writer; the screen refreshes when the bus says
certification or flows changed (the search, the list and the pane's frame are the area's
ledger: widgets/common/ledger.py, detail_pane.py).
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from client.certification import flows as cflows
from client.certification import queries as cq
from client.certification import rules
from client.certification.rules import ApplicationState, PartyKind
from client.flows.commands import ApproveTask, RefuseTask
from client.kernel.codes import normalize_code
from widgets.app_context import AppContext
from widgets.common.detail_pane import MUTED, DetailPane, InfoGrid, group_box, rich_text, state_html
from widgets.certification.examine_dialog import ExamineDialog
from widgets.common.action_dialog import ActionDialog
from widgets.common.ledger import LedgerScreen
from widgets.common.material_preview import MaterialDialog, size_text
from widgets.common import dates
from widgets.common import formatting as fmt
from widgets.common.record_models import Column, RecordTableModel
from widgets.common.tables import fill_table, make_table
from widgets.common.tasks import failure_text

STATE_COLOURS = {ApplicationState.EXAMINING.code: "#B26A00", ApplicationState.CERTIFIED.code: "#1B5E20",
                 ApplicationState.REFUSED.code: "#C62828"}


def yuan_text(value: Decimal | None) -> str:
    """元 with thousands separators and two decimals: 1,500,000.00."""
    return "" if value is None else f"{value:,.2f}"


def parse_yuan(text: str) -> Decimal | None:
    value, problem = rules.parse_amount(text, label="")
    return None if problem else value


class ApplicationsModel(RecordTableModel):
    def columns(self) -> list[Column]:
        return [
            (self.tr("Application no."), lambda a: a.application_no),
            (self.tr("Contract"), lambda a: a.contract_title),
            (self.tr("Parties"), lambda a: a.parties),
            (self.tr("Amount (yuan)"), lambda a: yuan_text(a.amount)),
            (self.tr("State"), lambda a: a.state_label),
            (self.tr("Applied"), lambda a: fmt.datetime_text(a.applied_at)[:10]),
            (self.tr("Certificate no."), lambda a: a.certificate_no or ""),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and 0 <= index.row() < self.rowCount():
            if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
                return QColor(STATE_COLOURS.get(self.record(index.row()).state, "#1F2329"))
        return super().data(index, role)


class DecisionDialog(ActionDialog):
    """受理, 所长审批, 分局审批: the reader's task on the application's flow, decided with an opinion
    (同意 / 不同意; the flow's other actions are in 查看流程)."""

    def __init__(self, ctx: AppContext, detail: cq.ApplicationDetail, node_title: str, parent: QWidget | None = None):
        super().__init__(ctx, node_title, parent)
        self.setObjectName("certificationDecisionDialog")
        self.detail = detail
        self.resize(560, 360)
        self.approve_button = self.add_action(self.tr("Agree"), self.approve, name="decisionApprove", primary=True)
        self.refuse_button = self.add_action(self.tr("Do not agree"), self.refuse, name="decisionRefuse")
        form = self.standard_layout(f"{node_title}：{detail.contract_title}")
        summary = QLabel(self.tr("%1 · %2 yuan (%3) · %4").replace("%1", detail.application_no)
                         .replace("%2", yuan_text(detail.amount)).replace("%3", detail.amount_capital)
                         .replace("%4", " / ".join(p.name for p in detail.parties)))
        summary.setWordWrap(True)
        summary.setStyleSheet(f"color: {MUTED}")
        form.addRow(summary)
        self.opinion = QPlainTextEdit(objectName="decisionOpinion")
        self.opinion.setTabChangesFocus(True)
        self.opinion.setFixedHeight(110)
        self.opinion.setPlaceholderText(self.tr("Opinion (required when not agreeing)"))
        self.field("opinion", self.opinion, label=self.tr("Opinion"), form=form)
        self.opinion.setFocus()

    def approve(self, opinion: str | None = None) -> None:
        self._decide(ApproveTask, opinion)

    def refuse(self, opinion: str | None = None) -> None:
        self._decide(RefuseTask, opinion)

    def _decide(self, command, opinion: str | None) -> None:
        if isinstance(opinion, str):
            self.opinion.setPlainText(opinion)
        d = self.detail
        self.send_step(command, d.my_task_id, d.my_task_version, self.opinion.toPlainText().strip() or None)


class ApplicationDetailPane(DetailPane):
    """One application: its heading and actions, the contract, parties, materials and findings."""

    def __init__(self, screen: "CertificationScreen"):
        super().__init__("detailSubline")
        self.screen = screen
        # the reader's step on the application (at most one of these shows): the primary action
        self.decide_button = QPushButton(objectName="primaryButton")
        self.examine_button = QPushButton(self.tr("Examine…"), objectName="primaryButton")
        self.flow_button = QPushButton(self.tr("Flow…"), objectName="certFlow")
        self.certificate_button = QPushButton(self.tr("Print certificate…"), objectName="certCertificate")
        self.refusal_button = QPushButton(self.tr("Print refusal notice…"), objectName="certRefusal")
        self.contract = InfoGrid()
        self.contract_box = group_box(self.tr("Contract"), self.contract)
        self.parties = rich_text("certParties")
        self.parties_box = group_box(self.tr("Parties"), self.parties)
        self.materials = make_table([self.tr("Kind"), self.tr("Party"), self.tr("File"), self.tr("Size"),
                                     "SHA-256"], "certMaterials")
        self.materials.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.materials.horizontalHeader().setStretchLastSection(False)
        self.materials.setCursor(Qt.CursorShape.PointingHandCursor)
        self.materials_box = group_box(self.tr("Materials (click one to view it)"), self.materials)
        self.findings = InfoGrid()
        self.findings_box = group_box(self.tr("Examination"), self.findings)
        self.lay_out(self.tr("Select an application to see it here."),
                     [self.decide_button, self.examine_button, self.flow_button, self.certificate_button,
                      self.refusal_button],
                     [self.contract_box, self.parties_box], [self.materials_box, self.findings_box])
        self.show_detail(None)

    def _party_html(self, p: cq.PartyView) -> str:
        entity = p.kind == PartyKind.ENTITY.code
        state = ""
        if p.entity_state:
            colour = "#1B5E20" if p.entity_state == "active" else "#C62828"
            state = f" <span style='color:{colour}'>{fmt.state_text(p.entity_state)}</span>"
        facts = [(self.tr("Credit code") if entity else self.tr("Resident ID no."), p.code)]
        if p.representative:
            facts.append((self.tr("Legal representative"), p.representative))
        if p.agent:
            facts.append((self.tr("Agent"), p.agent))
        line = " · ".join(f"<span style='color:{MUTED}'>{k}</span> {v}" for k, v in facts)
        return (f"<b>{p.role}</b>&nbsp;&nbsp;{p.name}"
                f" <span style='color:{MUTED}'>（{PartyKind.label_of(p.kind)}）</span>{state}<br>{line}")

    def show_detail(self, d: cq.ApplicationDetail | None) -> None:
        self.set_shown(d is not None)
        if d is None:
            return
        parts = [self.tr("Application no. %1").replace("%1", d.application_no),
                 state_html(d.state_label, STATE_COLOURS.get(d.state, "#1F2329"))]
        if d.certificate_no:
            parts.append(self.tr("Certificate %1 of %2").replace("%1", d.certificate_no)
                         .replace("%2", fmt.date_text(d.certified_on)))
        self.set_heading(d.contract_title, parts)
        term = (f"{fmt.date_text(d.term_start)} {self.tr('to')} {fmt.date_text(d.term_end)}"
                if d.term_start or d.term_end else self.tr("No fixed term"))
        self.contract.set_rows([
            ("subject", self.tr("Subject"), d.subject),
            ("amount", self.tr("Amount"), self.tr("%1 yuan (in words: %2)").replace("%1", yuan_text(d.amount))
             .replace("%2", d.amount_capital)),
            ("term", self.tr("Term"), term),
            ("signed_place", self.tr("Place of signing"), d.signed_place),
            ("performance_place", self.tr("Place of performance"), d.performance_place),
        ])
        self.parties.setText("<br><br>".join(self._party_html(p) for p in d.parties))
        fill_table(self.materials, [
            (m.kind_label, rules.party_role(m.party_seq) if m.party_seq is not None else "", m.filename,
             size_text(m.size), m.sha256[:16] + "…") for m in d.materials])
        rows = []
        for key, text in rules.CHECKLIST:
            value = d.findings.get(key)
            if value:
                rows.append((key, text.split("：")[0], value))
        if d.refusal_reasons:
            rows.append(("refusal", self.tr("Reasons for refusal"), d.refusal_reasons))
        if not rows:
            rows.append(("none", self.tr("Findings"), self.tr("Not examined yet")))
        self.findings.set_rows(rows)
        for key, label in self.findings.values.items():
            value = d.findings.get(key, "")
            if value.startswith(rules.FINDINGS[1]) or key == "refusal":
                label.setStyleSheet("color: #C62828")
            elif value:
                label.setStyleSheet("color: #1B5E20")


class CertificationScreen(LedgerScreen):
    CHANGES = {"certification", "flows"}
    PREFIX = "cert"
    STRETCH = 1
    WIDTHS = ((0, 250), (2, 380), (3, 130), (4, 76), (5, 96), (6, 210))
    search_query = staticmethod(cq.search_applications)
    detail_query = staticmethod(cq.application_detail)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("certificationScreen")
        self.detail: cq.ApplicationDetail | None = None
        self.material_dialog: MaterialDialog | None = None
        self.start()

    # --- the ledger's parts -----------------------------------------------------------------------

    def search_placeholder(self) -> str:
        return self.tr("Party name or credit code, application or certificate no.")

    def states(self) -> list:
        return list(ApplicationState)

    def filter_widgets(self) -> list[QWidget]:
        self.date_filter = QCheckBox(self.tr("Certified between"), objectName="certDateFilter")
        today = dates.today()
        self.date_from = QDateEdit(today.addMonths(-3), objectName="certDateFrom")
        self.date_to = QDateEdit(today, objectName="certDateTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.date_filter.toggled.connect(self.date_from.setEnabled)
        self.date_filter.toggled.connect(self.date_to.setEnabled)
        self.amount_min = QLineEdit(objectName="certAmountMin")
        self.amount_max = QLineEdit(objectName="certAmountMax")
        for edit, text in ((self.amount_min, self.tr("Amount from")), (self.amount_max, self.tr("to (yuan)"))):
            edit.setPlaceholderText(text)
            edit.setMaximumWidth(120)
            edit.returnPressed.connect(self.search)
        return [self.date_filter, self.date_from, QLabel("–"), self.date_to, self.amount_min, QLabel("–"),
                self.amount_max]

    def make_model(self) -> ApplicationsModel:
        return ApplicationsModel(self)

    def make_pane(self) -> ApplicationDetailPane:
        p = ApplicationDetailPane(self)
        p.decide_button.clicked.connect(self.decide)
        p.examine_button.clicked.connect(self.examine)
        p.flow_button.clicked.connect(self.show_flow)
        p.certificate_button.clicked.connect(self.print_certificate)
        p.refusal_button.clicked.connect(self.print_refusal)
        p.materials.cellClicked.connect(lambda row, _col: self.show_material(row))
        return p

    def row_id(self, row: cq.ApplicationRow) -> str:
        return row.application_id

    def count_text(self, count: int) -> str:
        return self.tr("%1 applications").replace("%1", str(count))

    # --- reads ------------------------------------------------------------------------------------

    def filters(self) -> dict:
        """The search as the query takes it (an amount that does not parse is left out and said)."""
        out = super().filters()
        if self.date_filter.isChecked():
            out["date_from"] = dates.to_date(self.date_from.date())
            out["date_to"] = dates.to_date(self.date_to.date())
        for key, edit in (("amount_min", self.amount_min), ("amount_max", self.amount_max)):
            if edit.text().strip():
                value = parse_yuan(edit.text())
                if value is None:
                    self.banner.show_error(self.tr("The amount “%1” is not a number of yuan; it is left out "
                                                   "of the search.").replace("%1", edit.text()))
                else:
                    out[key] = value
        code = normalize_code(out["text"])
        if len(code) == 18 and code.isalnum():
            out["text"] = code  # a credit code typed with spaces or in lower case
        return out

    def search(self) -> None:
        self.banner.clear()
        super().search()

    def select(self, application_id: str) -> None:
        self.select_row(application_id)
        super().select(application_id)

    # --- what the reader may do -------------------------------------------------------------------

    def _node_title(self, node: str) -> str:
        return {cflows.ACCEPT: self.tr("Accept"), cflows.HEAD: self.tr("Head's approval"),
                cflows.DISTRICT: self.tr("Bureau's approval")}.get(node, node)

    def _update_buttons(self) -> None:
        p, d = self.pane, self.detail
        node = d.my_node if d is not None else None
        p.decide_button.setVisible(node in (cflows.ACCEPT, cflows.HEAD, cflows.DISTRICT))
        if node:
            p.decide_button.setText(self._node_title(node) + "…")
        p.examine_button.setVisible(node == cflows.EXAMINE)
        p.flow_button.setEnabled(d is not None and d.instance_id is not None)
        p.certificate_button.setVisible(d is not None and d.state == ApplicationState.CERTIFIED.code)
        p.refusal_button.setVisible(d is not None and d.state == ApplicationState.REFUSED.code)

    def _applied(self, _outcome) -> None:
        self.banner.show_success(self.tr("Done."), None)
        if self._selected_id:
            self.load_detail(self._selected_id)
        self._refresh_timer.start()

    def new_application(self):
        from widgets.certification.application_form import ApplicationDialog

        dialog = ApplicationDialog(self.ctx, self)
        dialog.form.submitted.connect(self._received)
        return self._open(dialog)

    def _received(self, result: dict) -> None:
        self._selected_id = result["application_id"]
        self.state_filter.setCurrentIndex(0)
        self.banner.show_success(self.tr("Application %1 received; it waits to be accepted.")
                                 .replace("%1", result.get("application_no") or self.tr("(number pending)")), None)
        self.refresh()

    def decide(self):
        d = self.detail
        if d is None or d.my_node not in (cflows.ACCEPT, cflows.HEAD, cflows.DISTRICT):
            return None
        return self._open(DecisionDialog(self.ctx, d, self._node_title(d.my_node), self))

    def examine(self):
        d = self.detail
        if d is None or d.my_node != cflows.EXAMINE:
            return None
        return self._open(ExamineDialog(self.ctx, d, self))

    def _flow_stepped(self) -> None:
        self._applied(None)

    # --- documents and materials ------------------------------------------------------------------

    def print_certificate(self) -> None:
        d = self.detail
        if d is not None:
            self._print(cq.certificate_pdf, d.application_id, self.tr("Certificate of contract certification"),
                        f"certificate_{(d.certificate_no or d.application_id)[-12:]}.pdf", "certificationPdfDialog")

    def print_refusal(self) -> None:
        d = self.detail
        if d is not None:
            self._print(cq.refusal_pdf, d.application_id, self.tr("Notice of refusal"),
                        f"refusal_{d.application_id[:8]}.pdf", "certificationPdfDialog")

    def show_material(self, row: int) -> MaterialDialog | None:
        d = self.detail
        if d is None or not 0 <= row < len(d.materials):
            return None
        material = d.materials[row]
        dialog = MaterialDialog(material.filename, self)
        if self.material_dialog is not None:
            self.material_dialog.deleteLater()
        self.material_dialog = dialog
        self.ctx.ops.read(cq.material_content, self.ctx.principal, material.material_id, owner=dialog,
                          done=lambda content: dialog.preview.show_material(material.filename, content,
                                                                            expected_sha256=material.sha256),
                          failed=lambda exc: dialog.preview.show_error(failure_text(exc)))
        dialog.open()
        return dialog

