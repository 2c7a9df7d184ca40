"""经营异常名录: proposals from inspections for the office head to confirm or decline, and the
entities listed, to remove when the cause is remedied. Each decision asks for a reason and a date.

The lists are read on the pool and each decision is a command on the serial writer (ctx.ops);
the screen reloads itself when a command or a pull changes the abnormal list.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.inspections import queries as q
from client.inspections.commands import (
    ConfirmAbnormalListing,
    DeclineAbnormalListing,
    RemoveAbnormalListing,
)
from client.inspections.rules import AbnormalGround
from client.kernel.commands import Command
from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common import dates
from widgets.common.fields import FIELD_STYLE, FieldBox
from widgets.common.tasks import failure_text
from widgets.inspections.models import ListingModel

#: (reason, date as YYYY-MM-DD) -> the command that records the decision
MakeCommand = Callable[[str, str], Command]


class DecisionDialog(QDialog):
    """Reason (and date) for a listing decision; the service's messages appear at their field."""

    def __init__(self, ops, *, title: str, intro: str, reason_label: str, date_label: str | None, ok_text: str,
                 command: MakeCommand, reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(FIELD_STYLE)
        self.setMinimumWidth(480)
        self._ops = ops  # widgets.common.operations.Operations
        self._command = command
        self._busy = False
        self.outcome: Outcome | None = None
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setFixedHeight(100)
        text.setPlainText(reason)
        self.reason = FieldBox("reason", text)
        self.date_edit = QDateEdit(dates.today())
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_box = FieldBox("date", QPlainTextEdit())
        self.date_box.editor.hide()
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(reason_label, self.reason)
        if date_label:
            col = QVBoxLayout()
            col.addWidget(self.date_edit)
            col.addWidget(self.date_box)
            form.addRow(date_label, col)
        else:
            self.date_edit.hide()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #c62828;")
        self.banner.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)

    def day(self) -> str:
        return self.date_edit.date().toString("yyyy-MM-dd")

    def _on_ok(self) -> None:
        if self._busy:
            return
        self.reason.clear_message()
        self.date_box.clear_message()
        self.banner.hide()
        self._set_busy(True)
        self._ops.write(self._command(self.reason.text(), self.day()), owner=self, done=self._decided,
                        failed=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)

    def _decided(self, outcome: Outcome) -> None:
        self._set_busy(False)
        self.outcome = outcome
        if outcome.ok:
            self.accept()
            return
        fields = {e.field: e.message for e in outcome.errors} or ({outcome.field: outcome.message}
                                                                  if outcome.field else {})
        placed = False
        for key, message in fields.items():
            if key == "reason":
                self.reason.show_error(message or "")
                placed = True
            elif key in ("listed_on", "removed_on"):
                self.date_box.show_error(message or "")
                placed = True
        if not placed:
            self.banner.setText(outcome.message or "")
            self.banner.show()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.banner.setText(failure_text(exc))
        self.banner.show()


class AbnormalListScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.proposals = ListingModel(self)
        self.listed = ListingModel(self)
        self.dialog: DecisionDialog | None = None
        self._read = 0  # the newest read wins
        self.loading = False
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.reload()

    def _build(self) -> None:
        title = QLabel(self.tr("Abnormal operation list"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        self.loading_label = QLabel(self.tr("Loading..."))
        self.loading_label.setStyleSheet("color: #8a8f98;")
        self.loading_label.hide()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.loading_label)
        top.addStretch(1)
        top.addWidget(refresh)

        self.proposal_table = self._table(self.proposals)
        self.confirm_button = QPushButton(self.tr("Confirm listing..."))
        self.decline_button = QPushButton(self.tr("Decline..."))
        self.confirm_button.clicked.connect(self.confirm)
        self.decline_button.clicked.connect(self.decline)
        self.listed_table = self._table(self.listed)
        self.remove_button = QPushButton(self.tr("Remove from the list..."))
        self.remove_button.clicked.connect(self.remove)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.result = QLabel()
        self.result.setWordWrap(True)

        proposals_page = QWidget()
        pl = QVBoxLayout(proposals_page)
        pl.addWidget(self.proposal_table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.decline_button)
        row.addWidget(self.confirm_button)
        pl.addLayout(row)
        listed_page = QWidget()
        ll = QVBoxLayout(listed_page)
        ll.addWidget(self.listed_table, 1)
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(self.remove_button)
        ll.addLayout(row2)
        self.tabs = QTabWidget()
        self.tabs.addTab(proposals_page, self.tr("Proposals to confirm"))
        self.tabs.addTab(listed_page, self.tr("Listed"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.result)
        self.proposal_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.listed_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

    def _table(self, model) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(1, 170)
        table.setColumnWidth(2, 220)
        return table

    def _on_changed(self, changes: frozenset) -> None:
        if "abnormal" in changes:
            self.reload()

    def reload(self) -> None:
        """Read both lists again; the tables keep what they show until they are back."""
        self._read += 1
        token = self._read
        self._set_loading(True)
        self.ctx.ops.read(q.abnormal_lists, self.ctx.principal, owner=self,
                          done=lambda lists: self._show(token, lists), failed=lambda exc: self._failed(token, exc))

    def _set_loading(self, on: bool) -> None:
        self.loading = on
        self.loading_label.setVisible(on)

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._read:
            self._set_loading(False)
            self.result.setStyleSheet("color: #c62828; font-weight: bold;")
            self.result.setText(failure_text(exc))

    def _show(self, token: int, lists: q.AbnormalLists) -> None:
        if token != self._read:
            return
        self._set_loading(False)
        proposals, listed = lists.proposals, lists.listed
        self.proposals.set_records(proposals)
        self.listed.set_records(listed)
        self.tabs.setTabText(0, self.tr("Proposals to confirm (%1)").replace("%1", str(len(proposals))))
        self.tabs.setTabText(1, self.tr("Listed (%1)").replace("%1", str(len(listed))))
        for table, model in ((self.proposal_table, self.proposals), (self.listed_table, self.listed)):
            if model.rowCount():
                table.selectionModel().setCurrentIndex(
                    model.index(0, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._update_buttons()

    def _selected(self, table: QTableView, model: ListingModel) -> q.ListingRow | None:
        index = table.currentIndex()
        if not index.isValid() or index.row() >= model.rowCount():
            return None
        return model.record(index.row())

    def current_proposal(self) -> q.ListingRow | None:
        return self._selected(self.proposal_table, self.proposals)

    def current_listing(self) -> q.ListingRow | None:
        return self._selected(self.listed_table, self.listed)

    def _update_buttons(self) -> None:
        has = self.current_proposal() is not None
        self.confirm_button.setEnabled(has)
        self.decline_button.setEnabled(has)
        self.remove_button.setEnabled(self.current_listing() is not None)

    # ------------------------------------------------------------------ decisions

    def _open(self, dialog: DecisionDialog, done_text: str) -> DecisionDialog:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._say(done_text))
        dialog.open()
        return dialog

    def confirm(self) -> DecisionDialog | None:
        row = self.current_proposal()
        if row is None:
            return None
        user = self.ctx.principal.user_id

        def command(reason: str, day: str) -> Command:
            return ConfirmAbnormalListing(user_id=user, device_id=self.ctx.device_id, listing_id=row.id,
                                          base_version=row.version, reason=reason, listed_on=day)

        return self._open(DecisionDialog(
            self.ctx.ops, title=self.tr("Confirm listing"),
            intro=self.tr("List %1 on the abnormal operation list. Ground: %2.")
            .replace("%1", row.entity_name).replace("%2", AbnormalGround.label_of(row.ground)),
            reason_label=self.tr("Reason for listing"), date_label=self.tr("Listed on"),
            ok_text=self.tr("Confirm listing"), command=command,
            reason=AbnormalGround.label_of(row.ground), parent=self),
            self.tr("%1 has been listed.").replace("%1", row.entity_name))

    def decline(self) -> DecisionDialog | None:
        row = self.current_proposal()
        if row is None:
            return None
        user = self.ctx.principal.user_id

        def command(reason: str, _day: str) -> Command:
            return DeclineAbnormalListing(user_id=user, device_id=self.ctx.device_id, listing_id=row.id,
                                          base_version=row.version, reason=reason)

        return self._open(DecisionDialog(
            self.ctx.ops, title=self.tr("Decline listing"),
            intro=self.tr("Do not list %1; say why.").replace("%1", row.entity_name),
            reason_label=self.tr("Reason"), date_label=None, ok_text=self.tr("Decline"), command=command,
            parent=self), self.tr("The proposal has been declined."))

    def remove(self) -> DecisionDialog | None:
        row = self.current_listing()
        if row is None:
            return None
        user = self.ctx.principal.user_id

        def command(reason: str, day: str) -> Command:
            return RemoveAbnormalListing(user_id=user, device_id=self.ctx.device_id, listing_id=row.id,
                                         base_version=row.version, reason=reason, removed_on=day)

        return self._open(DecisionDialog(
            self.ctx.ops, title=self.tr("Remove from the list"),
            intro=self.tr("Remove %1 from the abnormal operation list (listed on %2).")
            .replace("%1", row.entity_name).replace("%2", row.listed_on.isoformat() if row.listed_on else ""),
            reason_label=self.tr("Reason for removal"), date_label=self.tr("Removed on"),
            ok_text=self.tr("Remove"), command=command, parent=self),
            self.tr("%1 has been removed from the list.").replace("%1", row.entity_name))

    def _say(self, text: str) -> None:
        self.result.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.result.setText(text)

