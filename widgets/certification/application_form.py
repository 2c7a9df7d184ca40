"""合同鉴证申请 at the counter: the contract's items, both parties, and the materials handed in.

Keyboard first, like the registration form: Enter moves on, Ctrl+Enter submits, a field is
judged when the clerk is done with it (never mid-IME). The amount shows its 大写 as soon as it
parses. A registered party is looked up by its credit code when the clerk leaves the field (a
wide query: the centre while it answers, since a party may be registered anywhere in the city,
else this office's replica), and a party that is not 存续 is shown in red at once; the handler
judges it again, on the centre too. An agent needs a written authorisation among the materials:
the form says so as soon as an agent is named.

Submitting builds the command with client.certification.commands.apply_command, whose
InvalidInput names every wrong field; each message is shown at its field and everything typed
stays. A refusal by the handler is shown the same way.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.certification import queries as cq
from client.certification import rules
from client.certification.commands import MaterialInput, PartyInput, apply_command
from client.certification.rules import MaterialKind, PartyKind
from client.kernel.clock import beijing_today
from client.kernel.codes import normalize_code
from client.kernel.errors import InvalidInput
from client.kernel.types import new_id
from widgets.app_context import AppContext
from widgets.common.action_dialog import editor_height, required_label
from widgets.common.material_preview import MaterialPreview, size_text, sniff
from widgets.common import dates
from widgets.common.banner import Banner
from widgets.common.fields import ERROR_COLOUR, FIELD_STYLE, FieldBox
from widgets.common.tasks import failure_text

MUTED = "#5B6573"
OK_COLOUR = "#1b5e20"
#: what a file's name suggests it is (the clerk corrects the choice when it guesses wrong)
KIND_HINTS = (("授权", MaterialKind.AUTHORISATION), ("委托", MaterialKind.AUTHORISATION),  # untranslated: matched against file names, never shown
              ("合同", MaterialKind.CONTRACT), ("协议", MaterialKind.CONTRACT),  # untranslated: matched against file names, never shown
              ("执照", MaterialKind.LICENCE), ("法定代表人", MaterialKind.REPRESENTATIVE),  # untranslated: matched against file names, never shown
              ("身份", MaterialKind.IDENTITY))  # untranslated: matched against file names, never shown
MIME_OF = {"pdf": "application/pdf"}
COL_FILE, COL_KIND, COL_PARTY, COL_SIZE = range(4)


class _EnterMovesOn(QObject):
    """Return in a line edit or combo box moves to the next field (Ctrl+Enter submits)."""

    def __init__(self, form: QWidget):
        super().__init__(form)
        self.form = form

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() and isinstance(obj, (QLineEdit, QComboBox, QDateEdit))):
            self.form.focusNextPrevChild(True)
            return True
        return False


class _RegisterLine(QLabel):
    """The register's answer under the credit code: it wraps, but tells the form layout a plain
    height for the width it has (a label that answers "height for width" makes QFormLayout lay
    the rows out in a way that drops the labels below their fields; widgets/common/fields.py)."""

    def __init__(self, name: str):
        super().__init__(objectName=name)
        self.setWordWrap(True)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def _height(self) -> int:
        return self.heightForWidth(self.width() if self.width() > 50 else 400) if self.text() else 0

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self._height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, self._height())

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.updateGeometry()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


class PartyBlock(QGroupBox):
    """One party (甲方 / 乙方): a registered market entity by credit code, or a natural person
    by name and resident ID number; optionally the agent who acts for it."""

    #: a lookup's verdict is on screen
    looked_up = Signal()
    #: the agent was named or cleared (the form says whether an authorisation is needed)
    agent_changed = Signal()

    def __init__(self, form: "ApplicationForm", index: int):
        super().__init__(rules.party_role(index))
        self.form = form
        self.index = index
        self.role = rules.party_role(index)
        self.found: cq.PartyFound | None = None
        self.found_local_only = False
        self._looked_up_code = ""
        prefix = f"parties.{index}"
        self.kind = QComboBox(objectName=f"party{index}Kind")
        for kind in PartyKind:
            self.kind.addItem(kind.label, kind.code)
        self.code = QLineEdit(objectName=f"party{index}Code")
        self.code.setMaxLength(24)
        self.name = QLineEdit(objectName=f"party{index}Name")
        self.name.setMaxLength(40)
        self.agent = QLineEdit(objectName=f"party{index}Agent")
        self.agent.setMaxLength(40)
        self.agent.setPlaceholderText(self.tr("Only when an agent acts for the party"))
        self.register_info = _RegisterLine(f"party{index}Register")
        self.register_info.setTextFormat(Qt.TextFormat.RichText)
        self.register_info.setStyleSheet(f"color: {MUTED}")

        self.form_layout = QFormLayout(self)
        self.form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.boxes = {
            "kind": form.field(f"{prefix}.kind", self.kind),
            "code": form.field(f"{prefix}.code", self.code),
            "name": form.field(f"{prefix}.name", self.name),
            "agent": form.field(f"{prefix}.agent", self.agent),
        }
        form.aliases[f"{prefix}.authorisation"] = f"{prefix}.agent"
        self.code_label = required_label("")
        self.name_label = required_label(self.tr("Name"))
        self.form_layout.addRow(required_label(self.tr("Kind")), self.boxes["kind"])
        self.form_layout.addRow(self.code_label, self.boxes["code"])
        self.form_layout.addRow("", self.register_info)
        self.form_layout.addRow(self.name_label, self.boxes["name"])
        self.form_layout.addRow(required_label(self.tr("Agent"), False), self.boxes["agent"])

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.boxes["code"].committed.connect(self.check_code)
        self.boxes["name"].committed.connect(self._check_name)
        self.boxes["agent"].committed.connect(self.agent_changed)
        self.code.textEdited.connect(self._code_edited)
        self._kind_changed()

    # --- what the clerk chose -----------------------------------------------------------------

    def kind_code(self) -> str:
        return self.kind.currentData()

    def is_entity(self) -> bool:
        return self.kind_code() == PartyKind.ENTITY.code

    def _kind_changed(self, *_args) -> None:
        entity = self.is_entity()
        self.code_label.setText(f'<span style="color:{ERROR_COLOUR}">*</span>'
                                + (self.tr("Credit code") if entity else self.tr("Resident ID no.")))
        self.code.setPlaceholderText(self.tr("18 characters; the register is looked up on leaving the field")
                                     if entity else self.tr("18 digits (kept masked and hashed only)"))
        self.form_layout.setRowVisible(self.boxes["name"], not entity)
        self.form_layout.setRowVisible(self.register_info, entity)
        self.found, self._looked_up_code = None, ""
        self.register_info.clear()
        self.boxes["code"].clear_message()
        self.boxes["name"].clear_message()
        if self.code.text().strip():
            self.check_code()

    def _code_edited(self, _text: str) -> None:
        if normalize_code(self.code.text()) != self._looked_up_code:
            self.found = None
            self.register_info.clear()

    def party_input(self) -> PartyInput:
        found = self.found if self.is_entity() and self.found is not None \
            and self.found.uscc == normalize_code(self.code.text()) else None
        return PartyInput(
            kind=self.kind_code(), code=self.code.text(),
            name=found.name if found else ("" if self.is_entity() else self.name.text()),
            representative=found.legal_rep if found else None, address=found.address if found else None,
            agent=self.agent.text().strip() or None, entity_state=found.state if found else None)

    # --- judging --------------------------------------------------------------------------------

    def _own_problems(self, key: str) -> list[str]:
        """The rules' own messages for this party's field `key` (client.certification.rules)."""
        problems = rules.party_problems(self.index, kind=self.kind_code(), code=self.code.text(), name=self.name.text(),
                                        agent=None, has_authorisation=True, today=beijing_today())
        return [p.message for p in problems if p.field == f"parties.{self.index}.{key}"]

    def _check_name(self) -> None:
        if self.is_entity():
            return
        problems = self._own_problems("name")
        if problems:
            self.boxes["name"].show_error(problems[0])
        else:
            self.boxes["name"].clear_message()

    def check_code(self) -> None:
        """The code's own rules at once; a registered party's register entry in the background."""
        box = self.boxes["code"]
        if not self.code.text().strip():
            box.clear_message()
            self.looked_up.emit()
            return
        problems = self._own_problems("code")
        if problems:
            box.show_error(problems[0])
            self.found = None
            self.register_info.clear()
            self.looked_up.emit()
            return
        box.clear_message()
        if not self.is_entity():
            self.looked_up.emit()
            return
        code = normalize_code(self.code.text())
        if code == self._looked_up_code and self.found is not None:
            self._show_found()
            self.looked_up.emit()
            return
        self.register_info.setText(self.tr("Looking the party up in the register…"))
        ctx = self.form.ctx
        ctx.ops.read(cq.party_by_code, ctx.principal, code, wide=True, owner=self,
                     done=lambda answer: self._answered(code, answer),
                     failed=lambda exc: self._lookup_failed(code, exc))

    def _answered(self, code: str, answer) -> None:
        if normalize_code(self.code.text()) != code or not self.is_entity():
            return  # the clerk has moved on; the newer lookup speaks
        self._looked_up_code = code
        self.found, self.found_local_only = answer.value, answer.local_only
        if self.found is None:
            self.register_info.clear()
            if answer.local_only:
                self.boxes["code"].show_warning(self.tr("Offline: not found in this office's data; the centre "
                                                        "looks the party up when the application is sent."))
            else:
                self.boxes["code"].show_error(self.tr("%1: no market entity with this credit code in the register")
                                              .replace("%1", self.role))
        else:
            self._show_found()
        self.looked_up.emit()

    def _show_found(self) -> None:
        f = self.found
        colour = OK_COLOUR if f.refusal is None else ERROR_COLOUR
        self.register_info.setText(
            f"<b>{f.name}</b> · <span style='color:{colour}'>{f.state_label}</span> · "
            + self.tr("Legal representative: %1").replace("%1", f.legal_rep or "—"))
        refusal = rules.entity_refusal(self.role, f.name, f.state)
        if refusal:
            self.boxes["code"].show_error(refusal)
        elif self.found_local_only:
            self.boxes["code"].show_warning(self.tr("Offline: as this office's data has it; the centre checks "
                                                    "the register again when the application is sent."))
        else:
            self.boxes["code"].clear_message()

    def _lookup_failed(self, code: str, exc: BaseException) -> None:
        if normalize_code(self.code.text()) == code:
            self.register_info.clear()
            text = self.tr("The register could not be read (%1); the party is checked again when the "
                           "application is sent.")
            self.boxes["code"].show_warning(text.replace("%1", failure_text(exc)))
        self.looked_up.emit()

    def reset(self) -> None:
        self.kind.setCurrentIndex(0)
        for edit in (self.code, self.name, self.agent):
            edit.clear()
        self.found, self._looked_up_code = None, ""
        self.register_info.clear()
        for box in self.boxes.values():
            box.clear_message()


class ApplicationForm(QWidget):
    #: the applied outcome's result with the application's id ({"application_id", "application_no"})
    submitted = Signal(dict)
    #: every outcome of a submission (None: the form's own checks stopped it), after it is shown
    answered = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("certificationApplicationForm")
        self.ctx = ctx
        self.writing = False
        self.fields: dict[str, FieldBox] = {}
        self.aliases: dict[str, str] = {}
        #: the materials added: filename, content, and the row's kind and party choosers
        self.materials: list[dict] = []
        self.setStyleSheet(FIELD_STYLE)
        self._build()
        self.reset()

    def field(self, key: str, editor: QWidget) -> FieldBox:
        box = FieldBox(key, editor)
        self.fields[key] = box
        return box

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.title = QLabel(self.tr("Application for contract certification"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.banner = Banner(self)
        self.banner.next_clicked.connect(self.reset)
        self.message = QLabel(objectName="formMessage")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.message.setWordWrap(True)
        self.message.hide()

        contract = QGroupBox(self.tr("Contract"))
        form = QFormLayout(contract)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        self.contract_title = QLineEdit(objectName="contractTitle")
        self.contract_title.setMaxLength(100)
        self.subject = QLineEdit(objectName="contractSubject")
        self.subject.setMaxLength(500)
        self.subject.setPlaceholderText(self.tr("What the contract is about: goods, works or services, quantity"))
        self.amount = QLineEdit(objectName="contractAmount")
        self.amount.setPlaceholderText("1,000,000.00")
        self.amount.setMaximumWidth(220)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.capital = QLabel(objectName="amountCapital")
        self.capital.setStyleSheet(f"color: {MUTED}")
        self.capital.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fixed_term = QCheckBox(self.tr("Fixed term"), objectName="fixedTerm")
        self.term_start = QDateEdit(objectName="termStart")
        self.term_end = QDateEdit(objectName="termEnd")
        for edit in (self.term_start, self.term_end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setFixedWidth(150)
        self.signed_place = QLineEdit(objectName="signedPlace")
        self.signed_place.setMaxLength(100)
        self.performance_place = QLineEdit(objectName="performancePlace")
        self.performance_place.setMaxLength(100)

        form.addRow(required_label(self.tr("Contract title")), self.field("contract_title", self.contract_title))
        form.addRow(required_label(self.tr("Subject")), self.field("subject", self.subject))
        amount_row = QWidget()
        amount_layout = QHBoxLayout(amount_row)
        amount_layout.setContentsMargins(0, 0, 0, 0)
        amount_layout.addWidget(self.field("amount", self.amount), 0)
        yuan = QLabel(self.tr("yuan"))
        for label in (yuan, self.capital):
            label.setMinimumHeight(editor_height())
        amount_layout.addWidget(yuan, 0, Qt.AlignmentFlag.AlignTop)
        amount_layout.addSpacing(12)
        amount_layout.addWidget(self.capital, 1, Qt.AlignmentFlag.AlignTop)
        form.addRow(required_label(self.tr("Amount")), amount_row)
        term_row = QWidget()
        term_layout = QHBoxLayout(term_row)
        term_layout.setContentsMargins(0, 0, 0, 0)
        self.fixed_term.setMinimumHeight(editor_height())
        term_layout.addWidget(self.fixed_term, 0, Qt.AlignmentFlag.AlignTop)
        term_layout.addSpacing(8)
        term_layout.addWidget(self.field("term_start", self.term_start), 0, Qt.AlignmentFlag.AlignTop)
        to = QLabel(self.tr("to"))
        to.setMinimumHeight(editor_height())
        term_layout.addWidget(to, 0, Qt.AlignmentFlag.AlignTop)
        term_layout.addWidget(self.field("term_end", self.term_end), 1, Qt.AlignmentFlag.AlignTop)
        form.addRow(required_label(self.tr("Term"), False), term_row)
        form.addRow(required_label(self.tr("Place of signing")), self.field("signed_place", self.signed_place))
        form.addRow(required_label(self.tr("Place of performance")),
                    self.field("performance_place", self.performance_place))

        self.parties = [PartyBlock(self, 0), PartyBlock(self, 1)]
        parties_row = QHBoxLayout()
        for block in self.parties:
            block.agent_changed.connect(self._update_authorisation_hints)
            parties_row.addWidget(block, 1)

        materials = QGroupBox(self.tr("Materials"))
        materials_layout = QHBoxLayout(materials)
        left = QVBoxLayout()
        self.material_table = QTableWidget(0, 4, objectName="materialTable")
        self.material_table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Kind"), self.tr("Party"),
                                                       self.tr("Size")])
        self.material_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.material_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.material_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.material_table.verticalHeader().hide()
        self.material_table.verticalHeader().setDefaultSectionSize(34)
        header = self.material_table.horizontalHeader()
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Stretch)
        for col in (COL_KIND, COL_PARTY, COL_SIZE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.material_table.setMinimumHeight(170)
        self.material_table.itemSelectionChanged.connect(self._material_selected)
        self.add_button = QPushButton(self.tr("Add files…"), objectName="addMaterials")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("Remove"), objectName="removeMaterial")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        hint = QLabel(self.tr("PDF, PNG or JPEG; the contract text is required, and an authorisation "
                              "for each party that sends an agent."))
        hint.setStyleSheet(f"color: {MUTED}")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(hint, 1)
        left.addWidget(self.field("materials", self.material_table), 1)
        left.addLayout(buttons)
        self.preview = MaterialPreview()
        self.preview.setMinimumWidth(300)
        self.preview.setMinimumHeight(300)
        materials_layout.addLayout(left, 3)
        materials_layout.addWidget(self.preview, 2)

        self.submit_button = QPushButton(self.tr("Submit (Ctrl+Enter)"), objectName="primaryButton")
        self.submit_button.setAutoDefault(True)
        self.submit_button.clicked.connect(self.submit)
        submit_row = QHBoxLayout()
        submit_row.addStretch(1)
        submit_row.addWidget(self.submit_button)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(contract)
        body.addLayout(parties_row)
        body.addWidget(materials, 1)
        body.addLayout(submit_row)
        page = QWidget()
        page.setMaximumWidth(1200)
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.title)
        page_layout.addWidget(self.banner)
        page_layout.addWidget(self.message)
        page_layout.addWidget(self.body, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.amount.textChanged.connect(self._show_capital)
        self.fixed_term.toggled.connect(self._term_toggled)
        for key in ("contract_title", "subject", "amount", "signed_place", "performance_place"):
            self.fields[key].committed.connect(lambda k=key: self._check_field(k))
        self._enter = _EnterMovesOn(self)
        for edit in (self.contract_title, self.subject, self.amount, self.term_start, self.term_end,
                     self.signed_place, self.performance_place):
            edit.installEventFilter(self._enter)
        for block in self.parties:
            for edit in (block.kind, block.code, block.name, block.agent):
                edit.installEventFilter(self._enter)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)
        order = [self.contract_title, self.subject, self.amount, self.fixed_term, self.term_start, self.term_end,
                 self.signed_place, self.performance_place]
        for block in self.parties:
            order += [block.kind, block.code, block.name, block.agent]
        order += [self.add_button, self.remove_button, self.material_table, self.submit_button]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)

    # ------------------------------------------------------------------ state

    def reset(self) -> None:
        """An empty form for the next application."""
        self.banner.clear()
        self.body.setEnabled(True)
        self.writing = False
        self.submit_button.setEnabled(True)
        for edit in (self.contract_title, self.subject, self.amount, self.signed_place, self.performance_place):
            edit.clear()
        today = dates.today()
        self.term_start.setDate(today)
        self.term_end.setDate(today.addYears(1).addDays(-1))
        self.fixed_term.setChecked(True)
        for block in self.parties:
            block.reset()
        self.materials = []
        self.material_table.setRowCount(0)
        self.preview.clear()
        self.clear_messages()
        self.contract_title.setFocus()

    def has_unsaved_work(self) -> bool:
        if not self.body.isEnabled():
            return False
        return bool(self.contract_title.text().strip() or self.amount.text().strip() or self.materials
                    or any(b.code.text().strip() for b in self.parties))

    def _show_capital(self, text: str) -> None:
        value, problem = rules.parse_amount(text)
        self.capital.setText(self.tr("In words: %1").replace("%1", rules.amount_capital(value))
                             if value is not None and problem is None else "")

    def _term_toggled(self, fixed: bool) -> None:
        self.term_start.setEnabled(fixed)
        self.term_end.setEnabled(fixed)
        if not fixed:
            self.fields["term_end"].clear_message()

    def _check_field(self, key: str) -> None:
        """The service's own rule for one contract item (as apply_command would judge it)."""
        box = self.fields[key]
        text = box.text()
        if key == "amount":
            _value, problem = rules.parse_amount(text) if text.strip() else (None, None)
        else:
            problem = None
            if text.strip():
                try:
                    self._command_for_check(key, text)
                except InvalidInput as exc:
                    problem = next((e.message for e in exc.errors if e.field == key), None)
        if problem:
            box.show_error(problem)
        else:
            box.clear_message()

    def _command_for_check(self, key: str, text: str) -> None:
        """apply_command over a sample application with only `key` as typed: its message for that
        field, the service's words (no copy of the rule here)."""
        sample = {"contract_title": "合同", "subject": "标的", "signed_place": "广州", "performance_place": "广州"}  # untranslated: filler for the other fields, never shown
        sample = {k: v * 2 for k, v in sample.items()}
        sample[key] = text
        apply_command(application_id="x", amount="1", term_start=None, term_end=None, parties=[], materials=[],
                      today=beijing_today(), new_id=new_id, user_id="x", **sample)

    # ------------------------------------------------------------------ materials

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add materials"), str(Path.home()),
                                                self.tr("PDF and images (*.pdf *.png *.jpg *.jpeg)"))
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        """Read the files (small scans: read here, at once) and add a row for each."""
        problems = []
        for path in paths:
            try:
                content = Path(path).read_bytes()
            except OSError as exc:
                problems.append(f"{Path(path).name}: {exc.strerror or exc}")
                continue
            self._add_material(Path(path).name, content)
        if problems:
            self.fields["materials"].show_error(self.tr("Could not read: %1").replace("%1", "；".join(problems)))
        self._update_authorisation_hints()

    def _add_material(self, filename: str, content: bytes) -> None:
        has_contract = any(m["kind"].currentData() == MaterialKind.CONTRACT.code for m in self.materials)
        kind = next((k for word, k in KIND_HINTS if word in filename), None)
        if kind is None:
            kind = MaterialKind.OTHER if has_contract else MaterialKind.CONTRACT
        kind_box = QComboBox()
        for k in MaterialKind:
            kind_box.addItem(k.label, k.code)
        kind_box.setCurrentIndex(kind_box.findData(kind.code))
        party_box = QComboBox()
        party_box.addItem(self.tr("(both)"), None)
        for i, block in enumerate(self.parties):
            party_box.addItem(block.role, i)
        if kind is MaterialKind.AUTHORISATION:  # most likely the party that sends an agent
            agents = [i for i, b in enumerate(self.parties) if b.agent.text().strip()]
            if agents:
                party_box.setCurrentIndex(party_box.findData(agents[0]))
        row = self.material_table.rowCount()
        self.material_table.insertRow(row)
        item = QTableWidgetItem(filename)
        item.setToolTip(filename)
        self.material_table.setItem(row, COL_FILE, item)
        self.material_table.setCellWidget(row, COL_KIND, kind_box)
        self.material_table.setCellWidget(row, COL_PARTY, party_box)
        size = QTableWidgetItem(size_text(len(content)))
        size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.material_table.setItem(row, COL_SIZE, size)
        entry = {"filename": filename, "content": content, "kind": kind_box, "party": party_box}
        self.materials.append(entry)
        kind_box.currentIndexChanged.connect(self._update_authorisation_hints)
        party_box.currentIndexChanged.connect(self._update_authorisation_hints)
        self.fields["materials"].clear_message()
        self.material_table.selectRow(row)

    def set_material(self, row: int, kind: str, party_seq: int | None = None) -> None:
        """Choose a material's kind and party (what the clerk does with the row's choosers)."""
        entry = self.materials[row]
        entry["kind"].setCurrentIndex(entry["kind"].findData(kind))
        entry["party"].setCurrentIndex(entry["party"].findData(party_seq))

    def remove_selected(self) -> None:
        rows = self.material_table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        self.material_table.removeRow(row)
        del self.materials[row]
        if not self.materials:
            self.preview.clear()
        self._update_authorisation_hints()

    def _material_selected(self) -> None:
        rows = self.material_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.materials):
            m = self.materials[rows[0].row()]
            self.preview.show_material(m["filename"], m["content"])

    def material_inputs(self) -> list[MaterialInput]:
        out = []
        for m in self.materials:
            kind = sniff(m["content"])
            mime = MIME_OF.get(kind, "")
            if kind == "image":
                mime = "image/png" if m["content"].startswith(b"\x89PNG") else "image/jpeg"
            out.append(MaterialInput(kind=m["kind"].currentData(), filename=m["filename"], content=m["content"],
                                     mime=mime, party_seq=m["party"].currentData()))
        return out

    def _update_authorisation_hints(self, *_args) -> None:
        """An agent named without an authorisation of that party among the materials: said at once."""
        authorised = {m["party"].currentData() for m in self.materials
                      if m["kind"].currentData() == MaterialKind.AUTHORISATION.code}
        for i, block in enumerate(self.parties):
            box = block.boxes["agent"]
            if box.level == "error" and block.agent.text().strip() and i not in authorised:
                continue  # the service's message stays until it is answered
            if block.agent.text().strip() and i not in authorised:
                box.show_warning(self.tr("An agent acts for %1: attach the written authorisation "
                                         "(授权委托书) under Materials.").replace("%1", block.role))
            else:
                box.clear_message()

    # ------------------------------------------------------------------ submitting

    def clear_messages(self) -> None:
        self.message.hide()
        self.message.clear()
        for box in self.fields.values():
            box.clear_message()

    def show_errors(self, message: str, errors=(), field: str | None = None) -> None:
        """Each message at its field (several at one field joined); the rest above the form."""
        errors = [(e.field, e.message) for e in errors] or ([(field, message)] if field else [])
        loose: list[str] = []
        shown: dict[str, list[str]] = {}
        for key, text in errors:
            target = self.aliases.get(key, key)
            if target not in self.fields and target.startswith("materials."):
                target = "materials"
            if target in self.fields:
                shown.setdefault(target, []).append(text)
            else:
                loose.append(text)
        if not errors and message:
            loose.append(message)
        for key, texts in shown.items():
            self.fields[key].show_error("；".join(dict.fromkeys(texts)))
        if loose:
            self.message.setText("；".join(loose))
            self.message.show()
        first = next((self.fields[k] for k in shown), None)
        if first is not None:
            first.editor.setFocus()

    def message_of(self, key: str) -> str:
        box = self.fields.get(self.aliases.get(key, key))
        return box.message.text() if box is not None else ""

    def submit(self) -> None:
        if self.writing or not self.body.isEnabled():
            return
        self.clear_messages()
        principal = self.ctx.principal
        fixed = self.fixed_term.isChecked()
        try:
            command = apply_command(
                application_id=new_id(), contract_title=self.contract_title.text(), subject=self.subject.text(),
                amount=self.amount.text(),
                term_start=dates.to_date(self.term_start.date()) if fixed else None,
                term_end=dates.to_date(self.term_end.date()) if fixed else None,
                signed_place=self.signed_place.text(), performance_place=self.performance_place.text(),
                parties=[b.party_input() for b in self.parties], materials=self.material_inputs(),
                today=beijing_today(), new_id=new_id, user_id=principal.user_id, device_id=self.ctx.device_id)
        except InvalidInput as exc:
            self.show_errors(exc.message, exc.errors, exc.field)
            self._recheck_parties()
            self.answered.emit(None)
            return
        self.writing = True
        self.submit_button.setEnabled(False)
        self.ctx.ops.write(command, owner=self, done=lambda outcome: self._answered(command, outcome),
                           failed=self._failed)

    def _recheck_parties(self) -> None:
        """A party refused by the register stays red after a submission the form stopped."""
        for block in self.parties:
            if block.found is not None and block.found.refusal and not block.boxes["code"].message.text():
                block.boxes["code"].show_error(rules.entity_refusal(block.role, block.found.name, block.found.state))

    def _answered(self, command, outcome) -> None:
        self.writing = False
        self.submit_button.setEnabled(True)
        if outcome.ok:
            number = outcome.result.get("application_no") or self.tr("pending")
            self.body.setEnabled(False)
            self.banner.show_success(self.tr("Application received, no. %1. It now waits to be accepted.")
                                     .replace("%1", number), self.tr("Next application"))
            self.answered.emit(outcome)
            self.submitted.emit({**outcome.result, "application_id": command.application_id})
        else:
            self.show_errors(outcome.message or "", outcome.errors, outcome.field)
            self.answered.emit(outcome)

    def _failed(self, exc: BaseException) -> None:
        self.writing = False
        self.submit_button.setEnabled(True)
        self.message.setText(failure_text(exc))
        self.message.show()
        self.answered.emit(None)


class ApplicationDialog(QDialog):
    """The form in a window of its own, opened from the certification screen; it closes once the
    application is received (the screen then shows it)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("certificationApplicationDialog")
        self.setWindowTitle(self.tr("New application for contract certification"))
        self.resize(1160, 900)
        self.form = ApplicationForm(ctx, self)
        self.form.submitted.connect(self._received)
        self.received: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.form)

    def _received(self, result: dict) -> None:
        self.received = result
        self.accept()

    def reject(self) -> None:
        """Closing with an application typed and not sent asks first (Escape is easy to hit)."""
        from widgets.common.messages import confirm

        # (a title given: messages.confirm's default title is shadowed by its parameter)
        if self.form.has_unsaved_work() and not confirm(
                self, self.tr("Discard the application typed so far?"), title=self.windowTitle()):
            return
        super().reject()
