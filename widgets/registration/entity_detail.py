"""One entity: its registration items, its state and why, its history and applications, and
what may be done to it now (变更, 注销, 吊销, 打印营业执照).

A button the clerk's role does not allow is not shown; a button the entity's state does not
allow is shown disabled, with the reason (client.kernel.lifecycle.refusal) as its tooltip,
so nobody wonders why it cannot be pressed. The services check all of it again.

The entity is read in the background, again whenever a command or a pull changes the register
("entities", "applications", "history"): a credit code the centre assigned replaces 待分配.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.kernel import reference
from client.kernel.lifecycle import EntityState
from client.kernel.roles import Role
from client.kernel.types import new_id
from client.registration import items as items_
from client.registration.commands import RevokeLicence, SubmitDeregistration
from client.registration.rules import refusal
from client.registration.search import EntityDetail, entity_detail
from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common import formatting as fmt
from widgets.common.tasks import failure_text
from widgets.registration.application_form import ChangeBase
from widgets.registration.dialogs import ReasonDialog
from widgets.registration.record_models import (
    EntityApplicationsModel,
    EntityEventsModel,
)

#: the items in the order a licence and the form list them
ITEM_ORDER = ("name", "kind_code", "legal_rep", "legal_rep_id_no", "address", "capital_wan",
              "composition_form", "term_end", "industry_code", "business_scope", "phone")

PRINT_ROLES = (Role.CLERK, Role.REVIEWER, Role.OFFICE_HEAD)


class EntityDetailWidget(QWidget):
    #: the clerk wants a change application for this entity (a ChangeBase)
    change_requested = Signal(object)
    #: the entity's name changed (after an approved change): the tab follows
    title_changed = Signal(str)

    def __init__(self, ctx: AppContext, entity_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.entity_id = entity_id
        self.detail: EntityDetail | None = None
        self.dialog = None  # the last dialog opened (tests look at it)
        self.loading = False
        self._reads = 0  # the newest read: an older answer arriving late is dropped
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.reload()

    def title(self) -> str:
        return self.detail.row.name if self.detail is not None else self.tr("Entity")

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.name_label = QLabel()
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label.setWordWrap(True)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name_label.setFont(font)
        self.code_label = QLabel()
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.loading_label = QLabel()  # beside the actions: reading again never moves the page
        self.loading_label.setStyleSheet("color: #5b6573;")

        self.change_button = QPushButton(self.tr("Change registration..."))
        self.deregister_button = QPushButton(self.tr("Deregistration..."))
        self.revoke_button = QPushButton(self.tr("Revoke licence..."))
        self.print_button = QPushButton(self.tr("Print licence..."))
        self.change_button.clicked.connect(self.request_change)
        self.deregister_button.clicked.connect(self.request_deregistration)
        self.revoke_button.clicked.connect(self.request_revocation)
        self.print_button.clicked.connect(self.open_licence)
        actions = QHBoxLayout()
        for b in (self.change_button, self.deregister_button, self.revoke_button, self.print_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.loading_label)

        self.items_grid = QGridLayout()
        self.items_grid.setHorizontalSpacing(14)
        self.items_grid.setVerticalSpacing(6)
        self.items_grid.setColumnStretch(1, 1)
        self.items_grid.setColumnStretch(3, 1)
        items_frame = QFrame()
        items_frame.setObjectName("itemsFrame")
        items_frame.setFrameShape(QFrame.Shape.StyledPanel)
        items_frame.setLayout(self.items_grid)

        self.events_model = EntityEventsModel(self)
        self.apps_model = EntityApplicationsModel(self)
        self.events_view = _table(self.events_model, (140, 560))
        self.apps_view = _table(self.apps_model, (170, 90, 80, 130))
        lower = QTabWidget()
        lower.addTab(self.events_view, self.tr("History"))
        lower.addTab(self.apps_view, self.tr("Applications"))
        self.lower_tabs = lower

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.name_label)
        layout.addWidget(self.code_label)
        layout.addWidget(self.state_label)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(items_frame)
        layout.addWidget(lower, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # ------------------------------------------------------------------ loading

    def _on_changed(self, changes: frozenset) -> None:
        if changes & {"entities", "applications", "history"}:
            self.reload()

    def reload(self) -> None:
        """Read the entity again in the background; what is shown stays until the answer comes."""
        self._reads += 1
        ticket = self._reads
        self.loading = True
        self.loading_label.setText(self.tr("Loading…"))
        if self.detail is None:
            for b in (self.change_button, self.deregister_button, self.revoke_button, self.print_button):
                b.setEnabled(False)
        self.ctx.ops.read(entity_detail, self.ctx.principal, self.entity_id, owner=self,
                          done=lambda detail: self._loaded(ticket, detail),
                          failed=lambda exc: self._load_failed(ticket, exc))

    def _load_failed(self, ticket: int, exc: BaseException) -> None:
        if ticket != self._reads:
            return
        self.loading = False
        self.loading_label.clear()
        self._say(self.tr("The entity could not be read: %1").replace("%1", failure_text(exc))
                  + (" " + self.tr("Showing what was loaded before.") if self.detail is not None else ""),
                  ok=False)

    def _loaded(self, ticket: int, detail: EntityDetail | None) -> None:
        if ticket != self._reads:
            return
        self.loading = False
        self.loading_label.clear()
        if detail is None:
            self._say(self.tr("This entity is not in your jurisdiction or no longer exists."), ok=False)
            for b in (self.change_button, self.deregister_button, self.revoke_button, self.print_button):
                b.setEnabled(False)
            return
        old_name = self.detail.row.name if self.detail is not None else None
        self.detail = detail
        self._show()
        if old_name != detail.row.name:
            self.title_changed.emit(detail.row.name)

    def _show(self) -> None:
        d, items = self.detail.row, self.detail.items
        self.name_label.setText(d.name)
        self.code_label.setText(self.tr("Unified social credit code: %1").replace("%1", fmt.number_text(d.uscc)))
        state = fmt.state_text(d.state, d.abnormal)
        if d.state != EntityState.ACTIVE.code:
            when = fmt.date_text(items.get("state_changed_on"))
            state += self.tr(" (%1)").replace("%1", when) if when else ""
            if items.get("state_reason"):
                state += "  " + self.tr("Reason: %1").replace("%1", items["state_reason"])
        self.state_label.setText(self.tr("Registration state: %1").replace("%1", state))
        bad = d.state != EntityState.ACTIVE.code or d.abnormal
        self.state_label.setStyleSheet("color: #c62828; font-weight: bold;" if bad else "")
        self._fill_items()
        # newest first: the clerk looks for what happened last
        self.events_model.set_records(list(reversed(self.detail.events)))
        self.apps_model.set_records(list(reversed(self.detail.applications)))
        self._update_actions()

    def _fill_items(self) -> None:
        while self.items_grid.count():
            item = self.items_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        d = self.detail.row
        values = self.values()
        keys = [k for k in ITEM_ORDER if k in items_.applicable_keys(d.kind_code)]
        extra = [(self.tr("Established"), fmt.date_text(d.established_on)),
                 (self.tr("Registration authority"), fmt.office_name(d.office_code))]
        rows = [(items_.label(k, d.kind_code), self._value_text(k, values.get(k))) for k in keys
                if k != "business_scope"] + extra
        half = (len(rows) + 1) // 2
        for i, (label, value) in enumerate(rows):
            row, col = (i, 0) if i < half else (i - half, 2)
            self.items_grid.addWidget(_caption(label), row, col, Qt.AlignmentFlag.AlignTop)
            self.items_grid.addWidget(_value(value), row, col + 1)
        scope_row = half
        self.items_grid.addWidget(_caption(items_.label("business_scope", d.kind_code)), scope_row, 0,
                                  Qt.AlignmentFlag.AlignTop)
        self.items_grid.addWidget(_value(values.get("business_scope") or ""), scope_row, 1, 1, 3)

    def values(self) -> dict[str, str]:
        """The entity's registration items as form text, keyed like registration_items."""
        items = self.detail.items
        return {k: fmt.plain(items.get(k)) for k in items_.ITEMS}

    @staticmethod
    def _value_text(key: str, value: str | None) -> str:
        if key == "kind_code":
            return fmt.kind_name(value)
        if key == "capital_wan":
            return fmt.wan_text(value)
        if key == "term_end":
            return value or fmt.long_term_text()
        if key == "industry_code" and value:
            try:
                return f"{value} {reference.industry(value).name}"
            except KeyError:
                return value
        return value or ""

    # ------------------------------------------------------------------ actions

    def _pending(self):
        return next((a for a in self.detail.applications if a.state == "accepted"), None)

    def _update_actions(self) -> None:
        principal = self.ctx.principal
        d = self.detail.row
        state = EntityState.from_code(d.state)
        pending = self._pending()
        pending_note = (self.tr("Application %1 is still open; it must be decided first.")
                        .replace("%1", fmt.number_text(pending.app_no)) if pending else None)

        def setup(button: QPushButton, action: str, roles, extra: str | None = None):
            allowed_role = principal is not None and any(principal.has(r) for r in roles)
            button.setVisible(allowed_role)
            reason = refusal(state, action) or extra
            button.setEnabled(allowed_role and reason is None)
            button.setToolTip(reason or "")

        setup(self.change_button, "change", (Role.CLERK,), pending_note)
        setup(self.deregister_button, "deregister", (Role.CLERK,), pending_note)
        setup(self.revoke_button, "revoke", (Role.OFFICE_HEAD,))
        setup(self.print_button, "print_licence", PRINT_ROLES,
              None if d.uscc else self.tr("The entity has no credit code yet."))

    def change_base(self) -> ChangeBase:
        d = self.detail.row
        return ChangeBase(entity_id=d.id, version=d.version, name=d.name, kind_code=d.kind_code,
                          district_code=d.district_code, office_code=d.office_code, values=self.values())

    def request_change(self) -> None:
        if self.detail is not None and self.change_button.isEnabled():
            self.change_requested.emit(self.change_base())

    def request_deregistration(self) -> None:
        if self.detail is None:
            return
        d = self.detail.row
        application_id = new_id()  # one application however often the clerk presses OK

        def command(reason: str, _decision_no: str) -> SubmitDeregistration:
            return SubmitDeregistration(
                user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                application_id=application_id, entity_id=d.id, base_version=d.version, reason=reason)

        self.dialog = ReasonDialog(
            title=self.tr("Deregistration"), intro=d.name, reason_label=self.tr("Reason for deregistration"),
            ok_text=self.tr("Accept application"), ops=self.ctx.ops, command=command,
            placeholder=self.tr("e.g. the shareholders resolved to dissolve the company"), parent=self)
        self.dialog.accepted.connect(lambda: self._said_outcome(
            self.tr("Deregistration application accepted. Acceptance no.: %1"), self.dialog.outcome))
        self.dialog.open()

    def request_revocation(self) -> None:
        if self.detail is None:
            return
        d = self.detail.row

        def command(reason: str, decision_no: str) -> RevokeLicence:
            return RevokeLicence(
                user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                entity_id=d.id, base_version=d.version, reason=reason, decision_no=decision_no)

        self.dialog = ReasonDialog(
            title=self.tr("Revoke business licence"), intro=d.name, reason_label=self.tr("Revocation reason"),
            ok_text=self.tr("Revoke"), ops=self.ctx.ops, command=command, with_decision_no=True, parent=self)
        self.dialog.accepted.connect(lambda: self._say(self.tr("The business licence has been revoked."), ok=True))
        self.dialog.open()

    def open_licence(self) -> None:
        from widgets.registration.licence_dialog import (
            LicenceDialog,  # QtPdf loads on first use
        )

        if self.detail is None:
            return
        self.dialog = LicenceDialog(self.ctx, self.detail.row.id, self)
        self.dialog.open()

    def _said_outcome(self, template: str, outcome: Outcome | None) -> None:
        if outcome is not None:
            self._say(template.replace("%1", fmt.number_text(outcome.result.get("app_no"))), ok=True)

    def _say(self, text: str, *, ok: bool) -> None:
        colour = "#1b5e20" if ok else "#c62828"
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message.setText(text)
        self.message.show()


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #5b6573;")
    return label


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _table(model, widths) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)
    view.horizontalHeader().setStretchLastSection(True)
    view.setMinimumHeight(160)
    return view
