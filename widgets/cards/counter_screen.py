"""The card counter (制卡发卡): enterprises without a card, the cards of the unit, the card in the
reader, and the counter's actions on the selected card.

Nothing here waits on the database or the reader (DESIGN.md "Screens"): the lists and the
selected card are reads (`ctx.ops.read`); an action — read the card, check the rules, write the
card, record the command (client.cards.desk) — is one job on the serial writer
(`ctx.ops.run(..., writes=True)`), and so is every read of the card, so a card is never read
while it is being written. Actions the rules do not allow are disabled, and their buttons say
why in a tooltip; the service says it again in plain Chinese if one is tried anyway.

After every change of cards or entities (this counter's actions, another screen's, a pull) the
screen reloads its lists and the selected card, and judges the card in the reader again: the
panel never shows 有效 for a card that was just reported lost.
"""
from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.cards import queries as q
from client.cards import reports
from client.cards import rules
from client.cards.rules import CardAction, CardState
from client.kernel.clock import CHINA_TZ
from widgets.app_context import AppContext
from widgets.cards.reader_bridge import ReaderBridge
from widgets.cards.verdict_panel import VerdictPanel
from widgets.common.banner import Banner
from widgets.common.fields import FIELD_STYLE, FieldBox
from widgets.common.tasks import failure_text

#: the counter actions with a button, in the order a clerk meets them
BUTTONS = [CardAction.MAKE, CardAction.ISSUE, CardAction.REWRITE, CardAction.REPORT_LOSS,
           CardAction.WITHDRAW_LOSS, CardAction.REPLACE, CardAction.SUSPEND, CardAction.RESTORE,
           CardAction.CANCEL]
#: these write a card: the card must be in the reader
NEEDS_CARD = {CardAction.MAKE, CardAction.REWRITE, CardAction.REPLACE}
#: these ask for a reason (kept with the card's history; client.cards.rules says which must give one)
NEEDS_REASON = set(rules.REASON_LABELS)


