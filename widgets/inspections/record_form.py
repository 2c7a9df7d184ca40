"""现场检查笔录: the inspector's form for one task — checklist, findings, result, photos,
the party's acknowledgement — saved as often as wanted, then completed and printed.

Every command goes to the serial writer (ctx.ops.write), so it works the same offline (the
local bus applies it to the local store and queues it): the record number shows 待分配 until
the centre gives one. The service judges: its messages (Chinese, naming the field) are shown
under the field they name, what was typed stays, and the form scrolls to the first field in
error and puts the cursor there. A mark goes as soon as the field is corrected (the area's
rules, pure functions, say when it no longer finds fault), not at the next submission.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.inspections import queries as q
from client.inspections import rules as rules
from client.inspections.commands import (
    AddInspectionPhoto,
    CompleteInspection,
    OpenCaseLead,
    RemoveInspectionPhoto,
    SaveInspectionRecord,
)
from client.inspections.rules import Acknowledgement, ItemResult, RecordState
from client.kernel.clock import utcnow
from client.kernel.types import new_id
from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common import dates
from widgets.common.dates import BEIJING
from widgets.common.fields import FIELD_STYLE, FieldBox
from widgets.common.tasks import failure_text
from widgets.inspections.models import (
    COL_RESULT,
    ChecklistModel,
    pending_text,
    result_choices,
)


class ResultDelegate(QStyledItemDelegate):
    """A combo box over 符合 / 不符合 / 不适用 for the checklist's result column."""

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        combo.addItem(self.tr("(not checked)"), None)
        for r in ItemResult:
            combo.addItem(r.label, r.code)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class RecordForm(QWidget):
    sig_saved = Signal(str)  # record id
    sig_completed = Signal(str)

    def __init__(self, ctx: AppContext, task: q.TaskRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task = task
        self.setStyleSheet(FIELD_STYLE)
        self.record_id = new_id()
        self.base_version: int | None = None
        self.record_no: str | None = None
        self.state = RecordState.DRAFT.code
        self.preview = None  # the open print preview, if any
        self.loaded = False  # the record (or the blank one) is in the fields
        self.load_failed = False  # its read failed: opening the task again tries again
        self._busy = False  # a command of this form is on the serial writer
        self._printing = False
        #: the rules the last submission was judged by: a mark goes when they no longer find fault
        self._judge: Callable[..., dict[str, str]] = rules.draft_errors
        self._build()
        self._watch_corrections()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self._load()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        t = self.task
        heading = QLabel(t.entity_name)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        self.facts = QLabel(self.tr("Credit code %1 · representative %2 · registered address %3")
                            .replace("%1", pending_text(t.uscc)).replace("%2", t.legal_rep).replace("%3", t.address))
        self.facts.setWordWrap(True)
        self.number_label = QLabel()

        place = QLineEdit()
        place.setMaxLength(rules.MAX_PLACE)
        self.place = FieldBox("place", place)
        # Beijing time whatever the laptop's zone says, as every time on screen and in the record
        self.time_edit = QDateTimeEdit()
        self.time_edit.setTimeZone(BEIJING)
        self.time_edit.setDateTime(dates.now())
        self.time_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.time_edit.setCalendarPopup(True)
        self.inspected_at = FieldBox("inspected_at", QLineEdit())  # message holder; the editor is below
        self.inspected_at.editor.hide()
        self.inspector_list = QListWidget()
        self.inspector_list.setFixedHeight(84)
        self.inspector_ids = FieldBox("inspector_ids", QLineEdit())
        self.inspector_ids.editor.hide()

        self.checklist_model = ChecklistModel(self)
        self.checklist_view = QTableView()
        self.checklist_view.setModel(self.checklist_model)
        self.checklist_view.setItemDelegateForColumn(COL_RESULT, ResultDelegate(self.checklist_view))
        self.checklist_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.checklist_view.verticalHeader().hide()
        self.checklist_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.checklist_view.setColumnWidth(1, 96)
        self.checklist_view.setColumnWidth(2, 180)
        self.checklist_view.setMinimumHeight(260)
        self.checklist = FieldBox("checklist", QLineEdit())
        self.checklist.editor.hide()
        all_pass = QPushButton(self.tr("Mark all as compliant"))
        all_pass.clicked.connect(lambda: self.checklist_model.set_all(ItemResult.PASS.code))
        self.all_pass_button = all_pass

        findings = QPlainTextEdit()
        findings.setTabChangesFocus(True)
        findings.setFixedHeight(90)
        findings.setPlaceholderText(self.tr("What was found; for problems, what they are and what was ordered"))
        self.findings = FieldBox("findings", findings)
        result = QComboBox()
        result.addItem(self.tr("- choose the result -"), "")
        for code, label in result_choices():
            result.addItem(label, code)
        self.result = FieldBox("result", result)
        self.result.editor.currentIndexChanged.connect(self._on_result_changed)
        self.lead_box = QCheckBox(self.tr("Open a case lead from these findings when completing"))
        self.lead_box.hide()
        self.lead_text = QPlainTextEdit()
        self.lead_text.setFixedHeight(54)
        self.lead_text.setTabChangesFocus(True)
        self.lead_text.setPlaceholderText(self.tr("What the lead is about (at least 4 characters)"))
        self.lead_text.hide()
        self.lead = FieldBox("description", self.lead_text)
        self.lead.hide()
        self.lead_box.toggled.connect(self.lead.setVisible)
        self.lead_box.toggled.connect(self.lead_text.setVisible)

        self.party_name = FieldBox("party_name", QLineEdit())
        ack = QComboBox()
        ack.addItem(self.tr("- choose -"), "")
        for a in Acknowledgement:
            ack.addItem(a.label, a.code)
        self.party_ack = FieldBox("party_ack", ack)

        self.photo_list = QListWidget()
        self.photo_list.setFixedHeight(84)
        self.photos = FieldBox("photos", QLineEdit())
        self.photos.editor.hide()
        self.add_photo_button = QPushButton(self.tr("Add photos..."))
        self.remove_photo_button = QPushButton(self.tr("Remove photo"))
        self.add_photo_button.clicked.connect(self.add_photos)
        self.remove_photo_button.clicked.connect(self.remove_photo)

        form = QFormLayout()
        form.addRow(self.tr("Record no."), self.number_label)
        form.addRow(self.tr("Place of inspection"), self.place)
        time_box = QVBoxLayout()
        time_box.addWidget(self.time_edit)
        time_box.addWidget(self.inspected_at)
        form.addRow(self.tr("Time of inspection"), time_box)
        insp_box = QVBoxLayout()
        insp_box.addWidget(self.inspector_list)
        insp_box.addWidget(self.inspector_ids)
        form.addRow(self.tr("Inspectors (at least two)"), insp_box)

        check_group = QGroupBox(self.tr("Checklist"))
        check_layout = QVBoxLayout(check_group)
        check_row = QHBoxLayout()
        check_row.addStretch(1)
        check_row.addWidget(all_pass)
        check_layout.addLayout(check_row)
        check_layout.addWidget(self.checklist_view)
        check_layout.addWidget(self.checklist)

        result_form = QFormLayout()
        result_form.addRow(self.tr("Findings"), self.findings)
        result_form.addRow(self.tr("Result"), self.result)
        result_form.addRow("", self.lead_box)
        result_form.addRow("", self.lead)
        result_form.addRow(self.tr("Party (name)"), self.party_name)
        result_form.addRow(self.tr("Party's acknowledgement"), self.party_ack)
        photo_buttons = QVBoxLayout()
        photo_buttons.addWidget(self.add_photo_button)
        photo_buttons.addWidget(self.remove_photo_button)
        photo_buttons.addStretch(1)
        photo_row = QHBoxLayout()
        photo_col = QVBoxLayout()
        photo_col.addWidget(self.photo_list)
        photo_col.addWidget(self.photos)
        photo_row.addLayout(photo_col, 1)
        photo_row.addLayout(photo_buttons)
        result_form.addRow(self.tr("Photos"), photo_row)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.save_button = QPushButton(self.tr("Save"))
        self.complete_button = QPushButton(self.tr("Complete inspection"))
        self.print_button = QPushButton(self.tr("Print record..."))
        self.save_button.clicked.connect(self.save)
        self.complete_button.clicked.connect(self.complete)
        self.print_button.clicked.connect(self.print_record)
        buttons = QHBoxLayout()
        buttons.addWidget(self.banner, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.complete_button)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(heading)
        inner.addWidget(self.facts)
        inner.addLayout(form)
        inner.addWidget(check_group)
        inner.addLayout(result_form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        # in the order they stand on the form: the first in error is the one to go to
        self.boxes = {b.key: b for b in (self.place, self.inspected_at, self.inspector_ids, self.checklist,
                                         self.findings, self.result, self.lead, self.party_name, self.party_ack,
                                         self.photos)}
        # where the cursor goes for a field whose box holds only its message
        self.inputs: dict[str, QWidget] = {
            "inspected_at": self.time_edit, "inspector_ids": self.inspector_list,
            "checklist": self.checklist_view, "photos": self.photo_list, "description": self.lead_text}

    # ------------------------------------------------------------------ loading

    def _load(self) -> None:
        self._set_busy(True)
        self._say(self.tr("Loading..."), ok=None)
        self.ctx.ops.read(q.record_form, self.ctx.principal, self.task.id, owner=self, done=self._fill,
                          failed=self._failed)

    def _fill(self, data: q.RecordFormData) -> None:
        record = data.record
        if record is not None:
            self.record_id = record.id
            self.base_version = record.version
            self.record_no = record.record_no
            self.state = record.state
            values = dict(place=record.place, inspected_at=record.inspected_at, inspectors=record.inspector_ids,
                          checklist=record.checklist, findings=record.findings, result=record.outcome,
                          party_name=record.party_name, party_ack=record.party_ack)
        else:
            values = dict(place=self.task.address, inspected_at=None,
                          inspectors=[self.task.inspector1_id, self.task.inspector2_id],
                          checklist=rules.blank_checklist(), findings="", result="", party_name="", party_ack="")
        known = {p.id for p in data.inspectors}
        names = {self.task.inspector1_id: self.task.inspector1_name, self.task.inspector2_id: self.task.inspector2_name}
        self.inspector_list.clear()
        for p in data.inspectors:
            self._add_inspector(p.id, p.full_name, p.id in values["inspectors"])
        for user_id in values["inspectors"]:
            if user_id not in known:  # e.g. from another unit: shown, kept
                self._add_inspector(user_id, names.get(user_id, user_id[:8]), True)
        self.place.set_text(values["place"])
        if values["inspected_at"] is not None:
            self.time_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(values["inspected_at"].timestamp()), BEIJING))
        self.checklist_model.set_entries(values["checklist"])
        self.findings.set_text(values["findings"])
        self.result.set_text(values["result"])
        self.party_name.set_text(values["party_name"])
        self.party_ack.set_text(values["party_ack"])
        self._show_photos(data.photos)
        self.loaded = True
        self.banner.hide()
        self._set_busy(False)

    def _on_changed(self, changes: frozenset) -> None:
        """A pull may bring the number the centre gave (待分配 until then). Only the number is
        taken: what the inspector is typing, and the version it is based on, stay."""
        if "inspections" not in changes or self.base_version is None or self.record_no:
            return

        def show(number: str | None) -> None:
            if number and not self.record_no:
                self.record_no = number
                self._refresh_state()

        self.ctx.ops.read(q.record_number, self.ctx.principal, self.record_id, owner=self, done=show,
                          failed=lambda exc: self._say(failure_text(exc), ok=False))

    def _add_inspector(self, user_id: str, name: str, checked: bool) -> None:
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, user_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.inspector_list.addItem(item)

    def _show_photos(self, photos: list[q.PhotoRow]) -> None:
        self.photo_list.clear()
        for p in photos:
            item = QListWidgetItem(f"{p.file_name}  ({p.byte_count / 1024:.0f} KB)")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setToolTip(f"SHA-256 {p.sha256}")
            self.photo_list.addItem(item)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._refresh_state()

    def _refresh_state(self) -> None:
        self.number_label.setText(pending_text(self.record_no) if self.base_version is not None
                                  else self.tr("(given when saved)"))
        done = self.state == RecordState.COMPLETED.code
        for box in (self.place, self.findings, self.result, self.party_name, self.party_ack):
            box.set_editable(not done)
        self.time_edit.setEnabled(not done)
        self.inspector_list.setEnabled(not done)
        if self.checklist_model.is_editable() != (not done):
            self.checklist_model.set_entries(self.checklist_model.entries(), editable=not done)
        ready = self.loaded and not self._busy
        for w in (self.save_button, self.complete_button, self.add_photo_button, self.remove_photo_button,
                  self.all_pass_button):
            w.setEnabled(ready and not done)
        self.print_button.setEnabled(self.base_version is not None and ready and not self._printing)
        self._on_result_changed()

    def _on_result_changed(self, *_args) -> None:
        follow_up = self.result.text() == "follow_up" and self.state == RecordState.DRAFT.code
        self.lead_box.setVisible(follow_up)
        if not follow_up:
            self.lead_box.setChecked(False)

    # ------------------------------------------------------------------ values

    def inspector_selection(self) -> list[str]:
        out = []
        for i in range(self.inspector_list.count()):
            item = self.inspector_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def set_inspectors(self, user_ids: list[str]) -> None:
        for i in range(self.inspector_list.count()):
            item = self.inspector_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in user_ids
                               else Qt.CheckState.Unchecked)

    def inspected_at_value(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.time_edit.dateTime().toSecsSinceEpoch(), tz=dt.timezone.utc)

    def _draft(self) -> rules.RecordDraft:
        return rules.RecordDraft(
            place=self.place.text(), inspected_at=self.inspected_at_value(), inspector_ids=self.inspector_selection(),
            checklist=self.checklist_model.entries(), findings=self.findings.text(), result=self.result.text() or None,
            party_name=self.party_name.text(), party_ack=self.party_ack.text() or None)

    def _command(self) -> SaveInspectionRecord:
        return SaveInspectionRecord(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, record_id=self.record_id,
            entity_id=self.task.entity_id, task_id=self.task.id, base_version=self.base_version,
            place=self.place.text(), inspected_at=self.inspected_at_value(),
            inspector_ids=self.inspector_selection(), checklist=self.checklist_model.entries(),
            findings=self.findings.text(), result=self.result.text() or None,
            party_name=self.party_name.text(), party_ack=self.party_ack.text() or None,
        )

    # ------------------------------------------------------------------ actions

    def save(self, *, then: Callable[[], None] | None = None,
             judge: Callable[..., dict[str, str]] = rules.draft_errors) -> None:
        """Save the record (the serial writer); `then` runs once it is saved, with the form still busy."""
        if self._busy or not self.loaded:
            return
        self._clear_messages()
        self._judge = judge
        self._set_busy(True)
        self.ctx.ops.write(self._command(), owner=self, done=lambda outcome: self._saved(outcome, then),
                           failed=self._failed)

    def _saved(self, outcome: Outcome, then: Callable[[], None] | None) -> None:
        if not outcome.ok:
            self._set_busy(False)
            self._show_refusal(outcome)
            return
        self.base_version = outcome.result.get("version", (self.base_version or 0) + 1)
        self.record_no = outcome.result.get("record_no")
        self.sig_saved.emit(self.record_id)
        if then is not None:
            self._refresh_state()
            then()
            return
        self._set_busy(False)
        self._say(self.tr("Saved."), ok=True)

    def complete(self) -> None:
        """Save, then complete (and open the case lead if asked): commands in that order."""
        self.save(then=self._complete_saved, judge=rules.completion_errors)

    def _complete_saved(self) -> None:
        self.ctx.ops.write(CompleteInspection(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, record_id=self.record_id,
            base_version=self.base_version), owner=self, done=self._completed, failed=self._failed)

    def _completed(self, outcome: Outcome) -> None:
        if not outcome.ok:
            self._set_busy(False)
            self._show_refusal(outcome)
            return
        self.state = RecordState.COMPLETED.code
        self.base_version = (self.base_version or 0) + 1
        text = self.tr("Inspection completed.")
        if outcome.result.get("abnormal_proposal_id"):
            text += " " + self.tr("Listing on the abnormal operation list has been proposed to the office head.")
        if not self.lead_box.isChecked():
            self._finish_completion(text)
            return

        def lead_opened(lead: Outcome) -> None:
            if lead.ok:
                self._finish_completion(text + " " + self.tr("A case lead has been opened."))
            else:
                self._finish_completion(text)
                self.lead.show_error(lead.message or "")

        self.ctx.ops.write(OpenCaseLead(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id, lead_id=new_id(),
            record_id=self.record_id, description=self.lead_text.toPlainText()),
            owner=self, done=lead_opened, failed=self._failed)

    def _finish_completion(self, text: str) -> None:
        self._set_busy(False)
        self._say(text, ok=True)
        self.sig_completed.emit(self.record_id)

    def _failed(self, exc: BaseException) -> None:
        """The database or the program failed (not the inspector's input): said in the banner;
        what was typed stays."""
        self.load_failed = not self.loaded
        self._printing = False
        self._set_busy(False)
        self._say(failure_text(exc), ok=False)

    def add_photos(self) -> None:
        """Read the chosen files in the background and add them one by one (saving the record
        first if it was never saved)."""
        if self._busy or not self.loaded:
            return
        paths = self._choose_photo_files()
        if not paths:
            return
        if self.base_version is None:
            self.save(then=lambda: self._add_photos(paths))
            return
        self._set_busy(True)
        self._add_photos(paths)

    def _add_photos(self, paths: list[str]) -> None:
        self.photos.clear_message()
        user_id, device_id, record_id = self.ctx.principal.user_id, self.ctx.device_id, self.record_id

        def prepare() -> tuple[list[AddInspectionPhoto], list[tuple[str, str]]]:
            commands, problems = [], []
            for path in paths:
                name = Path(path).name
                try:
                    content = Path(path).read_bytes()
                except OSError as exc:
                    problems.append((name, exc.strerror or str(exc)))
                    continue
                if (too_big := rules.photo_size_error(name, len(content))) is not None:
                    problems.append(("", too_big))  # not worth base64-encoding into the queue
                    continue
                commands.append(AddInspectionPhoto(
                    user_id=user_id, device_id=device_id, photo_id=new_id(), record_id=record_id, file_name=name,
                    content_b64=base64.b64encode(content).decode("ascii"), sha256=hashlib.sha256(content).hexdigest()))
            return commands, problems

        def prepared(result) -> None:
            commands, problems = result
            messages = [self.tr("Could not read %1: %2").replace("%1", name).replace("%2", why) if name else why
                        for name, why in problems]
            self._add_next(commands, messages)

        self.ctx.ops.run(prepare, owner=self, done=prepared, failed=self._failed, name="inspections.read_photos")

    def _add_next(self, commands: list[AddInspectionPhoto], messages: list[str]) -> None:
        if not commands:
            if messages:
                self.photos.show_error("\n".join(messages))
            self._reload_photos()
            return

        def added(outcome: Outcome) -> None:
            if not outcome.ok:
                messages.append(outcome.message or "")
            self._add_next(commands[1:], messages)

        self.ctx.ops.write(commands[0], owner=self, done=added, failed=self._failed)

    def _choose_photo_files(self) -> list[str]:
        """The file dialog (tests replace this method)."""
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add photos"), str(Path.home()),
                                                self.tr("Images (*.jpg *.jpeg *.png)"))
        return paths

    def remove_photo(self) -> None:
        item = self.photo_list.currentItem()
        if item is None or self._busy:
            return
        self.photos.clear_message()
        self._set_busy(True)

        def removed(outcome: Outcome) -> None:
            if not outcome.ok:
                self.photos.show_error(outcome.message or "")
            self._reload_photos()

        self.ctx.ops.write(RemoveInspectionPhoto(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
            photo_id=item.data(Qt.ItemDataRole.UserRole), record_id=self.record_id),
            owner=self, done=removed, failed=self._failed)

    def _reload_photos(self) -> None:
        def show(photos: list[q.PhotoRow]) -> None:
            self._show_photos(photos)
            self._set_busy(False)

        self.ctx.ops.read(q.photos, self.ctx.principal, self.record_id, owner=self, done=show, failed=self._failed)

    def print_record(self) -> None:
        """Make the record's PDF in the background; the preview opens when it is ready (`self.preview`)."""
        from client.inspections.reports import render_inspection_record

        if self.base_version is None or self._printing:
            return
        self._printing = True
        self._refresh_state()

        def render(data) -> None:
            name = f"{self.tr('Inspection record')}_{data.record_no or self.record_id[:8]}.pdf"
            self.ctx.ops.run(lambda: render_inspection_record(data), owner=self,
                             done=lambda pdf: self._open_preview(pdf, name), failed=self._failed,
                             name="inspections.render_record")

        self.ctx.ops.read(q.record_report_data, self.ctx.principal, self.record_id, owner=self, done=render,
                          failed=self._failed)

    def _open_preview(self, pdf: bytes, name: str) -> None:
        from widgets.common.pdf_dialog import PdfPreviewDialog

        self._printing = False
        self._refresh_state()
        self.preview = PdfPreviewDialog(pdf, title=self.tr("Inspection record"), suggested_name=name, parent=self)
        self.preview.open()

    # ------------------------------------------------------------------ messages

    def _watch_corrections(self) -> None:
        """A field the inspector corrects loses its mark at once."""
        self.place.editor.textChanged.connect(lambda *_: self._corrected("place"))
        self.time_edit.dateTimeChanged.connect(lambda *_: self._corrected("inspected_at"))
        self.inspector_list.itemChanged.connect(lambda *_: self._corrected("inspector_ids"))
        self.checklist_model.dataChanged.connect(lambda *_: self._corrected("checklist"))
        self.findings.editor.textChanged.connect(lambda: self._corrected("findings"))
        self.result.editor.currentIndexChanged.connect(lambda *_: self._corrected("result"))
        self.lead_text.textChanged.connect(lambda: self._corrected("description"))
        self.party_name.editor.textChanged.connect(lambda *_: self._corrected("party_name"))
        self.party_ack.editor.currentIndexChanged.connect(lambda *_: self._corrected("party_ack"))

    def _corrected(self, key: str) -> None:
        box = self.boxes[key]
        if box.level != "error":
            return
        if key in self._judge(self._draft(), now=utcnow()):  # still wrong: the mark stays
            return
        box.clear_message()
        if self._correcting and not any(b.level == "error" for b in self.boxes.values()):
            self.banner.hide()  # nothing left to correct
            self._correcting = False

    _correcting = False  # the banner says "please correct the marked fields"

    def _clear_messages(self) -> None:
        for box in self.boxes.values():
            box.clear_message()
        self.banner.hide()
        self._correcting = False

    def _show_refusal(self, outcome: Outcome) -> None:
        placed = False
        for error in outcome.errors:
            box = self.boxes.get(error.field)
            if box is not None:
                box.show_error(error.message)
                placed = True
        if not outcome.errors and outcome.field in self.boxes:
            self.boxes[outcome.field].show_error(outcome.message or "")
            placed = True
        if not placed or outcome.status == "conflict":
            self._say(outcome.message or "", ok=False)
        else:
            self._say(self.tr("Please correct the marked fields."), ok=False)
            self._correcting = True
        if placed:
            self._go_to_first_error()

    def _go_to_first_error(self) -> None:
        """Scroll the first field in error into view and put the cursor in it (the banner at the
        bottom is no use when the red fields are below the fold)."""
        first = next((b for b in self.boxes.values() if b.level == "error"), None)
        if first is None:
            return
        target = self.inputs.get(first.key, first.editor)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

        def reveal() -> None:  # once the messages just shown have their place in the layout
            self.scroll.widget().layout().activate()
            self.scroll.ensureWidgetVisible(first, 20, 40)

        reveal()
        QTimer.singleShot(0, self, reveal)

    def _say(self, text: str, *, ok: bool | None) -> None:
        colour = "#8a8f98" if ok is None else "#1b5e20" if ok else "#c62828"
        self.banner.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.banner.setText(text)
        self.banner.show()
