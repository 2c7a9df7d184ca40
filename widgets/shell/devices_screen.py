"""设备管理: the workstations enrolled in the administrator's jurisdiction, and revoking a lost or
stolen one. The list is a query (client.kernel.devices.list_devices) and a revocation a command
(RevokeDevice), through ctx.ops like every screen: for the administrator, both go to the centre.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.kernel.devices import DeviceRow, RevokeDevice, list_devices
from widgets.app_context import AppContext
from widgets.common import messages
from widgets.common.banner import Banner
from widgets.common.formatting import datetime_text, district_name, office_name
from widgets.common.record_models import RecordTableModel
from widgets.common.tasks import failure_text


class DeviceModel(RecordTableModel):
    def columns(self):
        return [
            (self.tr("Device"), lambda d: d.label),
            (self.tr("Unit"), lambda d: office_name(d.office_code) if d.office_code else
             district_name(d.district_code) if d.district_code else self.tr("City bureau")),
            (self.tr("Enrolled"), lambda d: datetime_text(d.enrolled_at)),
            (self.tr("Enrolled by"), lambda d: d.enrolled_by or ""),
            (self.tr("Last sync"), lambda d: datetime_text(d.last_seen_at) if d.last_seen_at else self.tr("Never")),
            (self.tr("Users"), lambda d: str(d.users)),
            (self.tr("State"), lambda d: self.tr("Revoked {when}").format(when=datetime_text(d.revoked_at))
             if d.revoked else self.tr("In use")),
        ]


class DevicesScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("devicesScreen")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        title = QLabel(self.tr("Devices"), objectName="pageTitle")
        layout.addWidget(title)
        hint = QLabel(self.tr("Workstations enrol themselves at their first online sign-in. Revoke one that was "
                              "lost or stolen: its queued work is not applied and it can no longer synchronise."),
                      objectName="hintLabel")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.banner = Banner(self)
        layout.addWidget(self.banner)
        self.model = DeviceModel(self)
        self.table = QTableView(objectName="devicesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        self.revoke_button = QPushButton(self.tr("Revoke device…"), objectName="dangerButton")
        self.revoke_button.clicked.connect(self.revoke_selected)
        row.addWidget(self.refresh_button)
        row.addWidget(self.revoke_button)
        layout.addLayout(row)
        self._update_buttons()
        self.reload()

    def selected(self) -> DeviceRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def reload(self) -> None:
        self.ctx.ops.read(list_devices, self.ctx.principal, owner=self, done=self._show,
                          failed=lambda exc: self.banner.show_error(failure_text(exc)))

    def revoke_selected(self) -> None:
        device = self.selected()
        if device is None or device.revoked:
            return
        if not messages.confirm(self, self.tr("Revoke the device \"{label}\"? Its queued work will not be applied "
                                              "and it can no longer synchronise. This cannot be undone.")
                                .format(label=device.label), title=self.tr("Revoke device")):
            return
        self.revoke_button.setEnabled(False)
        self.ctx.ops.write(RevokeDevice(user_id=self.ctx.principal.user_id, target_device_id=device.id),
                           owner=self, done=self._revoked,
                           failed=lambda exc: self.banner.show_error(failure_text(exc)))

    def _revoked(self, outcome) -> None:
        if outcome.ok:
            self.banner.show_success(self.tr("The device was revoked."), None)
        else:
            self.banner.show_error(outcome.message or "")
        self.reload()

    def _show(self, devices: list[DeviceRow]) -> None:
        self.model.set_records(devices)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        device = self.selected()
        self.revoke_button.setEnabled(device is not None and not device.revoked)
