"""审核: the reviewer's queue of accepted applications, one detail pane, 核准 / 驳回.

The queue reloads itself when any command or pull reports a change to "applications" (another
reviewer's decision, a clerk's new submission): screens never tell each other to reload. It is
read in the background; a decision goes to the serial writer, its buttons disabled meanwhile.
The banner of the last approval re-reads its numbers when a pull brings them: the credit code
the centre assigned replaces 待分配.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.kernel import reference
from client.registration import items as items_
from client.registration.commands import ApproveApplication, RejectApplication
from client.registration.queries import (
    ApplicationNumbers,
    ApplicationRow,
    application_numbers,
    review_queue,
)
from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common import formatting as fmt
from widgets.common.fields import FIELD_STYLE, FieldBox
from widgets.common.tasks import Task, failure_text
from widgets.registration.columns import StretchAtLeast, typical_widths
from widgets.registration.record_models import ApplicationQueueModel, application_kind_text

ROW_HEIGHT_PAD = 10


class ReviewQueueWidget(QWidget):
    #: the queue on screen is the one just read
    loaded = Signal()
    #: the outcome of an approval or rejection, after the queue has shown it
    decided = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(FIELD_STYLE)
        self.model = ApplicationQueueModel(self)
        self._last_entity_id: str | None = None
        #: the last decision shown in the banner: (application, approved, its numbers)
        self._decision: tuple[ApplicationRow, bool, dict] | None = None
        self.loading = False
        self.writing = False
        self._reads = 0
        self.licence_dialog = None  # the open print dialog, if any
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.reload()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.count_label = QLabel()
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        title = QLabel(self.tr("Applications awaiting review"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        top.addWidget(title)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(refresh)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + ROW_HEIGHT_PAD)
        widths = typical_widths(self.table, self.model, _typical_values())
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        self._stretch = StretchAtLeast(self.table, 2, widths[2])  # the name takes what is left
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.detail = self._build_detail()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 520])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _build_detail(self) -> QWidget:
        pane = QFrame()
        pane.setFrameShape(QFrame.Shape.StyledPanel)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        self.print_button = QPushButton(self.tr("Print licence..."))
        self.print_button.hide()
        self.print_button.clicked.connect(self.open_licence)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result, 1)
        result_row.addWidget(self.print_button)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b26a00;")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.items = QTableWidget(0, 2)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.setWordWrap(True)
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        opinion = QPlainTextEdit()
        opinion.setTabChangesFocus(True)
        opinion.setFixedHeight(70)
        opinion.setPlaceholderText(self.tr("Optional for approval; required (at least 4 characters) "
                                           "for rejection"))
        self.opinion = FieldBox("reason", opinion)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button)
        self.own_note = QLabel()
        self.own_note.setStyleSheet("color: #5b6573;")
        self.own_note.hide()

        form = QFormLayout()
        form.addRow(self.tr("Review opinion"), self.opinion)

        layout = QVBoxLayout(pane)
        layout.addLayout(result_row)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.warning)
        layout.addWidget(self.items, 1)
        layout.addLayout(form)
        layout.addWidget(self.own_note)
        layout.addLayout(buttons)
        return pane

    # ------------------------------------------------------------------ loading

    def _on_changed(self, changes: frozenset) -> None:
        if "applications" in changes:
            self.reload()
        if changes & {"applications", "entities"}:
            self._refresh_decision()

    def reload(self) -> None:
        """Read the queue in the background; the queue shown stays until the answer comes."""
        self._reads += 1
        ticket = self._reads
        self.loading = True
        self.count_label.setText(self.tr("(loading…)"))
        self.ctx.ops.read(review_queue, self.ctx.principal, owner=self,
                          done=lambda rows: self._show_queue(ticket, rows),
                          failed=lambda exc: self._queue_failed(ticket, exc))

    def _queue_failed(self, ticket: int, exc: BaseException) -> None:
        if ticket != self._reads:
            return
        self.loading = False
        self.count_label.setText(self.tr("(the queue could not be read: %1)").replace("%1", failure_text(exc)))

    def _show_queue(self, ticket: int, rows: list[ApplicationRow]) -> None:
        if ticket != self._reads:
            return
        self.loading = False
        current = self.current()
        keep = current.id if current else None
        previous_row = self.table.currentIndex().row()
        self.model.set_records(rows)
        self.count_label.setText(self.tr("%1 waiting").replace("%1", f"{len(rows):,}"))
        row = self.model.row_of(keep) if keep else None
        if row is None and rows:
            # the decided application left the queue: go on with the one that took its place
            row = min(max(previous_row, 0), len(rows) - 1)
        if row is not None:
            self.select_row(row)
        else:
            self._show_current()
        self.loaded.emit()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._show_current()

    def current(self) -> ApplicationRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.record(index.row())

    def _show_current(self) -> None:
        app = self.current()
        has = app is not None
        for w in (self.approve_button, self.reject_button):
            w.setEnabled(has and not self.writing)
        self.opinion.setEnabled(has)
        self.opinion.clear_message()
        if not has:
            self.heading.setText(self.tr("No application selected"))
            self.facts.clear()
            self.warning.hide()
            self.items.setRowCount(0)
            self.own_note.hide()
            return
        if getattr(self, "_shown_id", None) != app.id:
            self.opinion.set_text("")
        self._shown_id = app.id
        kind = application_kind_text(app.kind)
        self.heading.setText(f"{kind}  {app.title}")
        self.facts.setText(self.tr("Acceptance no. %1 · accepted by %2 at %3 · %4")
                           .replace("%1", fmt.number_text(app.app_no)).replace("%2", app.submitted_by_name)
                           .replace("%3", fmt.datetime_text(app.submitted_at))
                           .replace("%4", fmt.office_name(app.office_code)))
        similar = app.payload.get("similar_names") or []
        self.warning.setVisible(bool(similar))
        self.warning.setText(self.tr("The clerk confirmed that the name is similar to: %1")
                             .replace("%1", self.tr(", ").join(similar)))
        self._fill_items(app)
        own = self.ctx.principal is not None and app.submitted_by == self.ctx.principal.user_id
        self.own_note.setVisible(own)
        if own:
            note = self.tr("You accepted this application yourself: another reviewer must decide it.")
            self.own_note.setText(note)
            for b in (self.approve_button, self.reject_button):
                b.setEnabled(False)
                b.setToolTip(note)
        else:
            for b in (self.approve_button, self.reject_button):
                b.setToolTip("")

    def _fill_items(self, app: ApplicationRow) -> None:
        payload = app.payload or {}
        values: dict[str, Any] = payload.get("items") or {}
        if app.kind == "change":
            before = payload.get("before") or {}
            self.items.setColumnCount(3)
            self.items.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Before"), self.tr("After")])
            order = list(items_.ITEMS)
            rows = [(k, before.get(k), values[k]) for k in sorted(values, key=lambda k: order.index(k)
                                                                    if k in order else len(order))]
        elif app.kind == "deregister":
            self.items.setColumnCount(2)
            self.items.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Content")])
            rows = [(self.tr("Reason for deregistration"), None, payload.get("reason") or "")]
        else:
            self.items.setColumnCount(2)
            self.items.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Proposed")])
            order = items_.applicable_keys(values.get("kind_code"))
            rows = [(k, None, values.get(k)) for k in order
                    if k in values and (values.get(k) or k == "term_end" or items_.required(k, values.get("kind_code")))]
        kind_code = values.get("kind_code")
        self.items.setRowCount(len(rows))
        for r, (key, old, new) in enumerate(rows):
            label = items_.label(key, kind_code) if key in items_.ITEMS else key
            cells = [label, _value_text(key, new)] if self.items.columnCount() == 2 else [
                label, _value_text(key, old), _value_text(key, new)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.items.setItem(r, c, item)
        self.items.setColumnWidth(0, 150)
        if self.items.columnCount() == 3:
            self.items.setColumnWidth(1, 180)
        self.items.resizeRowsToContents()  # a handful of rows: the scope may need several lines

    # ------------------------------------------------------------------ deciding

    def approve(self) -> Task | None:
        """Approve the current application in the background; `decided` gets the outcome."""
        app = self.current()
        if app is None or self.writing:
            return None
        return self._decide(app, ApproveApplication(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
            application_id=app.id, base_version=app.version, note=self.opinion.text()), approved=True)

    def reject(self) -> Task | None:
        app = self.current()
        if app is None or self.writing:
            return None
        return self._decide(app, RejectApplication(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
            application_id=app.id, base_version=app.version, reason=self.opinion.text()), approved=False)

    def _decide(self, app: ApplicationRow, command, *, approved: bool) -> Task:
        self.writing = True
        for b in (self.approve_button, self.reject_button):
            b.setEnabled(False)

        def done(outcome: Outcome) -> None:
            self._write_over()
            self._after_decision(app, outcome, approved=approved)
            self.decided.emit(outcome)

        def failed(exc: BaseException) -> None:
            self._write_over()
            self._show_result(self.tr("The decision was not saved: %1").replace("%1", failure_text(exc)), ok=False)

        return self.ctx.ops.write(command, owner=self, done=done, failed=failed)

    def _write_over(self) -> None:
        self.writing = False
        self._show_current()

    def _after_decision(self, app: ApplicationRow, outcome: Outcome, *, approved: bool) -> None:
        if not outcome.ok:
            if outcome.field == "reason" or any(e.field == "reason" for e in outcome.errors):
                self.opinion.show_error(outcome.message or "")
                self.opinion.setFocus()
            else:
                self._show_result(outcome.message or "", ok=False)
            return
        self.opinion.set_text("")
        if approved:
            self._last_entity_id = outcome.result.get("entity_id")
        numbers = {"app_no": app.app_no, "uscc": outcome.result.get("uscc")}
        self._decision = (app, approved, numbers)
        self._show_decision()

    def _show_decision(self) -> None:
        app, approved, numbers = self._decision
        kind = application_kind_text(app.kind)
        app_no = fmt.number_text(numbers["app_no"])
        if approved:
            text = self.tr("Approved: %1 %2 (%3).").replace("%1", kind).replace("%2", app.title) \
                .replace("%3", app_no)
            if app.kind == "establish":
                text += " " + self.tr("Unified social credit code: %1").replace("%1", fmt.number_text(numbers["uscc"]))
            self._show_result(text, ok=True, can_print=app.kind != "deregister")
        else:
            text = self.tr("Rejected: %1 %2 (%3).").replace("%1", kind).replace("%2", app.title) \
                .replace("%3", app_no)
            self._show_result(text, ok=True)

    def _refresh_decision(self) -> None:
        """A decision made on this workstation before the centre gave its numbers: ask again."""
        decision = self._decision
        if decision is None:
            return
        app, approved, numbers = decision
        wanted = ["app_no"] + (["uscc"] if approved and app.kind == "establish" else [])
        if all(numbers[k] for k in wanted):
            return
        self.ctx.ops.read(application_numbers, self.ctx.principal, app.id, owner=self,
                          done=lambda found: self._numbers_arrived(decision, found),
                          failed=lambda exc: self._numbers_failed(decision, exc))

    def _numbers_failed(self, decision, exc: BaseException) -> None:
        # the banner keeps 待分配 and says why; the next pull asks again
        if decision is self._decision:
            self._show_decision()
            self.result.setText(self.result.text() + "\n" + self.tr(
                "The numbers could not be read again: %1").replace("%1", failure_text(exc)))

    def _numbers_arrived(self, decision, found: ApplicationNumbers | None) -> None:
        if decision is not self._decision or found is None:
            return
        _app, _approved, numbers = decision
        numbers.update({k: v for k, v in (("app_no", found.app_no), ("uscc", found.uscc)) if v})
        self._show_decision()

    def open_licence(self) -> None:
        """The licence of the entity just approved (e.g. printed at once for the applicant)."""
        from widgets.registration.licence_dialog import (
            LicenceDialog,  # QtPdf loads on first use
        )

        if not self._last_entity_id:
            return
        self.licence_dialog = LicenceDialog(self.ctx, self._last_entity_id, self)
        self.licence_dialog.open()

    def _show_result(self, text: str, *, ok: bool, can_print: bool = False) -> None:
        colour = "#1b5e20" if ok else "#c62828"
        self.result.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.result.setText(text)
        self.result.show()
        self.print_button.setVisible(can_print)


def _value_text(key: str, value: Any) -> str:
    if value is None or value == "":
        return fmt.long_term_text() if key == "term_end" else ""
    if key == "kind_code":
        return fmt.kind_name(value)
    if key == "capital_wan":
        return fmt.wan_text(value)
    if key == "industry_code":
        try:
            return f"{value} {reference.industry(value).name}"
        except KeyError:
            return str(value)
    return str(value)


def _typical_values() -> dict[int, str]:
    """What each queue column typically holds (its width comes from these in the table's font)."""
    import datetime as dt

    from client.registration.rules import ApplicationKind

    cjk = chr(0x56FD)
    return {0: "4401062026" + "0" * 7, 1: max((k.label for k in ApplicationKind), key=len), 2: cjk * 14,
            3: cjk * 3, 4: fmt.datetime_text(dt.datetime(2026, 12, 31, 23, 59)), 5: cjk * 9}