def card_desk(ctx: AppContext):
    """The counter's desk on the screens' own gateway and bus (the office's replica, the local
    bus): it holds no session; its actions run on the serial writer."""
    from client.cards.desk import CardDesk

    return CardDesk(ctx.ops.reads, ctx.ops.bus, ctx.principal, ctx.device_id)


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ActionDialog(QDialog):
    """What an action needs from the clerk. OK hands it to the screen, which runs the action;
    the dialog stays open until the action is done, shows a refusal at its field (or above the
    fields) and keeps what was typed. OK is disabled while the action runs."""

    submitted = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(FIELD_STYLE)
        self.fields: dict[str, FieldBox] = {}
        self.form = QFormLayout(self)
        self.message = QLabel(objectName="cardDialogMessage")
        self.message.setStyleSheet("color: #c62828")
        self.message.setWordWrap(True)
        self.message.hide()
        self.form.addRow(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.resize(440, self.sizeHint().height())

    def add_field(self, key: str, label: str, editor: QWidget) -> FieldBox:
        box = FieldBox(key, editor)
        self.fields[key] = box
        self.form.addRow(label, box)
        return box

    def finish(self) -> None:
        """After the fields: the buttons go last."""
        self.form.addRow(self.buttons)

    def _submit(self) -> None:
        self.clear_messages()
        self.submitted.emit()

    def clear_messages(self) -> None:
        self.message.hide()
        for box in self.fields.values():
            box.clear_message()

    def set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def show_refusal(self, message: str, errors=(), field: str | None = None) -> None:
        """Each message at its field; one about no field of this form above the fields."""
        errors = list(errors) or ([(field, message)] if field else [])
        shown = False
        for error in errors:
            key, text = (error.field, error.message) if hasattr(error, "field") else error
            if key in self.fields:
                self.fields[key].show_error(text)
                if not shown:
                    self.fields[key].editor.setFocus()
                shown = True
        if not shown:
            self.message.setText(message)
            self.message.show()


class RecipientDialog(ActionDialog):
    """发卡: who takes the card (name and resident ID number)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Hand over the card"), parent)
        self.setObjectName("cardRecipientDialog")
        self.name = QLineEdit(objectName="recipientName")
        self.id_no = QLineEdit(objectName="recipientIdNo")
        self.id_no.setMaxLength(18)
        self.add_field("recipient_name", self.tr("Recipient"), self.name)
        self.add_field(rules.ID_FIELD, self.tr("Resident ID no."), self.id_no)
        self.finish()

    def values(self) -> tuple[str, str]:
        return self.name.text(), self.id_no.text()


class ReasonDialog(ActionDialog):
    """挂失, 解挂, 补卡, 暂吊, 恢复, 注销: why (kept in the card's history)."""

    def __init__(self, action: CardAction, parent: QWidget | None = None):
        super().__init__(action.label, parent)
        self.setObjectName("cardReasonDialog")
        self.reason = QLineEdit(objectName="cardReason")
        self.reason.setMaxLength(500)
        label = rules.REASON_LABELS[action]  # the name the service's messages use, e.g. 挂失说明
        if action in rules.REASON_REQUIRED:
            label = self.tr("%1 (required)").replace("%1", label)
        self.add_field(rules.REASON_FIELD, label, self.reason)
        note = QLabel(self.tr("Kept in the card's history."))
        note.setStyleSheet("color: #5B6573")
        self.form.addRow(note)
        self.finish()


class CardCounterScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, bridge: ReaderBridge | None = None,
                 desk=None):
        super().__init__(parent)
        self.setObjectName("cardCounterScreen")
        self.ctx = ctx
        self.ops = ctx.ops
        self.bridge = bridge or ReaderBridge.instance()
        self.desk = desk or card_desk(ctx)
        self.entities: list = []
        self.cards: list = []
        self.detail = None  # CardDetail of the selected card
        self.entity = None  # EligibleEntity selected for 制卡
        self.last_event_id: str | None = None
        self.last_result = None  # client.cards.desk.DeskResult of the last action
        self.last_verdict = None
        self.dialog: ActionDialog | None = None  # the action dialog open now
        self.receipt_dialog = None
        self._busy = False  # an action is running
        self._loads = 0  # reads in flight (the "loading" line)
        self._list_token = self._detail_token = 0  # only the newest answer is shown
        self._selected_card_id: str | None = None
        self._reading = False  # a card read is in flight
        self._read_again: tuple[str, bool] | None = None  # asked for while one was in flight
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._refresh)
        self._build()
        # bound methods, not lambdas: Qt drops the connections when this screen is deleted
        # (the bridge lives as long as the program)
        self.bridge.card_inserted.connect(self._on_card_inserted)
        self.bridge.card_removed.connect(self._on_card_removed)
        self.bridge.reader_added.connect(self._on_reader_changed)
        self.bridge.reader_removed.connect(self._on_reader_changed)
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self._show_reader()
        self.search()
        if (reader := self.bridge.reader_with_card()) is not None:
            self.read_card(reader)

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_box = QLineEdit(objectName="cardSearch")
        self.search_box.setPlaceholderText(self.tr("Credit code, name, pinyin initials, card no. or serial"))
        self.search_box.returnPressed.connect(self.search)
        self.state_filter = QComboBox(objectName="cardStateFilter")
        self.state_filter.addItem(self.tr("All states"), None)
        for state in CardState:
            self.state_filter.addItem(state.label, state.code)
        self.state_filter.currentIndexChanged.connect(self.search)
        search_button = QPushButton(self.tr("Search"))
        search_button.clicked.connect(self.search)
        self.loading = QLabel(self.tr("Loading…"), objectName="cardLoading")
        self.loading.setStyleSheet("color: #5B6573")
        self.loading.hide()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.state_filter)
        top.addWidget(search_button)
        top.addWidget(self.loading)
        outer.addLayout(top)
        self.banner = Banner(self)
        outer.addWidget(self.banner)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tabs = QTabWidget()
        self.entity_table = _table([self.tr("Enterprise"), self.tr("Credit code"), self.tr("Legal representative")],
                                   "cardEligibleTable")
        self.card_table = _table([self.tr("Card no."), self.tr("Enterprise"), self.tr("Credit code"),
                                  self.tr("State"), self.tr("Chip serial"), self.tr("Made on")], "cardTable")
        self.entity_table.itemSelectionChanged.connect(self._entity_selected)
        self.card_table.itemSelectionChanged.connect(self._card_selected)
        self.tabs.addTab(self.card_table, self.tr("Cards"))
        self.tabs.addTab(self.entity_table, self.tr("Without a card (may be made)"))
        split.addWidget(self.tabs)

        right = QWidget()
        col = QVBoxLayout(right)
        reader_row = QHBoxLayout()
        self.reader_label = QLabel(objectName="cardReaderLabel")
        self.read_button = QPushButton(self.tr("Read the card"), objectName="cardReadButton")
        self.read_button.clicked.connect(lambda: self.read_card(self.bridge.reader_with_card()))
        reader_row.addWidget(self.reader_label, 1)
        reader_row.addWidget(self.read_button)
        col.addLayout(reader_row)
        self.verdict = VerdictPanel()
        col.addWidget(self.verdict)

        box = QGroupBox(self.tr("Selected"))
        box_layout = QVBoxLayout(box)
        self.selected_title = QLabel(objectName="cardSelectedTitle")
        self.selected_title.setStyleSheet("font-weight: bold;")
        self.selected_title.setWordWrap(True)
        box_layout.addWidget(self.selected_title)
        self.events = _table([self.tr("When"), self.tr("Action"), self.tr("By"), self.tr("Details")], "cardEvents")
        box_layout.addWidget(self.events, 1)
        grid = QGridLayout()
        self.buttons: dict[CardAction, QPushButton] = {}
        for i, action in enumerate(BUTTONS):
            button = QPushButton(action.label, objectName=f"card_{action.code}")
            button.clicked.connect(lambda _=False, a=action: self.perform(a))
            self.buttons[action] = button
            grid.addWidget(button, i // 5, i % 5)
        self.receipt_button = QPushButton(self.tr("Receipt…"), objectName="cardReceipt")
        self.receipt_button.clicked.connect(self.show_receipt)
        grid.addWidget(self.receipt_button, 1, 4)
        box_layout.addLayout(grid)
        col.addWidget(box, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)
        self._update_buttons()

    # --- reads in flight ----------------------------------------------------------------------

    def _read(self, fn, *args, done, **kwargs) -> None:
        """A read on the pool; the "loading" line shows while any is in flight, and a failure is
        shown in the banner."""
        self._loads += 1
        self.loading.show()

        def finished() -> None:
            self._loads -= 1
            self.loading.setVisible(self._loads > 0)

        def on_done(value) -> None:
            finished()
            done(value)

        def on_failed(exc: BaseException) -> None:
            finished()
            self.banner.show_error(failure_text(exc))

        self.ops.read(fn, *args, owner=self, done=on_done, failed=on_failed, **kwargs)

    # --- the reader -------------------------------------------------------------------------

    def _on_card_inserted(self, reader: str, _atr: bytes) -> None:
        self.read_card(reader)

    def _on_card_removed(self, _reader: str) -> None:
        self.verdict.show_waiting()
        self._show_reader()

    def _on_reader_changed(self, _reader: str) -> None:
        self._show_reader()

    def _show_reader(self) -> None:
        readers = sorted(self.bridge.readers)
        if self.bridge.service_up is False:
            self.reader_label.setText(self.tr("Card service not running: %1").replace("%1", self.bridge.service_message))
        elif not readers:
            self.reader_label.setText(self.tr("No card reader"))
        else:
            self.reader_label.setText(self.tr("Reader: %1").replace("%1", QLocale().createSeparatedList(readers)))
        self.read_button.setEnabled(self.bridge.reader_with_card() is not None)
        self._update_buttons()

    def read_card(self, reader: str | None, *, select: bool = True) -> None:
        """Read and judge the card in `reader` (on the serial writer: never while a card is being
        written); with `select`, the card read becomes the selected card."""
        self._show_reader()
        if reader is None:
            self.verdict.show_waiting()
            return
        if self._reading:  # one read at a time; the last one asked for follows
            previous = self._read_again
            self._read_again = (reader, select or bool(previous and previous[1]))
            return
        self._reading = True
        self.verdict.show_reading()
        desk = self.desk
        self.ops.run(lambda: desk.read(reader), owner=self, writes=True, name="cards.read",
                     done=lambda verdict: self._on_read(reader, verdict, select),
                     failed=self._on_read_failed)

    def _on_read(self, reader: str, verdict, select: bool) -> None:
        if not self._read_finished() and self.bridge.readers.get(reader):
            self.verdict.show_verdict(verdict)
            self.last_verdict = verdict
            if select and verdict.card is not None:
                self.select_card(verdict.card.id)

    def _on_read_failed(self, exc: BaseException) -> None:
        if not self._read_finished():
            self.verdict.show_error(failure_text(exc))

    def _read_finished(self) -> bool:
        """True when another read was asked for meanwhile (and is now started): this answer is old."""
        self._reading = False
        again, self._read_again = self._read_again, None
        if again is not None:
            self.read_card(again[0], select=again[1])
            return True
        return False

    # --- lists ------------------------------------------------------------------------------

    def search(self) -> None:
        self._list_token += 1
        token = self._list_token
        self._read(q.counter_lists, self.ctx.principal, text=self.search_box.text(),
                   state=self.state_filter.currentData(),
                   done=lambda lists: self._show_lists(lists) if token == self._list_token else None)

    def _show_lists(self, lists) -> None:
        self.cards, self.entities = lists.cards, lists.entities
        self.card_table.setRowCount(len(self.cards))
        for r, c in enumerate(self.cards):
            for k, text in enumerate((c.card_no_text, c.entity_name, c.uscc or "", c.state_label, c.serial,
                                      c.made_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d"))):
                self.card_table.setItem(r, k, QTableWidgetItem(text))
        self.entity_table.setRowCount(len(self.entities))
        for r, e in enumerate(self.entities):
            for k, text in enumerate((e.name, e.uscc, e.legal_rep)):
                self.entity_table.setItem(r, k, QTableWidgetItem(text))
        self.tabs.setTabText(0, self.tr("Cards (%1)").replace("%1", str(len(self.cards))))
        self.tabs.setTabText(1, self.tr("Without a card (%1)").replace("%1", str(len(self.entities))))

    def _entity_selected(self) -> None:
        rows = self.entity_table.selectionModel().selectedRows()
        if not rows:
            return
        self.entity, self.detail, self._selected_card_id = self.entities[rows[0].row()], None, None
        self._detail_token += 1  # a card detail still on its way is no longer wanted
        self.selected_title.setText(self.tr("%1 (%2) has no card in use").replace("%1", self.entity.name)
                                    .replace("%2", self.entity.uscc))
        self.events.setRowCount(0)
        self._update_buttons()

    def _card_selected(self) -> None:
        rows = self.card_table.selectionModel().selectedRows()
        if rows:
            self.select_card(self.cards[rows[0].row()].id)

    def select_card(self, card_id: str) -> None:
        self._selected_card_id = card_id
        self._detail_token += 1
        token = self._detail_token
        self._read(q.card_detail, self.ctx.principal, card_id,
                   done=lambda detail: self._show_detail(detail) if token == self._detail_token else None)

    def _show_detail(self, detail) -> None:
        self.detail, self.entity = detail, None
        card = detail.card
        self.selected_title.setText(self.tr("%1 · card %2 · %3 · generation %4").replace("%1", card.entity_name)
                                    .replace("%2", card.card_no_text).replace("%3", card.state_label)
                                    .replace("%4", str(card.generation)))
        self.events.setRowCount(len(detail.events))
        for r, e in enumerate(detail.events):
            for k, text in enumerate((e.occurred_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"), e.kind_label,
                                      e.actor_name or "", e.reason or e.summary)):
                self.events.setItem(r, k, QTableWidgetItem(text))
        if self.events.rowCount():
            self.last_event_id = detail.events[-1].id
        self._update_buttons()

    # --- what changed -------------------------------------------------------------------------

    def _on_changed(self, changes: frozenset) -> None:
        if "cards" in changes or "entities" in changes:
            self._refresh_timer.start()  # once for a burst of changes

    def _refresh(self) -> None:
        """The lists, the selected card, and the verdict of the card in the reader, again."""
        self.search()
        if self._selected_card_id is not None:
            self.select_card(self._selected_card_id)
        if (reader := self.bridge.reader_with_card()) is not None:
            self.read_card(reader, select=False)

    # --- actions ----------------------------------------------------------------------------

    def allowed(self) -> set[CardAction]:
        if self.detail is not None:
            return set(self.detail.allowed_actions)
        if self.entity is not None:
            return {CardAction.MAKE}
        return set()

    def _update_buttons(self) -> None:
        allowed = self.allowed()
        card_in = self.bridge.reader_with_card() is not None
        for action, button in self.buttons.items():
            button.setEnabled(not self._busy and action in allowed and (card_in or action not in NEEDS_CARD))
            if action in allowed and not card_in and action in NEEDS_CARD:
                button.setToolTip(self.tr("Put a card into the reader first"))
            elif action not in allowed:
                button.setToolTip(self.tr("Not allowed for the selected card or enterprise"))
            else:
                button.setToolTip("")
        self.receipt_button.setEnabled(self.last_event_id is not None)

    def perform(self, action: CardAction, *, reason: str | None = None, recipient: tuple[str, str] | None = None):
        """Carry out `action` on the selection. What it needs and was not given (a reason, the
        recipient) is asked for in a dialog, which stays open until the action is done."""
        self.banner.clear()
        if action not in self.allowed():  # (the buttons say so too; a stale selection is re-read)
            self.banner.show_error(self.tr("Not allowed for the selected card or enterprise"))
            return
        if action in NEEDS_CARD and self.bridge.reader_with_card() is None:
            self.banner.show_error(self.tr("Put a card into the reader first"))
            return
        if action in NEEDS_REASON and reason is None:
            dialog = ReasonDialog(action, self)
            dialog.submitted.connect(lambda: self._start(action, reason=dialog.reason.text(), dialog=dialog))
        elif action is CardAction.ISSUE and recipient is None:
            dialog = RecipientDialog(self)
            dialog.submitted.connect(lambda: self._start(action, recipient=dialog.values(), dialog=dialog))
        else:
            self._start(action, reason=reason, recipient=recipient)
            return
        if self.dialog is not None:
            self.dialog.deleteLater()  # the previous one, long closed
        self.dialog = dialog
        dialog.open()

    def _start(self, action: CardAction, *, reason: str | None = None, recipient: tuple[str, str] | None = None,
               dialog: ActionDialog | None = None) -> None:
        reader = self.bridge.reader_with_card()
        if action in NEEDS_CARD and reader is None:
            text = self.tr("Put a card into the reader first")
            if dialog is not None:
                dialog.show_refusal(text)
            self.banner.show_error(text)
            return
        desk, detail, entity = self.desk, self.detail, self.entity

        def work():
            if action is CardAction.MAKE:
                return desk.make(reader, entity.id)
            card = detail.card
            if action is CardAction.ISSUE:
                return desk.issue(card.id, card.version, *recipient)
            if action is CardAction.REWRITE:
                return desk.rewrite(reader, card.id, card.version)
            if action is CardAction.REPLACE:
                return desk.replace(reader, card.id, card.version, reason or "")
            return desk.act(action, card.id, card.version, reason or "")

        self._busy = True
        self._update_buttons()
        if dialog is not None:
            dialog.set_busy(True)
        self.ops.run(work, owner=self, writes=True, name=f"cards.{action.code}",
                     done=lambda result: self._done(action, result, dialog),
                     failed=lambda exc: self._failed(exc, dialog))

    def _done(self, action: CardAction, result, dialog: ActionDialog | None) -> None:
        self._busy = False
        self.last_result = result
        if result.ok:
            if dialog is not None:
                dialog.accept()
            self.banner.show_success(self.tr("%1: done. %2").replace("%1", action.label).replace("%2", result.message),
                                     None)
            if result.event_id:
                self.last_event_id = result.event_id
            if result.card_id:
                self._selected_card_id = result.card_id
            # the card shown is now older than the card: no action on it until it is read again
            # (an action on the old version would only come back as a conflict)
            self.detail = None
            self._refresh_timer.start()  # (the bus's "what changed" asks for it too: one refresh)
        else:
            if dialog is not None:
                dialog.set_busy(False)
                dialog.show_refusal(result.message, result.errors, result.field)
            self.banner.show_error(self.tr("%1 was not done: %2").replace("%1", action.label)
                                   .replace("%2", result.message))
        self._update_buttons()

    def _failed(self, exc: BaseException, dialog: ActionDialog | None) -> None:
        self._busy = False
        text = failure_text(exc)
        if dialog is not None:
            dialog.set_busy(False)
            dialog.show_refusal(text)
        self.banner.show_error(text)
        self._update_buttons()

    # --- receipts ---------------------------------------------------------------------------

    def show_receipt(self) -> None:
        """The receipt of the last action (read and drawn off the GUI thread), in a preview."""
        if self.last_event_id is None:
            return
        event_id = self.last_event_id
        self.receipt_button.setEnabled(False)

        def show(pdf: bytes) -> None:
            from widgets.common.pdf_dialog import PdfPreviewDialog

            self._update_buttons()
            dialog = PdfPreviewDialog(pdf, title=self.tr("Receipt"), suggested_name=f"receipt_{event_id[:8]}.pdf",
                                      parent=self)
            dialog.setObjectName("cardReceiptDialog")
            if self.receipt_dialog is not None:
                self.receipt_dialog.deleteLater()
            self.receipt_dialog = dialog
            dialog.open()

        def failed(exc: BaseException) -> None:
            self._update_buttons()
            self.banner.show_error(failure_text(exc))

        self.ops.read(reports.card_receipt_pdf, self.ctx.principal, event_id, owner=self, done=show, failed=failed)
