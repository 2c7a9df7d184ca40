"""The counter's application form: 设立登记 of a company or an individual business, and the
same form pre-filled for a 变更登记.

Keyboard first: the kind comes first (it decides the labels and which items apply), Enter
moves to the next field, Ctrl+Enter submits. A field is judged when the clerk is done
with it (Return, leaving it), never per keystroke, because an IME composes a word before
committing it. The checks are the service's own (registration_items.check_item), so the
message under a field is the message the centre would give.

The name check reads the district's names in the background (the centre while it answers,
`wide=True`); submitting hands the command to the serial writer and disables the button until
the outcome comes back. The banner of an accepted application re-reads its 受理号 when a pull
brings the centre's number ("applications" changed): 待分配 does not stay on screen.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from client.kernel import reference
from client.kernel.types import new_id
from client.registration import items as items_
from client.registration.commands import SubmitChange, SubmitEstablishment
from client.registration.name_check import NameCheck, check_name, needs_confirmation
from client.registration.queries import ApplicationNumbers, application_numbers
from client.kernel.bus import Outcome
from sync.reads import Answer
from widgets.app_context import AppContext
from widgets.common import formatting as fmt
from widgets.common.banner import Banner
from widgets.common.fields import ERROR_COLOUR, FIELD_STYLE, FieldBox
from widgets.common.tasks import Task, failure_text

SCOPE_MAX = items_.ITEMS["business_scope"].max_len
DEFAULT_KIND = "1130"  # 有限责任公司（自然人投资或控股）: the most common application
#: fields a clerk types into (the combo boxes always hold a choice)
_TYPED = ("name", "legal_rep", "legal_rep_id_no", "address", "capital_wan", "term_end",
          "business_scope", "phone")


@dataclass(frozen=True)
class ChangeBase:
    """What a change application starts from: the entity as the clerk saw it."""

    entity_id: str
    version: int
    name: str
    kind_code: str
    district_code: str
    office_code: str
    values: dict[str, str]  # item key -> current value as form text


class ApplicationForm(QWidget):
    """establish: `ApplicationForm(ctx)`; change: `ApplicationForm(ctx, change=ChangeBase(...))`."""

    #: the applied outcome's result ({"app_no": ..., "subject_id": ...})
    submitted = Signal(dict)
    #: every outcome of a submission, accepted or refused (after the form has shown it)
    answered = Signal(object)
    #: a name check's verdict is on screen
    name_checked = Signal()

    def __init__(self, ctx: AppContext, *, change: ChangeBase | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.change = change
        self.writing = False
        #: the accepted application whose banner is on screen, and its number as shown
        self._accepted: dict | None = None
        self.setStyleSheet(FIELD_STYLE)
        self._build()
        self._connect()
        self.reset()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        principal = self.ctx.principal
        self.title = QLabel(self.tr("Establishment registration") if self.change is None
                            else self.tr("Change registration: %1").replace("%1", self.change.name))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.banner = Banner(self)
        self.banner.next_clicked.connect(self._continue)

        self.fields: dict[str, FieldBox] = {}
        self.labels: dict[str, QLabel] = {}
        self._rows: dict[str, QWidget] = {}  # what a form row holds, to show or hide it
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        self.form = form

        kind = QComboBox()
        for k in reference.entity_kinds():
            kind.addItem(k.name, k.code)
        self._add("kind_code", kind)

        self.office = None
        if principal is not None and principal.office_code is None and self.change is None:
            office = QComboBox()
            office.addItem(self.tr("- choose the registering office -"), "")
            offices = (reference.offices_of(principal.district_code) if principal.district_code
                       else reference.offices())
            for o in offices:
                office.addItem(o.name, o.code)
            self.office = FieldBox("office_code", office)
            self.form.addRow(self._label(self.tr("Registering office")), self.office)
            self.fields["office_code"] = self.office

        self._add("name", QLineEdit())
        self.similar_confirm = QCheckBox(self.tr("Name is similar to an existing one: submit anyway"))
        form.addRow("", self.similar_confirm)
        form.setRowVisible(self.similar_confirm, False)
        self._add("legal_rep", QLineEdit())
        self._add("legal_rep_id_no", QLineEdit())
        self._add("address", QLineEdit())
        self._add("capital_wan", QLineEdit(), suffix=QLabel(self.tr("10k yuan")))
        composition = QComboBox()
        for f in items_.COMPOSITION_FORMS:
            composition.addItem(f, f)
        self._add("composition_form", composition)
        self.long_term = QCheckBox(self.tr("Long-term"))
        term = QLineEdit()
        term.setPlaceholderText("YYYY-MM-DD")
        self._add("term_end", term, suffix=self.long_term)
        industry = QComboBox()
        industry.addItem(self.tr("(not given)"), "")
        for i in reference.industries():
            indent = "" if i.level == "section" else "    "
            industry.addItem(f"{indent}{i.code} {i.name}", i.code)
        self._add("industry_code", industry)

        scope = QPlainTextEdit()
        scope.setTabChangesFocus(True)
        scope.setFixedHeight(120)
        self.scope_counter = QLabel()
        self.scope_counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._add("business_scope", scope, below=self.scope_counter)
        self._add("phone", QLineEdit())

        self.submit_button = QPushButton(self.tr("Submit (Ctrl+Enter)"))
        self.submit_button.setAutoDefault(True)  # Enter on the focused button submits
        self.submit_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)

        # what is disabled after a submission; the title and the banner stay live
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(form)
        body_layout.addLayout(buttons)
        page = QWidget()
        page.setMaximumWidth(860)
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.title)
        page_layout.addWidget(self.banner)
        page_layout.addWidget(self.body)
        page_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        order = [self.fields["kind_code"].editor]
        if self.office is not None:
            order.append(self.office.editor)
        order += [self.fields["name"].editor, self.similar_confirm]
        for key in ("legal_rep", "legal_rep_id_no", "address", "capital_wan", "composition_form",
                    "term_end"):
            order.append(self.fields[key].editor)
        order += [self.long_term, self.fields["industry_code"].editor,
                  self.fields["business_scope"].editor, self.fields["phone"].editor, self.submit_button]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)

    def _label(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.RichText)
        # as tall as an editor, text centred: level with the editor however tall the style makes it
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setMinimumHeight(self._editor_height())
        return label

    def _editor_height(self) -> int:
        if not hasattr(self, "_line_height"):
            probe = QLineEdit(self)
            probe.ensurePolished()
            self._line_height = probe.sizeHint().height()
            probe.deleteLater()
        return self._line_height

    def _add(self, key: str, editor: QWidget, *, suffix: QWidget | None = None,
             below: QWidget | None = None) -> None:
        box = FieldBox(key, editor)
        self.fields[key] = box
        label = self._label("")
        self.labels[key] = label
        if suffix is None and below is None:
            self.form.addRow(label, box)
            self._rows[key] = box
            return
        holder = QWidget()
        layout = QVBoxLayout(holder) if below is not None else QHBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box, 1)
        if suffix is not None:
            suffix.setMinimumHeight(self._editor_height())
            layout.addWidget(suffix, 0, Qt.AlignmentFlag.AlignTop)
        if below is not None:
            layout.addWidget(below)
        self.form.addRow(label, holder)
        self._rows[key] = holder

    def _connect(self) -> None:
        self.fields["kind_code"].editor.currentIndexChanged.connect(self._on_kind_changed)
        for key, box in self.fields.items():
            if key == "name":
                box.committed.connect(self._check_name_field)
            elif key != "office_code":
                box.committed.connect(lambda k=key: self._check_field(k))
        self.long_term.toggled.connect(self._on_long_term)
        scope = self.fields["business_scope"].editor
        scope.textChanged.connect(self._update_scope_counter)
        self._enter_filter = _EnterMovesOn(scope, self._move_on)
        self.fields["name"].editor.textEdited.connect(self._on_name_edited)
        self.submit_button.clicked.connect(self.submit)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)

    # ------------------------------------------------------------------ state

    def kind_code(self) -> str:
        return self.fields["kind_code"].text()

    def applicable(self) -> list[str]:
        return items_.applicable_keys(self.kind_code())

    def has_unsaved_work(self) -> bool:
        """Typed and not yet submitted (the main window asks before signing out)."""
        if not self.body.isEnabled():
            return False
        if self.change is None:
            return any(self.fields[k].text().strip() for k in _TYPED if k in self.fields)
        return any(items_.clean_text(self.fields[k].text()) != items_.clean_text(self.change.values.get(k) or "")
                   for k in items_.CHANGEABLE if k in self.fields)

    def reset(self) -> None:
        """Empty form (establishment) or the entity's current items (change)."""
        self.banner.clear()
        self._accepted = None
        self.body.setEnabled(True)
        for box in self.fields.values():
            box.clear_message()
        self.similar_confirm.setChecked(False)
        self._offer_confirmation(False)
        if self.change is None:
            self.fields["kind_code"].set_text(DEFAULT_KIND)
            for key, box in self.fields.items():
                if key != "kind_code":
                    box.set_text("")
            self.long_term.setChecked(True)
        else:
            values = self.change.values
            self.fields["kind_code"].set_text(self.change.kind_code)
            for key, box in self.fields.items():
                if key != "kind_code":
                    box.set_text(values.get(key) or "")
            self.long_term.setChecked(not values.get("term_end"))
            for key, box in self.fields.items():
                box.set_editable(key in items_.CHANGEABLE)
            self.long_term.setEnabled(False)
        self._on_kind_changed()
        self._on_long_term(self.long_term.isChecked())
        self._update_scope_counter()
        first = self.fields["kind_code"] if self.change is None else self.fields["name"]
        first.setFocus()

    def _on_kind_changed(self, *_args) -> None:
        kind = self.kind_code()
        keys = set(self.applicable())
        for key, label in self.labels.items():
            required = items_.required(key, kind)
            mark = f'<span style="color:{ERROR_COLOUR}">*</span>' if required else "&nbsp;"
            label.setText(f"{mark}{items_.label(key, kind)}")
            self.form.setRowVisible(self._rows[key], key in keys)
        # messages name the field: judge again under the new labels
        for key, box in self.fields.items():
            if box.level and key in keys and key != "office_code":
                self._check_field(key)

    def _on_long_term(self, checked: bool) -> None:
        term = self.fields["term_end"]
        if checked:
            term.set_text("")
            term.clear_message()
        editable = not checked and self.change is None
        term.editor.setEnabled(editable)

    def _update_scope_counter(self) -> None:
        n = len(self.fields["business_scope"].text())
        colour = ERROR_COLOUR if n > SCOPE_MAX else "#666666"
        self.scope_counter.setText(f'<span style="color:{colour}">{n}/{SCOPE_MAX}</span>')

    def _move_on(self) -> None:
        self.focusNextPrevChild(True)

    def keyPressEvent(self, event):  # noqa: N802 (Qt's name)
        # line edits and combo boxes pass a plain Return on: it moves to the next field
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._move_on()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ judging fields

    def _check_field(self, key: str) -> bool:
        box = self.fields[key]
        if key not in self.applicable() or (not box.editor.isEnabled() and key != "kind_code"):
            box.clear_message()
            return True
        if self.change is not None and key not in items_.CHANGEABLE:
            return True
        problem = items_.check_item(key, box.text(), kind_code=self.kind_code())
        if problem:
            box.show_error(problem)
        else:
            box.clear_message()
        return problem is None

    def _on_name_edited(self, _text: str) -> None:
        # a confirmation was for the name as it was then
        self.similar_confirm.setChecked(False)

    def _check_name_field(self) -> None:
        """The name's own rules at once; the district's names in the background. `name_checked`
        when the verdict is on screen (at once when there is nothing to ask)."""
        if not self._check_field("name"):
            self._offer_confirmation(False)
            self.name_checked.emit()
            return
        box = self.fields["name"]
        if self.change is not None and items_.clean_text(box.text()) == self.change.values.get("name"):
            self._offer_confirmation(False)
            self.name_checked.emit()
            return
        district = self._district_code()
        if not district:
            self.name_checked.emit()
            return
        exclude = {"exclude_entity_id": self.change.entity_id} if self.change else {}
        name = items_.clean_text(box.text())
        # the district's names: at the centre while online (an office's replica lacks the other
        # offices' entities), else the replica, and the centre checks again on push
        self.ctx.ops.read(check_name, self.ctx.principal, name, district, wide=True, owner=self, **exclude,
                          done=lambda answer: self._show_name_check(name, answer),
                          failed=lambda exc: self._name_check_failed(name))

    def _name_still(self, name: str) -> bool:
        """The field still holds the name that was checked (the clerk may have typed on), and the
        application is not accepted yet (its own name would now count as taken)."""
        return self.body.isEnabled() and items_.clean_text(self.fields["name"].text()) == name

    def _name_check_failed(self, name: str) -> None:
        if self._name_still(name):
            self.fields["name"].show_warning(self.tr("The name check could not reach the database; "
                                                     "it will be repeated on submission."))
        self.name_checked.emit()

    def _show_name_check(self, name: str, answer: Answer[NameCheck]) -> None:
        if self._name_still(name):
            self._show_verdict(answer.value, answer.local_only)
        self.name_checked.emit()

    def _show_verdict(self, verdict: NameCheck, local_only: bool) -> None:
        box = self.fields["name"]
        if local_only and not (verdict.refused or verdict.similar):
            box.show_warning(self.tr("Offline: the name was checked against this office's data only; "
                                     "the centre checks it again when the application is sent."))
            self._offer_confirmation(False)
            return
        if verdict.refused:
            box.show_error(verdict.message())
            self._offer_confirmation(False)
        elif verdict.similar:
            box.show_warning(verdict.message())
            self._offer_confirmation(True)
        else:
            self._offer_confirmation(False)

    def _offer_confirmation(self, offer: bool) -> None:
        """The "similar name: submit anyway" box, shown only while a similar name is in the field."""
        self.form.setRowVisible(self.similar_confirm, offer)

    def _district_code(self) -> str | None:
        if self.change is not None:
            return self.change.district_code
        principal = self.ctx.principal
        if principal and principal.office_code:
            return principal.district_code or reference.office(principal.office_code).district_code
        if self.office is not None and self.office.text():
            return reference.office(self.office.text()).district_code
        return None

    # ------------------------------------------------------------------ submitting

    def raw_items(self) -> dict[str, str]:
        return {key: self.fields[key].text() for key in self.applicable()}

    def submit(self) -> Task | None:
        """Check the fields and hand the command to the writer; `answered` gets the outcome.
        None when nothing was sent (a field in error, or a submission already under way)."""
        if self.writing or not self.submit_button.isEnabled() or not self.body.isEnabled():
            return None
        self.banner.clear()
        command = self._establishment() if self.change is None else self._change()
        if command is None:
            return None
        self.writing = True
        self.submit_button.setEnabled(False)
        return self.ctx.ops.write(command, owner=self, done=self._answered, failed=self._write_failed)

    def _answered(self, outcome: Outcome) -> None:
        self.writing = False
        self.submit_button.setEnabled(True)
        if outcome.ok:
            self._on_accepted(outcome)
        else:
            self._show_refusal(outcome)
        self.answered.emit(outcome)

    def _write_failed(self, exc: BaseException) -> None:
        self.writing = False
        self.submit_button.setEnabled(True)
        self.banner.show_error(self.tr("The application was not saved: %1").replace("%1", failure_text(exc)))

    def _establishment(self) -> SubmitEstablishment | None:
        raw = self.raw_items()
        errors = items_.check_items(raw, self.applicable(), kind_code=self.kind_code())
        if self.office is not None and not self.office.text():
            errors = {"office_code": self.tr("Choose the registering office."), **errors}
        if errors:
            self._show_errors(errors)
            return None
        principal = self.ctx.principal
        return SubmitEstablishment(
            user_id=principal.user_id, device_id=self.ctx.device_id, application_id=new_id(),
            items=raw, office_code=self.office.text() if self.office is not None else None,
            similar_name_confirmed=self.similar_confirm.isChecked(),
        )

    def _change(self) -> SubmitChange | None:
        base = self.change
        changed = {}
        for key in items_.CHANGEABLE:
            if key in self.applicable():
                text = self.fields[key].text()
                if items_.clean_text(text) != items_.clean_text(base.values.get(key) or ""):
                    changed[key] = text
        errors = items_.check_items(changed, list(changed), kind_code=base.kind_code)
        if errors:
            self._show_errors(errors)
            return None
        return SubmitChange(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
            application_id=new_id(), entity_id=base.entity_id, base_version=base.version,
            items=changed, similar_name_confirmed=self.similar_confirm.isChecked(),
        )

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, box in self.fields.items():
            if key not in errors and box.level == "error":
                box.clear_message()
        first = None
        for key, message in errors.items():
            if key in self.fields:
                self.fields[key].show_error(message)
                first = first or self.fields[key]
        if first is not None:
            first.setFocus()
            self.banner.show_error(self.tr("Please correct the fields marked in red."))

    def _show_refusal(self, outcome: Outcome) -> None:
        errors = {e.field: e.message for e in outcome.errors}
        if not errors and outcome.field:
            errors = {outcome.field: outcome.message or ""}
        placed = {k: v for k, v in errors.items() if k in self.fields}
        if placed:
            self._show_errors(placed)
            if "name" in placed and needs_confirmation(placed["name"]):
                # the centre found a similar name: the clerk may confirm and resend
                self.fields["name"].show_warning(placed["name"])
                self._offer_confirmation(True)
        unplaced = [v for k, v in errors.items() if k not in self.fields]
        if unplaced or not placed:
            self.banner.show_error(self.tr("; ").join(unplaced) or outcome.message or self.tr("Refused."))

    def _on_accepted(self, outcome: Outcome) -> None:
        self.body.setEnabled(False)
        self._accepted = {"id": outcome.result.get("subject_id"), "app_no": outcome.result.get("app_no")}
        self._show_accepted()
        self.submitted.emit(dict(outcome.result))

    def _show_accepted(self) -> None:
        app_no = fmt.number_text(self._accepted["app_no"])
        if self.change is None:
            text = self.tr("Application accepted. Acceptance no.: %1").replace("%1", app_no)
            self.banner.show_success(text, self.tr("Accept the next application"))
        else:
            text = self.tr("Change application accepted. Acceptance no.: %1").replace("%1", app_no)
            self.banner.show_success(text, None)

    def _on_changed(self, changes: frozenset) -> None:
        # an application queued offline has no number yet: the pull that brings it says so
        accepted = self._accepted
        if accepted is None or accepted["app_no"] or not accepted["id"] or "applications" not in changes:
            return
        self.ctx.ops.read(application_numbers, self.ctx.principal, accepted["id"], owner=self,
                          done=lambda numbers: self._numbers_arrived(accepted, numbers),
                          failed=lambda exc: self._numbers_failed(accepted, exc))

    def _numbers_failed(self, accepted: dict, exc: BaseException) -> None:
        # the banner keeps 待分配 and says why; the next pull asks again
        if accepted is self._accepted:
            self._show_accepted()
            self.banner.text.setText(self.banner.text.text() + "\n" + self.tr(
                "The number could not be read again: %1").replace("%1", failure_text(exc)))

    def _numbers_arrived(self, accepted: dict, numbers: ApplicationNumbers | None) -> None:
        if accepted is not self._accepted or numbers is None or not numbers.app_no:
            return
        accepted["app_no"] = numbers.app_no
        self._show_accepted()

    def _continue(self) -> None:
        self.reset()


class _EnterMovesOn(QObject):
    """In the scope box Enter moves to the next field like everywhere else; Shift+Enter
    still breaks the line for the rare scope written in paragraphs."""

    def __init__(self, editor: QPlainTextEdit, move_on):
        super().__init__(editor)
        self._move_on = move_on
        editor.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers()):
            self._move_on()
            return True
        return False
