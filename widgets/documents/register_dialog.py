"""收文登记: a document received — who sent it and its number, its title, 密级 and period, urgency,
the day it came, its pages, the scans or PDFs (previewed here; stored with their SHA-256) and the
entities or cases it concerns. Each field is judged when the clerk leaves it (the number's form
at once, a file when it is added) and all of them again on 登记, by the same rules the service
applies (client/documents/checks.py); a refusal shows at its field, and what was typed stays.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.documents import rules
from client.documents.checks import Attachment, Incoming
from client.documents.commands import register_command
from client.documents.rules import Classification, Urgency
from client.kernel.attachments import HEAD
from client.kernel.clock import beijing_today
from client.kernel.types import new_id
from widgets.app_context import AppContext
from widgets.common import dates
from widgets.common.action_dialog import ActionDialog
from widgets.common.material_preview import MaterialPreview, size_text
from widgets.documents.pickers import KindChoice


class RegisterDialog(ActionDialog):
    registered = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Register an incoming document"), parent)
        self.setObjectName("documentRegisterDialog")
        self.resize(1100, 720)
        self.document_id = new_id()  # one id for every try: a retry after a refusal is the same document
        self.attachments: list[Attachment] = []
        self.submit_button = self.add_action(self.tr("Register"), self.submit, name="registerSubmit", primary=True)
        form = self.standard_layout(self.tr("Register an incoming document"))
        self.sender = QLineEdit(objectName="regSender")
        self.sender.setPlaceholderText(self.tr("e.g. 广州市市场监督管理局"))
        self.field("sender", self.sender, label=self.tr("Sender"), form=form, required=True)
        self.doc_number = QLineEdit(objectName="regNumber")
        self.doc_number.setPlaceholderText(self.tr("e.g. 穗市监〔2026〕88号"))
        self.field("doc_number", self.doc_number, label=self.tr("Sender's number"), form=form, required=True)
        self.doc_number.editingFinished.connect(self._number_left)
        self.title = QLineEdit(objectName="regTitle")
        self.field("title", self.title, label=self.tr("Title"), form=form, required=True)
        self.kind = KindChoice("regKind", self.title)
        self.field("kind", self.kind, label=self.tr("Document type"), form=form)
        secrecy = QWidget()
        row = QHBoxLayout(secrecy)
        row.setContentsMargins(0, 0, 0, 0)
        self.classification = QComboBox(objectName="regClassification")
        for c in Classification:
            self.classification.addItem(c.label, c.code)
        self.secret_years = QSpinBox(objectName="regSecretYears")
        self.secret_years.setRange(0, 20)
        self.secret_years.setSuffix(self.tr(" years"))
        self.secret_years.setSpecialValueText(self.tr("(no period)"))
        self.classification.currentIndexChanged.connect(self._classification_changed)
        self.urgency = QComboBox(objectName="regUrgency")
        for u in (Urgency.NORMAL, Urgency.URGENT, Urgency.TOP):
            self.urgency.addItem(u.label, u.code)
        row.addWidget(self.classification)
        row.addWidget(self.secret_years)
        row.addSpacing(16)
        row.addWidget(self.urgency)
        row.addStretch(1)
        self.field("classification", secrecy, label=self.tr("Classification, urgency"), form=form)
        self.aliases.update({"secret_period": "classification", "urgency": "classification"})
        # the service names each file and related item by its place; they show under their field
        self.aliases.update({f"attachments.{i}": "attachments" for i in range(rules.SETTINGS.attachments_max + 1)})
        self.aliases.update({f"related.{i}": "related" for i in range(50)})
        self.received_on = QDateEdit(dates.today(), objectName="regReceived")
        self.received_on.setCalendarPopup(True)
        self.received_on.setDisplayFormat("yyyy-MM-dd")
        self.field("received_on", self.received_on, label=self.tr("Received on"), form=form, required=True)
        self.page_count = QSpinBox(objectName="regPages")
        self.page_count.setRange(0, 9999)
        self.page_count.setSpecialValueText(self.tr("(not counted)"))
        self.field("page_count", self.page_count, label=self.tr("Pages"), form=form)
        self.related = QLineEdit(objectName="regRelated")
        self.related.setPlaceholderText(self.tr("Credit codes or case numbers, separated by spaces"))
        self.field("related", self.related, label=self.tr("Related"), form=form)
        files = QWidget()
        files_row = QHBoxLayout(files)
        files_row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.file_list = QListWidget(objectName="regFiles")
        self.file_list.currentRowChanged.connect(self._file_selected)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("Add files…"), objectName="regAddFiles")
        add.clicked.connect(self.choose_files)
        remove = QPushButton(self.tr("Remove"), objectName="regRemoveFile")
        remove.clicked.connect(self.remove_selected)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        left.addWidget(self.file_list, 1)
        left.addLayout(buttons)
        self.preview = MaterialPreview()
        files_row.addLayout(left, 2)
        files_row.addWidget(self.preview, 3)
        files.setMinimumHeight(260)
        self.field("attachments", files, label=self.tr("Scans and PDFs"), form=form)
        self._classification_changed()
        self.sender.setFocus()

    # --- judging fields as they are left ------------------------------------------------------

    def _number_left(self) -> None:
        text = self.doc_number.text()
        if not text.strip():
            return
        number, problem = rules.parse_number(text, label=rules.INCOMING_NUMBER)
        if problem:
            self.fields["doc_number"].show_error(problem)
        else:
            self.fields["doc_number"].clear_message()
            self.doc_number.setText(str(number))  # the brackets as the standard writes them

    def _classification_changed(self, *_args) -> None:
        code = self.classification.currentData()
        secret = code != Classification.NONE.code
        self.secret_years.setEnabled(secret)
        if secret:
            top = rules.SECRET_PERIOD_MAX[code]
            self.secret_years.setRange(1, top)
            self.secret_years.setValue(top)
        else:
            self.secret_years.setRange(0, 0)

    # --- files ------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add scans or PDFs"), str(Path.home()),
                                                self.tr("PDF and images (*.pdf *.png *.jpg *.jpeg)"))
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        """Each file judged as it is added (by its size and first bytes: a file too large is not
        even read); those refused are said at the field, the others listed."""
        problems = []
        for path in map(Path, paths):
            try:
                size = path.stat().st_size
                with path.open("rb") as f:
                    head = f.read(HEAD)
                problem = rules.attachment_problem_of(path.name, "", size, head)
                if problem is None:
                    self._add(Attachment(path.name, path.read_bytes()))
            except OSError as exc:
                problem = self.tr("Could not read %1: %2").replace("%1", path.name).replace("%2", exc.strerror or str(exc))
            if problem:
                problems.append(problem)
        if problems:
            self.fields["attachments"].show_error("；".join(problems))
        else:
            self.fields["attachments"].clear_message()

    def _add(self, attachment: Attachment) -> None:
        self.attachments.append(attachment)
        self.file_list.addItem(f"{attachment.filename}（{size_text(len(attachment.content))}）")
        self.file_list.setCurrentRow(self.file_list.count() - 1)

    def remove_selected(self) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.attachments):
            del self.attachments[row]
            self.file_list.takeItem(row)
            if not self.attachments:
                self.preview.clear()

    def _file_selected(self, row: int) -> None:
        if 0 <= row < len(self.attachments):
            a = self.attachments[row]
            self.preview.show_material(a.filename, a.content)

    # --- registering ------------------------------------------------------------------------------

    def incoming(self) -> Incoming:
        secret = self.classification.currentData() != Classification.NONE.code
        return Incoming(
            sender=self.sender.text(), doc_number=self.doc_number.text(), title=self.title.text(),
            classification=self.classification.currentData(),
            secret_years=self.secret_years.value() if secret else None, urgency=self.urgency.currentData(),
            kind=self.kind.currentData(),
            received_on=dates.to_date(self.received_on.date()), page_count=self.page_count.value() or None,
            attachments=list(self.attachments),
            related=self.related.text().replace("、", " ").replace(",", " ").replace("，", " ").split())

    def submit(self) -> None:
        self.send(lambda: register_command(self.incoming(), document_id=self.document_id, today=beijing_today(),
                                           user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id))

    def answered(self, outcome) -> None:
        if outcome.ok:
            self.registered.emit({"document_id": self.document_id})
        super().answered(outcome)

    def has_typing(self) -> bool:
        return bool(self.sender.text().strip() or self.title.text().strip() or self.attachments)
