"""合同鉴证: the applications of the reader's jurisdiction, searched by party (name or credit
code), 受理号 or 鉴证书编号, date of certification, amount and state; one application in the
detail pane — the contract's items, the parties, the materials (a click shows one), the
examination's findings — with what the reader may do on it now.

What the reader may do follows the flow: the detail says which task of the application's flow is
the reader's (`my_node`), and only that step's button is offered — 受理, 审查 (the checklist:
examine_dialog.py), 所长审批 or 分局审批 — besides 查看流程 (the flow drawn with its steps, and the
engine's other actions: widgets/flows/instance_dialog.py) and the printed 鉴证书 or 不予鉴证通知书.
Reads run on the pool, commands on the serial writer; the screen refreshes when the bus says
certification or flows changed.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.certification import flows as cflows
from client.certification import queries as cq
from client.certification import rules
from client.certification.rules import ApplicationState, PartyKind
from client.flows.commands import ApproveTask, RefuseTask
from client.kernel.codes import normalize_code
from widgets.app_context import AppContext
from widgets.certification.examine_dialog import CommandDialog, ExamineDialog
from widgets.certification.material_preview import MaterialDialog, size_text
from widgets.common import dates
from widgets.common import formatting as fmt
from widgets.common.banner import Banner
from widgets.common.record_models import Column, RecordTableModel
from widgets.common.tasks import failure_text

MUTED = "#5B6573"
STATE_COLOURS = {ApplicationState.EXAMINING.code: "#B26A00", ApplicationState.CERTIFIED.code: "#1B5E20",
                 ApplicationState.REFUSED.code: "#C62828"}
CHANGES = {"certification", "flows"}


def yuan_text(value: Decimal | None) -> str:
    """元 with thousands separators and two decimals: 1,500,000.00."""
    return "" if value is None else f"{value:,.2f}"


def parse_yuan(text: str) -> Decimal | None:
    value, problem = rules.parse_amount(text, label="")
    return None if problem else value


def make_table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(30)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    # as tall as its rows (the pane scrolls, the table does not)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader().sizeHint().height()
    rows_height = table.verticalHeader().defaultSectionSize() * max(1, len(rows))
    table.setFixedHeight(header + rows_height + 2 * table.frameWidth() + 2)


class InfoGrid(QWidget):
    """Label–value pairs in two columns, as the register's detail shows an entity."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """(key, label, value) each."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.values = {}
        for r, (key, label, value) in enumerate(rows):
            name = QLabel(label)
            name.setStyleSheet(f"color: {MUTED}")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(shown, r, 1)
            self.values[key] = shown


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


class DecisionDialog(CommandDialog):
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
        self.send(lambda: command(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                  task_id=d.my_task_id, base_version=d.my_task_version,
                                  opinion=self.opinion.toPlainText().strip() or None))


