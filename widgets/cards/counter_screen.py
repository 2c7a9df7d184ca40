"""The card counter (制卡发卡): enterprises without a card, the cards of the unit, the card in the
reader, and the counter's actions on the selected card.

Every database read and every card operation runs on a worker (run_task): a card write takes a
few milliseconds through pcscd but the reader may be slow, and the screen must never freeze.
Actions the rules do not allow are disabled, and their buttons say why in a tooltip; the
service says it again in plain Chinese if one is tried anyway.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
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
    QInputDialog,
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

from client.cards.rules import CardAction, CardState
from client.kernel.clock import CHINA_TZ
from widgets.app_context import AppContext
from widgets.cards.reader_bridge import ReaderBridge
from widgets.cards.verdict_panel import VerdictPanel
from widgets.common import messages
from widgets.common.banner import Banner
from widgets.common.tasks import run_task

#: the counter actions with a button, in the order a clerk meets them
BUTTONS = [CardAction.MAKE, CardAction.ISSUE, CardAction.REWRITE, CardAction.REPORT_LOSS,
           CardAction.WITHDRAW_LOSS, CardAction.REPLACE, CardAction.SUSPEND, CardAction.RESTORE,
           CardAction.CANCEL]
#: these write a card: the card must be in the reader
NEEDS_CARD = {CardAction.MAKE, CardAction.REWRITE, CardAction.REPLACE}
#: these need a reason (kept with the card's history)
NEEDS_REASON = {CardAction.REPORT_LOSS, CardAction.WITHDRAW_LOSS, CardAction.SUSPEND, CardAction.RESTORE,
                CardAction.CANCEL, CardAction.REPLACE}


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


class RecipientDialog(QDialog):
    """发卡: who takes the card (name and resident ID number); errors shown at the field."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hand over the card"))
        form = QFormLayout(self)
        self.name = QLineEdit(objectName="recipientName")
        self.id_no = QLineEdit(objectName="recipientIdNo")
        self.id_no.setMaxLength(18)
        self.error = QLabel(objectName="recipientError")
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        form.addRow(self.tr("Recipient"), self.name)
        form.addRow(self.tr("Resident ID no."), self.id_no)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class CardCounterScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, bridge: ReaderBridge | None = None,
                 desk=None):
        super().__init__(parent)
        self.setObjectName("cardCounterScreen")
        self.ctx = ctx
        self.bridge = bridge or ReaderBridge.instance()
        from client.cards.desk import CardDesk

        self.desk = desk or CardDesk(ctx.session_factory, ctx.bus, ctx.principal, ctx.device_id)
        self.entities: list = []
        self.cards: list = []
        self.detail = None  # CardDetail of the selected card
        self.entity = None  # EligibleEntity selected for 制卡
        self.last_event_id: str | None = None
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
        top.addWidget(self.search_box, 1)
        top.addWidget(self.state_filter)
        top.addWidget(search_button)
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
            self.reader_label.setText(self.tr("Reader: %1").replace("%1", "、".join(readers)))
        self.read_button.setEnabled(self.bridge.reader_with_card() is not None)
        self._update_buttons()

    def read_card(self, reader: str | None) -> None:
        self._show_reader()
        if reader is None:
            self.verdict.show_waiting()
            return
        self.verdict.show_reading()
        desk = self.desk
        run_task(lambda: desk.read(reader), on_done=self._on_read,
                 on_failed=lambda exc: self.verdict.show_error(_text(exc)), owner=self)

    def _on_read(self, verdict) -> None:
        self.verdict.show_verdict(verdict)
        self.last_verdict = verdict
        if verdict.card is not None:
            self.select_card(verdict.card.id)

    # --- lists ------------------------------------------------------------------------------

    def search(self) -> None:
        text, state = self.search_box.text(), self.state_filter.currentData()
        sessions, principal = self.ctx.session_factory, self.ctx.principal

        def load():
            from client.cards import queries as q

            with sessions() as s:
                return (q.cards(s, principal, text=text, state=state),
                        q.eligible_entities(s, principal, text=text))

        run_task(load, on_done=self._show_lists, on_failed=lambda exc: self.banner.show_error(_text(exc)), owner=self)

    def _show_lists(self, lists) -> None:
        self.cards, self.entities = lists
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
        if self.detail is not None:
            self.select_card(self.detail.card.id)

    def _entity_selected(self) -> None:
        rows = self.entity_table.selectionModel().selectedRows()
        if not rows:
            return
        self.entity, self.detail = self.entities[rows[0].row()], None
        self.selected_title.setText(self.tr("%1 (%2) has no card in use").replace("%1", self.entity.name)
                                    .replace("%2", self.entity.uscc))
        self.events.setRowCount(0)
        self._update_buttons()

    def _card_selected(self) -> None:
        rows = self.card_table.selectionModel().selectedRows()
        if rows:
            self.select_card(self.cards[rows[0].row()].id)

    def select_card(self, card_id: str) -> None:
        sessions = self.ctx.session_factory

        def load():
            from client.cards import queries as q

            with sessions() as s:
                return q.card_detail(s, card_id)

        run_task(load, on_done=self._show_detail, on_failed=lambda exc: self.banner.show_error(_text(exc)), owner=self)

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

    # --- actions ----------------------------------------------------------------------------

    def allowed(self) -> set[CardAction]:
        if self.detail is not None:
            return set(self.detail.allowed_actions)
        if self.entity is not None:
            return {CardAction.MAKE}
        return set()

    def _update_buttons(self) -> None:
        allowed = self.allowed() if hasattr(self, "buttons") else set()
        card_in = self.bridge.reader_with_card() is not None
        for action, button in getattr(self, "buttons", {}).items():
            ok = action in allowed and (card_in or action not in NEEDS_CARD)
            button.setEnabled(ok)
            if action in allowed and not card_in and action in NEEDS_CARD:
                button.setToolTip(self.tr("Put a card into the reader first"))
            elif action not in allowed:
                button.setToolTip(self.tr("Not allowed for the selected card or enterprise"))
            else:
                button.setToolTip("")
        if hasattr(self, "receipt_button"):
            self.receipt_button.setEnabled(self.last_event_id is not None)

    def perform(self, action: CardAction, *, reason: str | None = None, recipient: tuple[str, str] | None = None):
        """Carry out `action` on the selection (asking for what it needs unless given)."""
        self.banner.clear()
        reader = self.bridge.reader_with_card()
        if action in NEEDS_CARD and reader is None:
            self.banner.show_error(self.tr("Put a card into the reader first"))
            return
        if action in NEEDS_REASON and reason is None:
            reason, ok = QInputDialog.getText(self, action.label, self.tr("Reason (kept in the card's history):"))
            if not ok:
                return
        if action is CardAction.ISSUE and recipient is None:
            dialog = RecipientDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            recipient = (dialog.name.text(), dialog.id_no.text())
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

        for button in self.buttons.values():
            button.setEnabled(False)
        run_task(work, on_done=lambda result: self._done(action, result),
                 on_failed=lambda exc: self._failed(exc), owner=self)

    def _done(self, action: CardAction, result) -> None:
        self.last_result = result
        if result.ok:
            self.banner.show_success(self.tr("%1: done. %2").replace("%1", action.label).replace("%2", result.message),
                                     None)
            if result.event_id:
                self.last_event_id = result.event_id
            if result.card_id:
                self.detail = None
                self.select_card(result.card_id)
            if (reader := self.bridge.reader_with_card()) is not None and action in NEEDS_CARD:
                self.read_card(reader)
        else:
            self.banner.show_error(self.tr("%1 was not done: %2").replace("%1", action.label)
                                   .replace("%2", result.message))
        self.search()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_error(_text(exc))
        self._update_buttons()

    def _on_changed(self, changes: frozenset) -> None:
        if "cards" in changes or "entities" in changes:
            self.search()

    # --- receipts ---------------------------------------------------------------------------

    def receipt_pdf(self, event_id: str) -> bytes:
        from client.cards import queries as q
        from client.cards.reports import render_card_receipt

        with self.ctx.read() as s:
            return render_card_receipt(q.receipt_data(s, event_id))

    def show_receipt(self) -> None:
        from widgets.common.pdf_dialog import PdfPreviewDialog

        if self.last_event_id is None:
            return
        try:
            pdf = self.receipt_pdf(self.last_event_id)
        except Exception as exc:  # noqa: BLE001 - the clerk sees why
            messages.fail(self, _text(exc))
            return
        PdfPreviewDialog(pdf, title=self.tr("Receipt"), suggested_name=f"receipt_{self.last_event_id[:8]}.pdf",
                         parent=self).exec()


def _text(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc)[:200]
