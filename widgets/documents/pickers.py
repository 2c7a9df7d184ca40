"""Choosing people and units for a document: the 承办人 of a 批示, the 会签 people of a draft, its
主送 and 抄送 units. People come from the centre while it answers (other offices' staff are not in
this workstation's replica), else from the office's own list, and the picker says so."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from client.documents import queries as dq
from client.documents import rules
from widgets.app_context import AppContext
from widgets.common.detail_pane import MUTED

ID_ROLE = Qt.ItemDataRole.UserRole


class CheckList(QWidget):
    """A filterable list of checkable entries; `checked()` the ids ticked, in the list's order."""

    changed = Signal()

    def __init__(self, name: str, placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.filter = QLineEdit(objectName=f"{name}Filter")
        self.filter.setPlaceholderText(placeholder)
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget(objectName=name)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.note = QLabel()
        self.note.setStyleSheet(f"color: {MUTED}")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)

    def set_entries(self, entries: list[tuple[str, str]], checked: set[str] = frozenset()) -> None:
        """(id, text) each."""
        keep = set(self.checked()) | set(checked)
        self.list.blockSignals(True)
        self.list.clear()
        for entry_id, text in entries:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, entry_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry_id in keep else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._filter(self.filter.text())

    def checked(self) -> list[str]:
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def check(self, entry_id: str, on: bool = True) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == entry_id:
                self.list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def texts(self, ids: list[str]) -> list[str]:
        by_id = {self.list.item(i).data(ID_ROLE): self.list.item(i).text() for i in range(self.list.count())}
        return [by_id.get(i, i) for i in ids]

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _filter(self, text: str) -> None:
        words = text.split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(words) and not all(w in item.text() for w in words))


class PeoplePicker(CheckList):
    """Staff of the reader's district bureau, the reader's own office first."""

    def __init__(self, ctx: AppContext, name: str, parent: QWidget | None = None, *, exclude_self: bool = False):
        super().__init__(name, "", parent)
        self.filter.setPlaceholderText(self.tr("Filter by name or unit"))
        self.ctx = ctx
        self.exclude_self = exclude_self
        self.people: list[dq.Person] = []
        ctx.ops.read(dq.document_people, ctx.principal, owner=self, wide=True, done=self._loaded,
                     failed=lambda exc: self.show_note(str(exc)))

    def _loaded(self, answer) -> None:
        # a wide read answers with the value and whether the centre gave it (sync/reads.Answer)
        people = getattr(answer, "value", answer)
        if getattr(answer, "local_only", False):
            self.show_note(self.tr("Offline: only your office's staff are listed."))
        me = self.ctx.principal.user_id
        self.people = [p for p in people if not (self.exclude_self and p.user_id == me)]
        self.set_entries([(p.user_id, f"{p.name}（{p.unit}{'，' + p.roles if p.roles else ''}）")
                          for p in self.people])
        self.changed.emit()


class UnitPicker(CheckList):
    """Offices of the bureau, the reader's district first (reference data: always here)."""

    def __init__(self, ctx: AppContext, name: str, parent: QWidget | None = None):
        super().__init__(name, "", parent)
        self.filter.setPlaceholderText(self.tr("Filter by name"))
        self.units: dict[str, str] = {}
        ctx.ops.read(dq.document_units, ctx.principal, owner=self, done=self._loaded,
                     failed=lambda exc: self.show_note(str(exc)))

    def _loaded(self, units: list[dq.UnitChoice]) -> None:
        self.units = {u.code: u.name for u in units}
        self.set_entries([(u.code, u.name) for u in units])
        self.changed.emit()


class KindChoice(QComboBox):
    """文种: follows the title's ending (……的通知 → 通知) until the user picks one."""

    def __init__(self, name: str, title: QLineEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        for kind in rules.DocKind:
            self.addItem(kind.label, kind.code)
        self.chosen = False  # picked by the user: the title no longer moves it
        self.activated.connect(self._picked)
        title.textChanged.connect(self._follow)
        self._follow(title.text())

    def _picked(self, _index: int) -> None:
        self.chosen = True

    def _follow(self, text: str) -> None:
        if not self.chosen:
            self.setCurrentIndex(self.findData(rules.kind_of_title(text)))

    def choose(self, code: str) -> None:
        self.chosen = True
        self.setCurrentIndex(max(0, self.findData(code)))