class FlowStepsDialog(QDialog):
    """The flow of an application, read only: drawn, with its steps (widgets/flows/history.py)."""

    def __init__(self, ctx: AppContext, instance_id: str, parent: QWidget | None = None):
        from widgets.flows.history import InstanceDiagram

        super().__init__(parent)
        self.setObjectName("certificationFlowDialog")
        self.setWindowTitle(self.tr("Flow"))
        self.resize(1100, 560)
        self.diagram = InstanceDiagram(self)
        self.note = QLabel(self.tr("Loading…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.diagram, 1)
        layout.addWidget(buttons)
        from client.flows import queries as fq

        ctx.ops.read(fq.instance_view, ctx.principal, instance_id, owner=self, done=self._show,
                     failed=lambda exc: self.note.setText(failure_text(exc)))

    def _show(self, view) -> None:
        from client.flows.definition import FlowDefinition

        if view is None:
            self.note.setText(self.tr("The flow is not in your jurisdiction."))
            return
        self.note.setText(view.title)
        self.diagram.show_instance(FlowDefinition.from_json(view.flow_json), set(view.current_nodes),
                                   set(view.visited_nodes), view.steps)


def open_flow(ctx: AppContext, instance_id: str, parent: QWidget, on_stepped) -> QDialog:
    """The flows area's instance dialog (its steps, and the engine's actions on the reader's task),
    or, where that is not installed, the read-only drawing with its steps."""
    try:
        from widgets.flows.instance_dialog import InstanceDialog
    except ImportError:
        dialog = FlowStepsDialog(ctx, instance_id, parent)
    else:
        dialog = InstanceDialog(ctx, instance_id, parent)
        dialog.stepped.connect(on_stepped)
    dialog.open()
    return dialog


class ApplicationDetailPane(QWidget):
    """One application: its heading and actions, the contract, parties, materials and findings."""

    def __init__(self, screen: "CertificationScreen"):
        super().__init__()
        self.screen = screen
        self.heading = QLabel(objectName="sectionTitle")
        self.heading.setWordWrap(True)
        self.subline = QLabel(objectName="detailSubline")
        self.subline.setTextFormat(Qt.TextFormat.RichText)
        self.subline.setWordWrap(True)
        self.placeholder = QLabel(self.tr("Select an application to see it here."))
        self.placeholder.setStyleSheet(f"color: {MUTED}")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QHBoxLayout()
        # the reader's step on the application (at most one of these shows): the primary action
        self.decide_button = QPushButton(objectName="primaryButton")
        self.examine_button = QPushButton(self.tr("Examine…"), objectName="primaryButton")
        self.flow_button = QPushButton(self.tr("Flow…"), objectName="certFlow")
        self.certificate_button = QPushButton(self.tr("Print certificate…"), objectName="certCertificate")
        self.refusal_button = QPushButton(self.tr("Print refusal notice…"), objectName="certRefusal")
        buttons.addStretch(1)
        for b in (self.decide_button, self.examine_button, self.flow_button, self.certificate_button,
                  self.refusal_button):
            buttons.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)

        self.contract_box = QGroupBox(self.tr("Contract"))
        self.contract = InfoGrid()
        QVBoxLayout(self.contract_box).addWidget(self.contract)
        self.parties_box = QGroupBox(self.tr("Parties"))
        self.parties = QLabel(objectName="certParties")
        self.parties.setTextFormat(Qt.TextFormat.RichText)
        self.parties.setWordWrap(True)
        self.parties.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.parties_box).addWidget(self.parties)
        self.materials_box = QGroupBox(self.tr("Materials (click one to view it)"))
        self.materials = make_table([self.tr("Kind"), self.tr("Party"), self.tr("File"), self.tr("Size"),
                                     "SHA-256"], "certMaterials")
        self.materials.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.materials.horizontalHeader().setStretchLastSection(False)
        self.materials.setCursor(Qt.CursorShape.PointingHandCursor)
        QVBoxLayout(self.materials_box).addWidget(self.materials)
        self.findings_box = QGroupBox(self.tr("Examination"))
        self.findings = InfoGrid()
        QVBoxLayout(self.findings_box).addWidget(self.findings)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subline)
        head.addLayout(titles, 1)
        head.addLayout(buttons)
        content.addLayout(head)
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.contract_box)
        left.addWidget(self.parties_box)
        left.addStretch(1)
        right.addWidget(self.materials_box)
        right.addWidget(self.findings_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        content.addLayout(columns)
        content.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(8, 0, 8, 8)
        inner_layout.addWidget(self.placeholder, 1)
        inner_layout.addWidget(self.content)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
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
        self.placeholder.setVisible(d is None)
        self.content.setVisible(d is not None)
        if d is None:
            return
        self.heading.setText(d.contract_title)
        colour = STATE_COLOURS.get(d.state, "#1F2329")
        parts = [self.tr("Application no. %1").replace("%1", d.application_no),
                 f"<b style='color:{colour}'>{d.state_label}</b>"]
        if d.certificate_no:
            parts.append(self.tr("Certificate %1 of %2").replace("%1", d.certificate_no)
                         .replace("%2", fmt.date_text(d.certified_on)))
        self.subline.setText(" · ".join(parts))
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


class CertificationScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("certificationScreen")
        self.ctx = ctx
        self.rows: list[cq.ApplicationRow] = []
        self.detail: cq.ApplicationDetail | None = None
        self.dialog: QDialog | None = None  # the action dialog open now
        self.pdf_dialog = None
        self.material_dialog: MaterialDialog | None = None
        self._selected_id: str | None = None
        self._list_token = self._detail_token = 0
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.search()

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_box = QLineEdit(objectName="certSearch")
        self.search_box.setPlaceholderText(self.tr("Party name or credit code, application or certificate no."))
        self.search_box.returnPressed.connect(self.search)
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
        self.state_filter = QComboBox(objectName="certStateFilter")
        self.state_filter.addItem(self.tr("All states"), None)
        for state in ApplicationState:
            self.state_filter.addItem(state.label, state.code)
        self.state_filter.currentIndexChanged.connect(self.search)
        search_button = QPushButton(self.tr("Search"), objectName="certSearchButton")
        search_button.clicked.connect(self.search)
        self.new_button = QPushButton(self.tr("New application…"), objectName="primaryButton")
        self.new_button.clicked.connect(self.new_application)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.date_filter)
        top.addWidget(self.date_from)
        top.addWidget(QLabel("–"))
        top.addWidget(self.date_to)
        top.addWidget(self.amount_min)
        top.addWidget(QLabel("–"))
        top.addWidget(self.amount_max)
        top.addWidget(self.state_filter)
        top.addWidget(search_button)
        top.addSpacing(12)
        top.addWidget(self.new_button)
        outer.addLayout(top)
        self.banner = Banner(self)
        outer.addWidget(self.banner)

        self.model = ApplicationsModel(self)
        self.table = QTableView(objectName="certTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 250), (2, 380), (3, 130), (4, 76), (5, 96), (6, 210)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(self._row_selected)
        self.count_label = QLabel(objectName="certCount")
        self.count_label.setStyleSheet(f"color: {MUTED}")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        self.pane = ApplicationDetailPane(self)
        p = self.pane
        p.decide_button.clicked.connect(self.decide)
        p.examine_button.clicked.connect(self.examine)
        p.flow_button.clicked.connect(self.show_flow)
        p.certificate_button.clicked.connect(self.print_certificate)
        p.refusal_button.clicked.connect(self.print_refusal)
        p.materials.cellClicked.connect(lambda row, _col: self.show_material(row))

        # the list above, the application below (as the inspection plans show a plan's entities)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(self.pane)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setChildrenCollapsible(False)
        self.split = split
        self._sized = False
        outer.addWidget(split, 1)
        self._update_buttons()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._sized:  # the first time it has a height: a few rows of the list, the rest the detail
            self._sized = True
            height = max(self.split.height(), 600)
            self.split.setSizes([min(260, height // 3), height - min(260, height // 3)])

    # --- reads ------------------------------------------------------------------------------------

    def _read(self, fn, *args, done, **kwargs) -> None:
        """A read on the pool; a failure is shown in the banner."""
        self.ctx.ops.read(fn, *args, owner=self, done=done,
                          failed=lambda exc: self.banner.show_error(failure_text(exc)), **kwargs)

    def filters(self) -> dict:
        """The search as the query takes it (an amount that does not parse is left out and said)."""
        out = {"text": self.search_box.text().strip(), "state": self.state_filter.currentData()}
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
        self._list_token += 1
        token = self._list_token
        self._read(cq.search_applications, self.ctx.principal, **self.filters(),
                   done=lambda rows: self._show_rows(rows) if token == self._list_token else None)

    def refresh(self) -> None:
        self.search()
        if self._selected_id:
            self.load_detail(self._selected_id)

    def _on_changed(self, changes: frozenset) -> None:
        if CHANGES & set(changes):
            self._refresh_timer.start()  # once for a burst of changes

    def _show_rows(self, rows: list) -> None:
        self.rows = rows
        selected = self._selected_id
        self.table.selectionModel().blockSignals(True)
        self.model.set_records(rows)
        self.table.selectionModel().blockSignals(False)
        self.count_label.setText(self.tr("%1 applications").replace("%1", str(len(rows))))
        for r, row in enumerate(rows):
            if row.application_id == selected:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(r)
                self.table.selectionModel().blockSignals(False)
                break

    def _row_selected(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.select(self.rows[rows[0].row()].application_id)

    def select(self, application_id: str) -> None:
        self._selected_id = application_id
        for r, row in enumerate(self.rows):
            if row.application_id == application_id and not self.table.selectionModel().isRowSelected(r, QModelIndex()):
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(r)
                self.table.selectionModel().blockSignals(False)
        self.load_detail(application_id)

    def load_detail(self, application_id: str) -> None:
        self._detail_token += 1
        token = self._detail_token
        self._read(cq.application_detail, self.ctx.principal, application_id,
                   done=lambda d: self._show_detail(d) if token == self._detail_token else None)

    def _show_detail(self, detail: cq.ApplicationDetail) -> None:
        self.detail = detail
        self.pane.show_detail(detail)
        self._update_buttons()

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

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.deleteLater()  # the previous one, long closed
        self.dialog = dialog
        if isinstance(dialog, CommandDialog):
            dialog.applied.connect(self._applied)
        dialog.open()
        return dialog

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

    def show_flow(self):
        d = self.detail
        if d is None or d.instance_id is None:
            return None
        dialog = open_flow(self.ctx, d.instance_id, self, lambda *_: self._applied(None))
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        return dialog

    # --- documents and materials ------------------------------------------------------------------

    def print_certificate(self) -> None:
        d = self.detail
        if d is not None:
            self._pdf(cq.certificate_pdf, d, self.tr("Certificate of contract certification"),
                      f"certificate_{(d.certificate_no or d.application_id)[-12:]}.pdf")

    def print_refusal(self) -> None:
        d = self.detail
        if d is not None:
            self._pdf(cq.refusal_pdf, d, self.tr("Notice of refusal"), f"refusal_{d.application_id[:8]}.pdf")

    def _pdf(self, fn, detail, title: str, name: str) -> None:
        def show(pdf: bytes) -> None:
            from widgets.common.pdf_dialog import PdfPreviewDialog

            dialog = PdfPreviewDialog(pdf, title=title, suggested_name=name, parent=self)
            dialog.setObjectName("certificationPdfDialog")
            if self.pdf_dialog is not None:
                self.pdf_dialog.deleteLater()
            self.pdf_dialog = dialog
            dialog.open()

        self._read(fn, self.ctx.principal, detail.application_id, done=show)

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

