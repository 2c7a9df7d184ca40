"""The administrators' flow editor: draw a flow, set each node's people and deadline and each
condition edge's condition, check it, export / import it as JSON, and ask for it to be published.

The drawing is the model: every node and edge lives in the FlowScene (widgets/flows/drawing.py)
as the client's frozen Node / Edge, replaced whenever a property changes; `flow()` reads them back
with the positions they were dragged to. Publishing is not done here: the editor checks the flow
with client.flows.definition.problems (the centre checks again) and emits `publish_requested`
with the JSON, which the screen that holds the editor turns into the command storing a new
version.

Keyboard: Delete removes the selection, Esc leaves connect mode, arrows nudge the selected nodes,
Ctrl+wheel / Ctrl++ / Ctrl+- zoom and Ctrl+0 fits the flow in view.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from client.flows import definition
from client.flows.definition import (
    Assignees,
    Decision,
    Edge,
    FlowDefinition,
    Node,
    NodeKind,
    Outcome,
    Unit,
)
from client.kernel.roles import Role
from widgets.flows.drawing import (
    APPROVE_BAND,
    CHIP_FILL,
    EdgeItem,
    FlowScene,
    FlowView,
    GRID_STEP,
    NodeItem,
    footprint,
    kind_colours,
    outline_of,
)

#: where a new node's key is counted from: n1, n2, ...
_KEY = re.compile(r"^n(\d+)$")
#: named users are typed as a list: commas (either width), semicolons or spaces between them
_USER_SEPARATORS = re.compile(r"[,，;；、\s]+")
_OK = "#1E8E3E"
_ERROR = "#D0312D"


def parse_users(text: str) -> tuple[str, ...]:
    """User ids or usernames as typed, without blanks or repeats, in the order given."""
    return tuple(dict.fromkeys(u for u in _USER_SEPARATORS.split(text.strip()) if u))


def kind_icon(kind: NodeKind) -> QIcon:
    """The node's shape in its colours, for the toolbar's add buttons."""
    pixmap = QPixmap(40, 40)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    outline = outline_of(kind.code)
    rect = outline.boundingRect()
    scale = 32 / max(rect.width(), rect.height())
    painter.translate(20, 20)
    painter.scale(scale, scale)
    fill, line = kind_colours(kind.code)
    if kind is NodeKind.APPROVE:  # white on the white toolbar would vanish: its band's colours
        fill, line = CHIP_FILL, APPROVE_BAND
    painter.setBrush(fill)
    painter.setPen(QPen(line, 2.5 / scale))
    painter.drawPath(outline)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(line)
    if kind is NodeKind.START:  # the marks the drawing puts inside: ▶ and ■
        painter.drawPolygon([QPointF(-6, -9), QPointF(10, 0), QPointF(-6, 9)])
    elif kind is NodeKind.END:
        painter.drawRect(QRectF(-7, -7, 14, 14))
    painter.end()
    pixmap.setDevicePixelRatio(2.0)
    return QIcon(pixmap)


class FlowEditor(QWidget):
    """Edits one flow. `load(flow)` shows it; `flow()` is what is drawn now."""

    #: the flow as JSON (FlowDefinition.to_json), when 发布 found no problem
    publish_requested = Signal(str)
    #: any change to the flow (a property, a node or edge added, moved or deleted)
    changed = Signal()

    def __init__(self, flow: FlowDefinition | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._version = 1
        self._fields: tuple[tuple[str, str], ...] = ()
        self._filling = False  # the forms are being filled from the selection, not typed in
        self._node_item: NodeItem | None = None  # what the node form edits
        self._edge_item: EdgeItem | None = None  # what the edge form edits
        self.problems_shown: list[str] = []
        self.scene = FlowScene(self, editable=True)
        self.view = FlowView(self.scene)
        self.scene.selectionChanged.connect(self._on_selection_changed)
        self.scene.connect_requested.connect(self._on_connect_requested)
        self.scene.flow_edited.connect(self.changed)
        self._build()
        self.load(flow or FlowDefinition(key="", title="", nodes=(
            Node(key="n1", kind=NodeKind.START.code, title=NodeKind.START.label, x=0, y=0),
            Node(key="n2", kind=NodeKind.END.code, title=NodeKind.END.label, x=0, y=240))))

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("flowToolbar")
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setStyleSheet(
            "#flowToolbar { background: #FFFFFF; border: none; border-bottom: 1px solid #DCE1E8;"
            " padding: 4px 6px; spacing: 2px; }"
            " #flowToolbar QToolButton { padding: 4px 8px; border: 1px solid transparent; border-radius: 4px; }"
            " #flowToolbar QToolButton:hover { background: #F5F6F8; border-color: #DCE1E8; }"
            " #flowToolbar QToolButton:checked { background: #EAF1FB; border-color: #1F5FBF; color: #1F5FBF; }"
            " #flowToolbar QLabel { color: #5B6573; padding: 0 6px 0 4px; }")
        self.toolbar.addWidget(QLabel(self.tr("Add:")))
        self.add_actions: dict[str, QAction] = {}
        for kind in NodeKind:
            action = QAction(kind_icon(kind), kind.label, self)
            action.setToolTip(self.tr("Add a node: %1").replace("%1", kind.label))
            action.triggered.connect(lambda _checked=False, k=kind.code: self._add_from_toolbar(k))
            self.toolbar.addAction(action)
            self.add_actions[kind.code] = action
        self.toolbar.addSeparator()
        self.connect_action = QAction(self._connect_icon(), self.tr("Connect"), self)
        self.connect_action.setCheckable(True)
        self.connect_action.setToolTip(self.tr("Connect mode: click the source node, then the target "
                                               "(Esc leaves it). Or drag from a node's blue handle."))
        self.connect_action.toggled.connect(self.set_connect_mode)
        self.toolbar.addAction(self.connect_action)
        self.delete_action = QAction(self.tr("Delete"), self)
        self.delete_action.setToolTip(self.tr("Delete the selected nodes and edges (Delete)"))
        self.delete_action.triggered.connect(self.delete_selected)
        self.toolbar.addAction(self.delete_action)
        self.toolbar.addSeparator()
        self.fit_action = QAction(self.tr("Fit to view"), self)
        self.fit_action.setToolTip(self.tr("Show the whole flow (Ctrl+0)"))
        self.fit_action.triggered.connect(self.view.fit)
        self.toolbar.addAction(self.fit_action)

        # Delete on the drawing only: in a text field the key deletes text
        self._delete_keys = [QShortcut(QKeySequence(key), self.view, self.delete_selected,
                                       context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
                             for key in (QKeySequence.StandardKey.Delete, Qt.Key.Key_Backspace)]
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.leave_connect_mode,
                                 context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        side = QWidget()
        side.setObjectName("flowSide")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(10, 4, 10, 10)
        side_layout.setSpacing(8)
        side_layout.addWidget(self._build_flow_box())
        self.properties = QStackedWidget()
        self.nothing_page = QLabel(self.tr("Select a node or an edge to edit it."))
        self.nothing_page.setObjectName("hintLabel")
        self.nothing_page.setWordWrap(True)
        self.nothing_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.nothing_page.setContentsMargins(4, 8, 4, 8)
        self.node_box = self._build_node_box()
        self.edge_box = self._build_edge_box()
        for page in (self.nothing_page, self.node_box, self.edge_box):
            self.properties.addWidget(page)
        self.properties.currentChanged.connect(self._fit_properties)
        self._fit_properties()
        side_layout.addWidget(self.properties)
        side_layout.addWidget(self._build_problems_box(), 1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(340)
        scroll.setStyleSheet("QScrollArea, #flowSide { background: #F3F5F8; }")

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.validate_button = QPushButton(self.tr("Check"))
        self.validate_button.setToolTip(self.tr("List what keeps the flow from being published"))
        self.validate_button.clicked.connect(self.validate)
        self.import_button = QPushButton(self.tr("Import..."))
        self.import_button.clicked.connect(self.import_flow)
        self.export_button = QPushButton(self.tr("Export..."))
        self.export_button.clicked.connect(self.export_flow)
        self.publish_button = QPushButton(self.tr("Publish"))
        self.publish_button.setObjectName("primaryButton")
        self.publish_button.setToolTip(self.tr("Publish the flow as a new version (it is checked first)"))
        self.publish_button.clicked.connect(self.publish)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(10, 6, 10, 8)
        bottom.addWidget(self.message, 1)
        for button in (self.validate_button, self.import_button, self.export_button, self.publish_button):
            bottom.addWidget(button)

        canvas = QFrame()
        canvas.setObjectName("flowCanvas")
        canvas.setStyleSheet("#flowCanvas { border: 1px solid #DCE1E8; background: #FBFCFD; }")
        canvas_layout = QVBoxLayout(canvas)
        canvas_layout.setContentsMargins(0, 0, 0, 0)
        canvas_layout.setSpacing(0)
        canvas_layout.addWidget(self.toolbar)
        canvas_layout.addWidget(self.view, 1)
        middle = QHBoxLayout()
        middle.setContentsMargins(10, 10, 0, 0)
        middle.setSpacing(0)
        middle.addWidget(canvas, 1)
        middle.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)

    def _fit_properties(self, _index: int = 0) -> None:
        """The stack as tall as the page shown, not as its tallest page (the check list below
        gets the rest)."""
        for i in range(self.properties.count()):
            page = self.properties.widget(i)
            shown = page is self.properties.currentWidget()
            page.setSizePolicy(QSizePolicy.Policy.Preferred,
                               QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored)
        self.properties.adjustSize()
        self.properties.updateGeometry()

    def _build_flow_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Flow"))
        form = QFormLayout(box)
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText("certification.contract")
        self.key_edit.setToolTip(self.tr("What an area starts an instance of; the same for every version"))
        self.title_edit = QLineEdit()
        self.escalate_spin = QSpinBox()
        self.escalate_spin.setRange(1, 60)
        self.escalate_spin.setSuffix(self.tr(" working day(s)"))
        self.escalate_spin.setToolTip(self.tr("An overdue task goes to the unit head after this many "
                                              "overdue working days"))
        for edit in (self.key_edit, self.title_edit):
            edit.textEdited.connect(self.changed)
        self.escalate_spin.valueChanged.connect(self._on_flow_field_changed)
        self.version_label = QLabel()
        self.version_label.setObjectName("hintLabel")
        form.addRow(self.tr("Key"), self.key_edit)
        form.addRow(self.tr("Name"), self.title_edit)
        form.addRow(self.tr("Escalate after"), self.escalate_spin)
        form.addRow(self.tr("Version"), self.version_label)
        return box

    def _build_node_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Node"))
        form = self.node_form = QFormLayout(box)
        self.node_kind_label = QLabel()
        self.node_kind_label.setObjectName("hintLabel")
        self.node_title_edit = QLineEdit()
        self.node_title_edit.textEdited.connect(self._apply_node)

        mode = QWidget()
        mode_layout = QHBoxLayout(mode)
        mode_layout.setContentsMargins(0, 0, 0, 0)
        self.by_role_radio = QRadioButton(self.tr("By role"))
        self.by_users_radio = QRadioButton(self.tr("Named users"))
        self.assignee_mode = QButtonGroup(self)
        self.assignee_mode.addButton(self.by_role_radio)
        self.assignee_mode.addButton(self.by_users_radio)
        self.by_role_radio.setChecked(True)
        mode_layout.addWidget(self.by_role_radio)
        mode_layout.addWidget(self.by_users_radio)
        mode_layout.addStretch(1)
        self.assignee_mode.buttonToggled.connect(self._on_assignee_mode)
        self.assignee_mode_row = mode

        self.role_combo = QComboBox()
        self.role_combo.addItem(self.tr("(choose a role)"), None)
        for role in Role:
            self.role_combo.addItem(role.label, role.code)
        self.unit_combo = QComboBox()
        for unit in Unit:
            self.unit_combo.addItem(unit.label, unit.code)
        self.users_edit = QLineEdit()
        self.users_edit.setPlaceholderText(self.tr("user ids or usernames, separated by commas"))
        self.decision_combo = QComboBox()
        for decision in Decision:
            self.decision_combo.addItem(decision.label, decision.code)
        self.share_spin = QSpinBox()
        self.share_spin.setRange(1, 100)
        self.share_spin.setValue(50)
        self.share_spin.setSuffix("%")
        self.share_spin.setToolTip(self.tr("At least this share of the assignees must approve"))
        self.deadline_spin = QSpinBox()
        self.deadline_spin.setRange(0, 365)
        self.deadline_spin.setSpecialValueText(self.tr("No deadline"))
        self.deadline_spin.setSuffix(self.tr(" working day(s)"))
        self.outcome_combo = QComboBox()
        for outcome in Outcome:
            self.outcome_combo.addItem(outcome.label, outcome.code)
        for combo in (self.role_combo, self.unit_combo, self.decision_combo, self.outcome_combo):
            combo.currentIndexChanged.connect(self._apply_node)
        self.users_edit.textEdited.connect(self._apply_node)
        for spin in (self.share_spin, self.deadline_spin):
            spin.valueChanged.connect(self._apply_node)

        form.addRow(self.tr("Kind"), self.node_kind_label)
        form.addRow(self.tr("Name"), self.node_title_edit)
        form.addRow(self.tr("Assignees"), self.assignee_mode_row)
        form.addRow(self.tr("Role"), self.role_combo)
        form.addRow(self.tr("Unit"), self.unit_combo)
        form.addRow(self.tr("Users"), self.users_edit)
        form.addRow(self.tr("Decision"), self.decision_combo)
        form.addRow(self.tr("Share"), self.share_spin)
        form.addRow(self.tr("Deadline"), self.deadline_spin)
        form.addRow(self.tr("Outcome"), self.outcome_combo)
        return box

    def _build_edge_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Edge"))
        form = QFormLayout(box)
        self.edge_ends_label = QLabel()
        self.edge_ends_label.setWordWrap(True)
        self.condition_edit = QLineEdit()
        self.condition_edit.setPlaceholderText("amount >= 1000000")
        self.condition_edit.setToolTip(self.tr("Only the edges leaving a condition node carry a condition; "
                                               "leave it empty on the default edge"))
        self.condition_edit.editingFinished.connect(self._commit_condition)
        self.condition_problem = QLabel()
        self.condition_problem.setObjectName("errorLabel")
        self.condition_problem.setWordWrap(True)
        self.condition_problem.hide()
        self.fields_hint = QLabel()
        self.fields_hint.setObjectName("hintLabel")
        self.fields_hint.setWordWrap(True)
        self.edge_label_edit = QLineEdit()
        self.edge_label_edit.setPlaceholderText(self.tr("e.g. large contract"))
        self.edge_label_edit.textEdited.connect(self._apply_edge_label)
        form.addRow(self.tr("From / to"), self.edge_ends_label)
        form.addRow(self.tr("Condition"), self.condition_edit)
        form.addRow("", self.condition_problem)
        form.addRow("", self.fields_hint)
        form.addRow(self.tr("Label"), self.edge_label_edit)
        return box

    def _build_problems_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Check"))
        layout = QVBoxLayout(box)
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.setMinimumHeight(90)
        self.problem_list.setStyleSheet("QListWidget { border: none; } QListWidget::item { padding: 4px 2px; }")
        layout.addWidget(self.problem_list)
        self.problem_list.addItem(self.tr("Press Check to list what keeps the flow from being published."))
        self.problem_list.item(0).setForeground(QColor("#5B6573"))
        return box

    @staticmethod
    def _connect_icon() -> QIcon:
        pixmap = QPixmap(40, 40)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#1F5FBF"), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(QPointF(6, 32), QPointF(30, 10))
        p.setBrush(QColor("#1F5FBF"))
        p.drawEllipse(QPointF(6, 32), 4, 4)
        p.drawPolygon([QPointF(34, 6), QPointF(22, 9), QPointF(31, 18)])
        p.end()
        pixmap.setDevicePixelRatio(2.0)
        return QIcon(pixmap)

    # --- the flow ------------------------------------------------------------------------------

    def load(self, flow: FlowDefinition) -> None:
        """Shows `flow` for editing (what was drawn before is dropped)."""
        self.leave_connect_mode()
        self._node_item = self._edge_item = None
        self._version = flow.version
        self._fields = tuple(flow.fields)
        self._filling = True
        self.key_edit.setText(flow.key)
        self.title_edit.setText(flow.title)
        self.escalate_spin.setValue(max(1, min(60, flow.escalate_after_days)))
        self.version_label.setText(str(flow.version))
        self._filling = False
        self.scene.set_flow(flow)
        self.properties.setCurrentWidget(self.nothing_page)
        self._show_message("")
        self.view.fit()

    def flow(self) -> FlowDefinition:
        """The flow as drawn now (the condition being typed included)."""
        self._commit_condition()
        return FlowDefinition(key=self.key_edit.text().strip(), title=self.title_edit.text().strip(),
                              version=self._version, nodes=self.scene.nodes(), edges=self.scene.edges(),
                              escalate_after_days=self.escalate_spin.value(), fields=self._fields)

    def _on_flow_field_changed(self) -> None:
        if not self._filling:
            self.changed.emit()

    # --- nodes and edges -----------------------------------------------------------------------

    def next_key(self) -> str:
        """n1, n2, ...: one more than the highest in use."""
        used = [int(m.group(1)) for item in self.scene.node_items() if (m := _KEY.match(item.key))]
        return f"n{max(used, default=0) + 1}"

    def add_node(self, kind: str | NodeKind, *, x: float | None = None, y: float | None = None,
                 title: str | None = None) -> str:
        """Adds a node of `kind` (at x, y, or in a free place in view) and selects it; its key."""
        kind = kind if isinstance(kind, NodeKind) else NodeKind.from_code(kind)
        where = self._free_place(kind) if x is None or y is None else QPointF(x, y)
        node = Node(key=self.next_key(), kind=kind.code, title=title or kind.label, x=where.x(), y=where.y())
        if kind is NodeKind.APPROVE:
            node = replace(node, assignees=Assignees(), deadline_days=3)
        elif kind is NodeKind.COPY:
            node = replace(node, assignees=Assignees())
        item = self.scene.add_node(node)
        self.scene.clearSelection()
        item.setSelected(True)
        self.view.ensureVisible(item)
        self.changed.emit()
        return node.key

    def _add_from_toolbar(self, kind: str) -> None:
        self.add_node(kind)
        self.node_title_edit.setFocus()  # type the name straight away
        self.node_title_edit.selectAll()

    def _free_place(self, kind: NodeKind) -> QPointF:
        """Near the middle of what is in view, where the new node overlaps no other."""
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        size = footprint(kind.code).adjusted(-16, -16, 16, 16)
        taken = [item.sceneBoundingRect() for item in self.scene.node_items()]
        for i in range(200):
            candidate = centre + QPointF((i // 8) * 260.0, (i % 8) * 110.0)
            candidate = QPointF(round(candidate.x() / GRID_STEP) * GRID_STEP,
                                round(candidate.y() / GRID_STEP) * GRID_STEP)
            if not any(size.translated(candidate).intersects(r) for r in taken):
                return candidate
        return centre

    def connect_nodes(self, source: str, target: str, *, condition: str | None = None, label: str = "") -> bool:
        """Adds the edge source -> target; False (and why, in the message line) when it cannot be."""
        problem = self._connection_problem(source, target)
        if problem:
            self._show_message(problem, error=True)
            return False
        item = self.scene.add_edge(Edge(source=source, target=target, condition=condition or None, label=label))
        self._show_message("")
        self.changed.emit()
        if item is not None and item.source.node.kind == NodeKind.CONDITION.code and not self.scene.connect_mode:
            self.scene.clearSelection()
            item.setSelected(True)  # a condition's edge wants its condition next
        return True

    def _connection_problem(self, source: str, target: str) -> str | None:
        a, b = self.scene.node_item(source), self.scene.node_item(target)
        if a is None or b is None:
            return self.tr("There is no such node.")
        if source == target:
            return self.tr("A node cannot be connected to itself.")
        if self.scene.edge_item(source, target) is not None:
            return self.tr("These two nodes are already connected.")
        if a.node.kind == NodeKind.END.code:
            return self.tr("No edge may leave an end node.")
        if b.node.kind == NodeKind.START.code:
            return self.tr("No edge may enter the start node.")
        return None

    def _on_connect_requested(self, source: str, target: str) -> None:
        self.connect_nodes(source, target)

    def delete_selected(self) -> None:
        """Deletes the selected edges and nodes (with the edges that touch them)."""
        selected = self.scene.selectedItems()
        if not selected:
            return
        self._node_item = self._edge_item = None
        for item in selected:
            if isinstance(item, EdgeItem) and item in self.scene.edge_items():
                self.scene.remove_edge(item)
        for item in selected:
            if isinstance(item, NodeItem) and self.scene.node_item(item.key) is item:
                self.scene.remove_node(item.key)
        self.properties.setCurrentWidget(self.nothing_page)
        self.changed.emit()

    def select_node(self, key: str) -> None:
        self.scene.clearSelection()
        self.scene.node_item(key).setSelected(True)

    def select_edge(self, source: str, target: str) -> None:
        self.scene.clearSelection()
        self.scene.edge_item(source, target).setSelected(True)

    # --- connect mode --------------------------------------------------------------------------

    def set_connect_mode(self, on: bool) -> None:
        if self.connect_action.isChecked() != on:
            self.connect_action.setChecked(on)  # comes back here through toggled
            return
        self.scene.set_connect_mode(on)
        if on:
            self.scene.clearSelection()
            self._show_message(self.tr("Click the source node, then the target node. Esc leaves connect mode."))
        else:
            self._show_message("")

    def leave_connect_mode(self) -> None:
        self.scene.cancel_connection()
        self.set_connect_mode(False)

    # --- the property forms --------------------------------------------------------------------

    def _on_selection_changed(self) -> None:
        self._commit_condition()  # what was typed belongs to the edge it was typed for
        try:
            selected = self.scene.selectedItems()
        except RuntimeError:  # the scene is being torn down
            return
        self._node_item = self._edge_item = None
        if len(selected) == 1 and isinstance(selected[0], NodeItem):
            self._fill_node_form(selected[0])
        elif len(selected) == 1 and isinstance(selected[0], EdgeItem):
            self._fill_edge_form(selected[0])
        else:
            self.nothing_page.setText(
                self.tr("%n items selected: Delete removes them.", "", len(selected)) if selected
                else self.tr("Select a node or an edge to edit it."))
            self.properties.setCurrentWidget(self.nothing_page)

    def _fill_node_form(self, item: NodeItem) -> None:
        node = item.node
        kind = node.kind
        people = kind in (NodeKind.APPROVE.code, NodeKind.COPY.code)
        approve = kind == NodeKind.APPROVE.code
        self._filling = True
        try:
            self.node_kind_label.setText(self.tr("%1 · key %2").replace("%1", NodeKind.label_of(kind))
                                         .replace("%2", node.key))
            self.node_title_edit.setText(node.title)
            a = node.assignees or Assignees()
            (self.by_users_radio if a.users else self.by_role_radio).setChecked(True)
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(a.role)) if a.role else 0)
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(a.unit)))
            self.users_edit.setText(", ".join(a.users))
            self.decision_combo.setCurrentIndex(max(0, self.decision_combo.findData(node.decision)))
            if node.share is not None:
                self.share_spin.setValue(int((Decimal(node.share) * 100).to_integral_value()))
            self.deadline_spin.setValue(node.deadline_days or 0)
            self.outcome_combo.setCurrentIndex(max(0, self.outcome_combo.findData(node.outcome)))
        finally:
            self._filling = False
        by_users = self.by_users_radio.isChecked()
        rows = {self.assignee_mode_row: people, self.role_combo: people and not by_users,
                self.unit_combo: people and not by_users, self.users_edit: people and by_users,
                self.decision_combo: approve, self.share_spin: approve, self.deadline_spin: approve,
                self.outcome_combo: kind == NodeKind.END.code}
        for widget, visible in rows.items():
            self.node_form.setRowVisible(widget, visible)
        self.share_spin.setEnabled(node.decision == Decision.SHARE.code)
        self._node_item = item
        self.properties.setCurrentWidget(self.node_box)

    def _on_assignee_mode(self, _button=None, checked: bool = True) -> None:
        if not checked:
            return
        by_users = self.by_users_radio.isChecked()
        self.node_form.setRowVisible(self.role_combo, not by_users)
        self.node_form.setRowVisible(self.unit_combo, not by_users)
        self.node_form.setRowVisible(self.users_edit, by_users)
        self._apply_node()

    def _apply_node(self, *_args) -> None:
        """The node form's values onto the selected node (and its drawing)."""
        item = self._node_item
        if self._filling or item is None or self.scene.node_item(item.key) is not item:
            return
        node = item.node
        changes: dict = {"title": self.node_title_edit.text()}
        if node.kind in (NodeKind.APPROVE.code, NodeKind.COPY.code):
            if self.by_users_radio.isChecked():
                changes["assignees"] = Assignees(users=parse_users(self.users_edit.text()))
            else:
                changes["assignees"] = Assignees(role=self.role_combo.currentData(),
                                                 unit=self.unit_combo.currentData())
        if node.kind == NodeKind.APPROVE.code:
            decision = self.decision_combo.currentData()
            changes["decision"] = decision
            self.share_spin.setEnabled(decision == Decision.SHARE.code)
            changes["share"] = (Decimal(self.share_spin.value()) / 100 if decision == Decision.SHARE.code else None)
            changes["deadline_days"] = self.deadline_spin.value() or None
        if node.kind == NodeKind.END.code:
            changes["outcome"] = self.outcome_combo.currentData()
        updated = replace(node, **changes)
        if updated != node:
            self.scene.replace_node(updated)
            for edge in item.edges:  # their tooltips and 默认 tags name the node
                edge.update_geometry()
            self.changed.emit()

    def _fill_edge_form(self, item: EdgeItem) -> None:
        self._filling = True
        try:
            self.edge_ends_label.setText(self.tr("%1 → %2").replace("%1", item.source.node.title)
                                         .replace("%2", item.target.node.title))
            self.condition_edit.setText(item.edge.condition or "")
            self.edge_label_edit.setText(item.edge.label)
        finally:
            self._filling = False
        from_condition = item.source.node.kind == NodeKind.CONDITION.code
        self.condition_edit.setEnabled(from_condition or bool(item.edge.condition))
        fields = ", ".join(self.tr("%1 (%2)").replace("%1", name).replace("%2", label) for name, label in self._fields)
        if not from_condition:
            hint = self.tr("Only the edges leaving a condition node carry a condition.")
        elif fields:
            hint = self.tr("Fields: %1. Leave the condition empty on the default edge.").replace("%1", fields)
        else:
            hint = self.tr("Leave the condition empty on the default edge.")
        self.fields_hint.setText(hint)
        self._edge_item = item
        self._show_condition_problem(self._condition_problem(item.edge.condition or ""))
        self.properties.setCurrentWidget(self.edge_box)

    @staticmethod
    def _condition_problem(text: str) -> str | None:
        if not text.strip():
            return None
        from client.flows import expr

        return expr.check(text)

    def _show_condition_problem(self, problem: str | None) -> None:
        self.condition_problem.setText(problem or "")
        self.condition_problem.setVisible(bool(problem))
        self.condition_edit.setProperty("invalid", bool(problem))
        self.condition_edit.style().unpolish(self.condition_edit)
        self.condition_edit.style().polish(self.condition_edit)

    def condition_problem_text(self) -> str:
        """The problem shown beside the condition field ('' when there is none)."""
        return self.condition_problem.text() if self.condition_problem.isVisibleTo(self.edge_box) else ""

    def _commit_condition(self) -> None:
        """The condition as typed onto its edge, checked: a problem shows beside the field (the
        edge keeps the text, so the check before publishing names it too)."""
        item = self._edge_item
        if self._filling or item is None or item not in self.scene.edge_items():
            return
        text = self.condition_edit.text().strip()
        self._show_condition_problem(self._condition_problem(text))
        if (item.edge.condition or "") != text:
            self.scene.replace_edge(item, replace(item.edge, condition=text or None))
            self.changed.emit()

    def _apply_edge_label(self, text: str) -> None:
        item = self._edge_item
        if self._filling or item is None or item not in self.scene.edge_items():
            return
        self.scene.replace_edge(item, replace(item.edge, label=text.strip()))
        self.changed.emit()

    # --- check, files, publish -----------------------------------------------------------------

    def validate(self) -> list[str]:
        """Shows (and gives) what keeps the flow from being published."""
        found = definition.problems(self.flow())
        self.problems_shown = found
        self.problem_list.clear()
        if not found:
            item = QListWidgetItem(self.tr("The flow can be published."))
            item.setForeground(QColor(_OK))
            self.problem_list.addItem(item)
        for problem in found:
            item = QListWidgetItem(problem)
            item.setForeground(QColor(_ERROR))
            self.problem_list.addItem(item)
        return found

    def publish(self) -> bool:
        """Emits publish_requested with the flow's JSON, unless the check finds problems."""
        found = self.validate()
        if found:
            self._show_message(self.tr("Not published: %n problem(s) to fix first (listed on the right).",
                                       "", len(found)), error=True)
            return False
        self._show_message(self.tr("Sent for publication."))
        self.publish_requested.emit(self.flow().to_json())
        return True

    def export_flow(self) -> None:
        name = (self.key_edit.text().strip() or "flow") + ".json"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export flow"), name, self.tr("Flow files (*.json)"))
        if path:
            if not path.lower().endswith(".json"):
                path += ".json"
            self.export_to(path)

    def export_to(self, path: str | Path) -> bool:
        try:
            Path(path).write_text(self.flow().to_json(), encoding="utf-8")
        except OSError as e:
            self._show_message(self.tr("Could not write %1: %2").replace("%1", str(path)).replace("%2", e.strerror or str(e)),
                               error=True)
            return False
        self._show_message(self.tr("Exported to %1").replace("%1", str(path)))
        return True

    def import_flow(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import flow"), "", self.tr("Flow files (*.json);;All files (*)"))
        if path:
            self.import_from(path)

    def import_from(self, path: str | Path) -> bool:
        """Loads the flow in `path`; a file that is not one leaves the drawing as it was and shows
        why (the reason from_json gives, in Chinese)."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            self._show_message(self.tr("Could not read %1: %2").replace("%1", str(path))
                               .replace("%2", getattr(e, "strerror", None) or str(e)), error=True)
            return False
        try:
            flow = FlowDefinition.from_json(text)
        except ValueError as e:
            self._show_message(str(e), error=True)
            return False
        self.load(flow)
        self._show_message(self.tr("Imported %1").replace("%1", str(path)))
        self.changed.emit()
        return True

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {_ERROR};" if error else "color: #5B6573;")

    def message_text(self) -> str:
        return self.message.text()
