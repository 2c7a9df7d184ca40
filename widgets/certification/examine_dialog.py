"""鉴证员审查: the six points of the checklist (client.certification.rules.CHECKLIST), each found
符合 or 不符合 with an optional note, the certifier's opinion, and the decision — 同意鉴证 or
不予鉴证 with reasons — sent as one ExamineContract on the examination task. The materials are
beside the checklist, so the certifier checks the contract against its scan.

The dialog is an `ActionDialog` (widgets/common/action_dialog.py), as the mediation dialogs and
the approval dialog are.
"""
from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.certification import queries as cq
from client.certification import rules
from client.certification.commands import ExamineContract
from widgets.app_context import AppContext
from widgets.common.action_dialog import ActionDialog, required_label
from widgets.common.material_preview import MaterialPreview
from widgets.common.tasks import failure_text

MUTED = "#5B6573"


class ExamineDialog(ActionDialog):
    """The examination of one application (`detail`: cq.ApplicationDetail with my_node "examine")."""

    def __init__(self, ctx: AppContext, detail, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Examine the contract"), parent)
        self.setObjectName("examineDialog")
        self.detail = detail
        self.items: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self.resize(1240, 760)
        self._material_token = 0

        heading = QLabel(detail.contract_title, objectName="dialogTitle")
        heading.setWordWrap(True)
        parties = " / ".join(p.name for p in detail.parties)
        summary = QLabel(self.tr("%1 · %2 · %3 yuan (%4)").replace("%1", detail.application_no)
                         .replace("%2", parties).replace("%3", f"{detail.amount:,.2f}")
                         .replace("%4", detail.amount_capital))
        summary.setStyleSheet(f"color: {MUTED}")
        summary.setWordWrap(True)

        checklist = QGroupBox(self.tr("Checklist"))
        grid = QGridLayout(checklist)
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        for row, (key, text) in enumerate(rules.CHECKLIST):
            point, _, explanation = text.partition("：")
            label = QLabel(f"<b>{row + 1}. {point}</b><br><span style='color:{MUTED}'>{explanation}</span>")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setMinimumWidth(260)
            combo = QComboBox(objectName=f"finding_{key}")
            for finding in rules.FINDINGS:
                combo.addItem(finding, finding)
            note = QLineEdit(objectName=f"findingNote_{key}")
            note.setMaxLength(200)
            box = self.field(f"findings.{key}", note)
            combo.currentIndexChanged.connect(lambda _i, c=combo, n=note: self._finding_changed(c, n))
            self._finding_changed(combo, note)
            self.items[key] = (combo, note)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(combo, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(box, row, 2)
        self.aliases["findings"] = "opinion"

        all_conform = QPushButton(self.tr("All conform"), objectName="linkButton")
        all_conform.setAutoDefault(False)
        all_conform.clicked.connect(self.all_conform)
        self.opinion = QPlainTextEdit(objectName="examineOpinion")
        self.opinion.setTabChangesFocus(True)
        self.opinion.setFixedHeight(96)
        self.opinion.setPlaceholderText(self.tr("The examination opinion; when refusing, the reasons "
                                                "(given to the parties in the refusal notice)"))
        opinion_box = self.field("opinion", self.opinion)
        opinion_row = QFormLayout()
        opinion_row.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        opinion_row.addRow(required_label(self.tr("Opinion"), False), opinion_box)

        self.approve_button = self.add_action(self.tr("Certify"), self.approve, name="examineApprove", primary=True)
        self.refuse_button = self.add_action(self.tr("Refuse certification"), self.refuse, name="examineRefuse")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(checklist)
        link_row = QHBoxLayout()
        link_row.addStretch(1)
        link_row.addWidget(all_conform)
        left_layout.addLayout(link_row)
        left_layout.addLayout(opinion_row)
        left_layout.addStretch(1)

        right = QGroupBox(self.tr("Materials"))
        right_layout = QVBoxLayout(right)
        self.materials = QListWidget(objectName="examineMaterials")
        self.materials.setMaximumHeight(96)
        for m in detail.materials:
            owner = rules.party_role(m.party_seq) if m.party_seq is not None else ""
            item = QListWidgetItem(" · ".join(x for x in (m.kind_label, owner, m.filename) if x))
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.materials.addItem(item)
        self.materials.currentItemChanged.connect(self._material_selected)
        self.preview = MaterialPreview()
        self.preview.setMinimumWidth(400)
        right_layout.addWidget(self.materials)
        right_layout.addWidget(self.preview, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        outer = QVBoxLayout(self)
        outer.addWidget(heading)
        outer.addWidget(summary)
        outer.addWidget(self.message)
        outer.addWidget(split, 1)
        outer.addLayout(self.finish_buttons())
        for key, value in (detail.findings or {}).items():  # examined before and sent back
            if key in self.items:
                self.set_finding(key, value)
        self.items[rules.CHECKLIST[0][0]][0].setFocus()
        if self.materials.count():
            self.materials.setCurrentRow(0)

    # --- the checklist ------------------------------------------------------------------------

    def _finding_changed(self, combo: QComboBox, note: QLineEdit) -> None:
        conforms = combo.currentData() == rules.FINDINGS[0]
        note.setPlaceholderText(self.tr("Note (optional)") if conforms
                                else self.tr("Why it does not conform"))

    def set_finding(self, key: str, value: str) -> None:
        """"符合", "不符合" or either with "：note"."""
        combo, note = self.items[key]
        finding, _, text = value.partition("：")
        index = combo.findData(finding.strip())
        combo.setCurrentIndex(index if index >= 0 else 0)
        note.setText(text.strip())

    def all_conform(self) -> None:
        for combo, _note in self.items.values():
            combo.setCurrentIndex(0)

    def findings(self) -> dict[str, str]:
        result = {}
        for key, (combo, note) in self.items.items():
            text = note.text().strip()
            result[key] = combo.currentData() + (f"：{text}" if text else "")
        return result

    # --- the decision -------------------------------------------------------------------------

    def approve(self) -> None:
        self._decide(True)

    def refuse(self) -> None:
        self._decide(False)

    def _decide(self, approve: bool) -> None:
        d = self.detail
        self.send(lambda: ExamineContract(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, application_id=d.application_id,
            task_id=d.my_task_id, base_version=d.my_task_version, findings=self.findings(), approve=approve,
            opinion=self.opinion.toPlainText().strip() or None))

    # --- the materials ------------------------------------------------------------------------

    def _material_selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            self.preview.clear()
            return
        material = item.data(Qt.ItemDataRole.UserRole)
        self._material_token += 1
        token = self._material_token
        self.preview.show_loading(material.filename)
        self.ctx.ops.read(cq.material_content, self.ctx.principal, material.material_id, owner=self,
                          done=lambda content: self._show_material(token, material, content),
                          failed=lambda exc: self._material_failed(token, exc))

    def _show_material(self, token: int, material, content: bytes) -> None:
        if token == self._material_token:
            self.preview.show_material(material.filename, content, expected_sha256=material.sha256)

    def _material_failed(self, token: int, exc: BaseException) -> None:
        if token == self._material_token:
            self.preview.show_error(failure_text(exc))
