"""The flow widgets: a flow drawn with an instance's position, the steps beside it, and the
administrators' editor (nodes added, moved and connected by hand and through its methods, the
check before publishing, JSON export and import)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from PySide6.QtCore import QLineF, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from client.flows.definition import (
    Assignees,
    Decision,
    Edge,
    FlowDefinition,
    Node,
    NodeKind,
    Outcome,
    problems,
)
from widgets.flows import drawing
from widgets.flows.drawing import CURRENT, PLAIN, VISITED, EdgeItem, FlowScene, FlowView, NodeItem
from widgets.flows.editor import FlowEditor, parse_users
from widgets.flows.history import COL_ACTION, COL_DECIDED, COL_OPENED, FlowHistory, InstanceDiagram


def five_node_flow() -> FlowDefinition:
    return FlowDefinition(
        key="certification.contract", title="合同鉴证",
        nodes=(
            Node("n1", NodeKind.START.code, "开始", 0, 0),
            Node("n2", NodeKind.APPROVE.code, "所长会签", 0, 130, decision=Decision.ALL.code,
                 assignees=Assignees(role="head", unit="district"), deadline_days=3),
            Node("n3", NodeKind.CONDITION.code, "合同金额", 0, 260),
            Node("n4", NodeKind.END.code, "出具鉴证书", -150, 390),
            Node("n5", NodeKind.END.code, "不予鉴证", 150, 390, outcome=Outcome.REFUSED.code),
        ),
        edges=(Edge("n1", "n2"), Edge("n2", "n3"), Edge("n3", "n4", "amount < 1000000", "小额"), Edge("n3", "n5")),
        fields=(("amount", "合同金额"),),
    )


@dataclass(frozen=True)
class Step:
    node_title: str
    actor_name: str
    action_label: str
    opinion: str
    opened_at: dt.datetime
    decided_at: dt.datetime | None
    took_label: str


UTC = dt.timezone.utc


def view_point(view: FlowView, scene_point: QPointF) -> QPoint:
    return view.mapFromScene(scene_point)


def show(qtbot, widget, size=(1200, 800)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    return widget


# --- the drawing ----------------------------------------------------------------------------------


def test_every_node_and_edge_is_drawn_and_the_current_node_is_highlighted(qtbot):
    flow = five_node_flow()
    scene = FlowScene()
    view = show(qtbot, FlowView(scene), (800, 700))
    scene.set_flow(flow)

    assert {i.key for i in scene.node_items()} == {"n1", "n2", "n3", "n4", "n5"}
    for node in flow.nodes:
        item = scene.node_item(node.key)
        assert isinstance(item, NodeItem) and item.scene() is scene
        assert (item.pos().x(), item.pos().y()) == (node.x, node.y)  # drawn where the node says
    assert len(scene.edge_items()) == 4
    assert scene.edges() == flow.edges and scene.nodes() == flow.nodes

    # each kind its own shape: circles, a card, a diamond
    assert scene.node_item("n1").outline().boundingRect().width() == 2 * drawing.CIRCLE_R
    assert scene.node_item("n2").outline().boundingRect().width() == drawing.APPROVE_W
    assert scene.node_item("n3").outline().boundingRect().height() == drawing.CONDITION_H
    # the end nodes coloured by their outcome
    assert scene.node_item("n4").kind_colours()[1] != scene.node_item("n5").kind_colours()[1]
    # the approve node says who, how and how long
    tip = scene.node_item("n2").toolTip()
    assert "本分局所长" in tip and "会签" in tip and "3" in tip
    # edges carry their condition and label; the default edge of a condition says so
    small = scene.edge_item("n3", "n4")
    assert "amount < 1000000" in small.tag_text() and "小额" in small.tag_text()
    assert scene.edge_item("n3", "n5").tag_text()  # 其他情况
    assert scene.edge_item("n1", "n2").tag_text() == ""
    # an arrow ends at the target's border, not at its centre
    tip_of_arrow = small._arrow[0]
    assert QLineF(tip_of_arrow, QPointF(-150, 390)).length() == pytest.approx(drawing.CIRCLE_R, abs=0.5)

    plain_pen = scene.node_item("n2").border_pen()
    scene.set_state(current={"n2"}, visited={"n1"})
    current = scene.node_item("n2")
    assert current.highlighted and current.state == CURRENT
    assert current.border_pen().color() == drawing.ACCENT and current.border_pen().widthF() >= 3
    assert current.border_pen().widthF() > plain_pen.widthF()
    visited = scene.node_item("n1")
    assert visited.state == VISITED and not visited.highlighted
    assert visited.fill_brush().color() == drawing.VISITED_FILL
    assert all(scene.node_item(k).state == PLAIN for k in ("n3", "n4", "n5"))
    assert scene.edge_item("n1", "n2").taken and not scene.edge_item("n2", "n3").taken
    assert scene.edge_item("n1", "n2").pen().widthF() > scene.edge_item("n2", "n3").pen().widthF()

    # the whole drawing is in view, and the image is not blank
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(scene.itemsBoundingRect())
    image = view.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert drawing.ACCENT.name().lower() in {c.lower() for c in colours}


def test_the_view_zooms_with_ctrl_wheel_and_fits_on_resize(qtbot):
    scene = FlowScene()
    scene.set_flow(five_node_flow())
    view = show(qtbot, FlowView(scene), (500, 400))
    fitted = view.scale_factor()
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(scene.itemsBoundingRect())

    view.resize(900, 900)
    QApplication.processEvents()
    assert view.scale_factor() > fitted  # refitted to the larger view

    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(centre, QPointF(view.viewport().mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    before = view.scale_factor()
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.scale_factor() == pytest.approx(before * 1.15)
    assert not view.auto_fit  # a zoomed view keeps its zoom when resized
    view.resize(700, 700)
    QApplication.processEvents()
    assert view.scale_factor() == pytest.approx(before * 1.15)
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.auto_fit


def test_the_instance_diagram_shows_the_steps_in_beijing_time(qtbot):
    opened = dt.datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    steps = (
        Step("开始", "王小明", "提交", "", opened, opened, ""),
        Step("所长会签", "张所长", "", "", opened, None, "1个工作日"),
    )
    diagram = show(qtbot, InstanceDiagram(), (1200, 700))
    diagram.show_instance(five_node_flow(), {"n2"}, {"n1"}, steps)

    assert diagram.scene.node_item("n2").highlighted
    model = diagram.history.model
    assert model.rowCount() == 2 and model.columnCount() == 7
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert len(set(headers)) == 7 and all(headers)
    assert model.index(0, COL_OPENED).data() == "2026-03-02 09:30"  # 01:30 UTC
    assert model.index(1, COL_DECIDED).data() == ""
    assert model.index(1, COL_ACTION).data()  # an open step says it is in progress
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert min(diagram.splitter.sizes()) > 300

    # the history alone takes any objects with the step attributes
    history = FlowHistory()
    qtbot.addWidget(history)
    history.set_steps([Step("受理", "李", "同意", "好", opened, opened + dt.timedelta(hours=2), "2小时")])
    assert history.model.index(0, COL_DECIDED).data() == "2026-03-02 11:30"


# --- the editor -----------------------------------------------------------------------------------


def editor_with(qtbot, flow=None) -> FlowEditor:
    return show(qtbot, FlowEditor(flow), (1300, 850))


def drag(qtbot, view: FlowView, start: QPointF, end: QPointF) -> None:
    """A left-button drag in scene coordinates, in small steps as a hand moves."""
    a, b = view_point(view, start), view_point(view, end)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 9):
        QTest.mouseMove(view.viewport(), a + (b - a) * i / 8)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    QApplication.processEvents()


def click(view: FlowView, at: QPointF) -> None:
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(view, at))
    QApplication.processEvents()


def test_nodes_are_added_with_fresh_keys_and_moved_by_dragging(qtbot):
    editor = editor_with(qtbot)
    assert [n.key for n in editor.flow().nodes] == ["n1", "n2"]  # a new flow: start and end

    key = editor.add_node(NodeKind.APPROVE, x=300, y=100)
    assert key == "n3"
    assert editor.add_node("copy") == "n4"  # placed where nothing else is
    copy, approve = editor.scene.node_item("n4"), editor.scene.node_item("n3")
    assert all(not copy.sceneBoundingRect().intersects(other.sceneBoundingRect())
               for other in editor.scene.node_items() if other is not copy)
    assert editor.properties.currentWidget() is editor.node_box  # the new node is selected
    editor.scene.clearSelection()

    # drag the approve node by its body (its handle would start a connection instead)
    editor.view.auto_fit = False
    moved = []
    editor.changed.connect(lambda: moved.append(True))
    drag(qtbot, editor.view, QPointF(300, 100), QPointF(300 + 120, 100 + 60))
    node = next(n for n in editor.flow().nodes if n.key == "n3")
    assert abs(node.x - 420) <= drawing.GRID_STEP and abs(node.y - 160) <= drawing.GRID_STEP
    assert node.x % drawing.GRID_STEP == 0 and node.y % drawing.GRID_STEP == 0  # on the grid
    assert moved and approve.isSelected()

    # arrows nudge the selection by a grid step
    editor.view.setFocus()
    QTest.keyClick(editor.view, Qt.Key.Key_Right)
    assert editor.scene.node_item("n3").node.x == node.x + drawing.GRID_STEP

    # a deleted key is not handed out again while a higher one exists; keys stay unique
    editor.select_node("n3")
    QTest.keyClick(editor.view, Qt.Key.Key_Delete)
    assert editor.scene.node_item("n3") is None
    assert editor.add_node(NodeKind.CONDITION) == "n5"
    keys = [n.key for n in editor.flow().nodes]
    assert len(keys) == len(set(keys))


def test_nodes_are_connected_by_method_by_clicks_and_by_dragging_the_handle(qtbot):
    editor = editor_with(qtbot)
    editor.view.auto_fit = False
    a = editor.add_node(NodeKind.APPROVE, x=-300, y=120)
    b = editor.add_node(NodeKind.COPY, x=-300, y=260)
    c = editor.add_node(NodeKind.APPROVE, x=300, y=400)

    assert editor.connect_nodes("n1", a)
    assert not editor.connect_nodes("n1", a)  # once only, and the user is told why
    assert editor.message_text()
    assert not editor.connect_nodes(a, a)
    assert not editor.connect_nodes("n2", a)  # nothing leaves an end
    assert not editor.connect_nodes(a, "n1")  # nothing enters the start

    # connect mode: click the source, then the target
    editor.connect_action.trigger()
    assert editor.scene.connect_mode
    click(editor.view, QPointF(-300, 120))
    assert editor.scene.connect_source() == a
    click(editor.view, QPointF(-300, 260))
    assert editor.scene.edge_item(a, b) is not None
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)  # Esc leaves connect mode
    assert not editor.scene.connect_mode and not editor.connect_action.isChecked()

    # drag from a node's handle to another node
    item = editor.scene.node_item(b)
    editor.scene.clearSelection()
    item.setSelected(True)
    handle = item.mapToScene(item.handle_center())
    drag(qtbot, editor.view, handle, QPointF(300, 400))
    assert editor.scene.edge_item(b, c) is not None
    assert (item.node.x, item.node.y) == (-300, 260)  # the handle drags a line, not the node

    assert {(e.source, e.target) for e in editor.flow().edges} == {("n1", a), (a, b), (b, c)}

    # Delete removes a selected edge; a removed node takes its edges with it
    editor.select_edge(a, b)
    assert editor.properties.currentWidget() is editor.edge_box
    editor.view.setFocus()
    QTest.keyClick(editor.view, Qt.Key.Key_Delete)
    assert editor.scene.edge_item(a, b) is None
    editor.select_node(c)
    editor.delete_selected()
    assert {(e.source, e.target) for e in editor.flow().edges} == {("n1", a)}


def set_role(editor: FlowEditor, key: str, role: str) -> None:
    editor.select_node(key)
    editor.role_combo.setCurrentIndex(editor.role_combo.findData(role))


def type_condition(qtbot, editor: FlowEditor, source: str, target: str, text: str) -> None:
    editor.select_edge(source, target)
    editor.condition_edit.setFocus()
    editor.condition_edit.selectAll()
    QTest.keyClicks(editor.condition_edit, text)
    QTest.keyClick(editor.condition_edit, Qt.Key.Key_Tab)  # leaving the field checks it


def test_the_check_lists_the_problems_and_only_a_sound_flow_is_published(qtbot, tmp_path):
    editor = editor_with(qtbot, FlowDefinition(key="case.approval", title="立案审批", nodes=(
        Node("n1", NodeKind.START.code, "开始", 0, 0), Node("n2", NodeKind.END.code, "结束", 0, 520))))
    published = []
    editor.publish_requested.connect(published.append)
    editor.view.auto_fit = False
    review = editor.add_node(NodeKind.APPROVE, x=0, y=120, title="审核")
    cond = editor.add_node(NodeKind.CONDITION, x=0, y=250, title="金额")
    loop_a = editor.add_node(NodeKind.APPROVE, x=300, y=250, title="复议甲")
    loop_b = editor.add_node(NodeKind.APPROVE, x=300, y=400, title="复议乙")
    lost = editor.add_node(NodeKind.APPROVE, x=-300, y=400, title="孤立")
    for key in (review, loop_a, loop_b, lost):
        set_role(editor, key, "reviewer")
    for source, target in (("n1", review), (review, cond), (cond, "n2"), (loop_a, loop_b), (loop_b, loop_a),
                           (lost, "n2")):
        assert editor.connect_nodes(source, target)
    assert editor.connect_nodes(cond, loop_a, condition="amount >= 1000000")

    found = editor.validate()
    shown = [editor.problem_list.item(i).text() for i in range(editor.problem_list.count())]
    assert shown == found
    assert any("孤立" in p and "无法到达" in p for p in shown)  # unreachable
    assert any("复议甲" in p and "循环" in p for p in shown)  # a cycle without an exit
    with qtbot.assertNotEmitted(editor.publish_requested):
        editor.publish_button.click()
    assert not published and editor.message_text()

    # the lost node goes; the loop gets an exit; the condition is mistyped
    editor.select_node(lost)
    editor.delete_selected()
    editor.scene.remove_edge(editor.scene.edge_item(loop_b, loop_a))
    assert editor.connect_nodes(loop_b, "n2")
    type_condition(qtbot, editor, cond, loop_a, "amount >>= 1000000")
    problem = editor.condition_problem_text()
    assert problem and any("\u4e00" <= ch <= "\u9fff" for ch in problem)  # the Chinese reason, beside it
    found = editor.validate()
    assert any("条件" in p for p in found)
    assert not editor.publish()
    assert not published

    # corrected, the flow can be published; the JSON reads back as what is drawn
    type_condition(qtbot, editor, cond, loop_a, "amount >= 1000000")
    assert editor.condition_problem_text() == ""
    assert editor.validate() == []
    assert editor.problem_list.count() == 1  # 流程可以发布
    with qtbot.waitSignal(editor.publish_requested, timeout=2000) as signal:
        editor.publish_button.click()
    sent = FlowDefinition.from_json(signal.args[0])
    assert sent == editor.flow()
    assert problems(sent) == []
    assert next(e for e in sent.edges if e.target == loop_a).condition == "amount >= 1000000"


def test_the_side_panel_edits_the_selected_node_and_edge(qtbot):
    editor = editor_with(qtbot, five_node_flow())
    editor.select_node("n2")
    assert editor.node_title_edit.text() == "所长会签"
    assert editor.decision_combo.currentData() == Decision.ALL.code
    editor.decision_combo.setCurrentIndex(editor.decision_combo.findData(Decision.SHARE.code))
    assert editor.share_spin.isEnabled()
    editor.share_spin.setValue(60)
    editor.deadline_spin.setValue(0)  # 不限时
    editor.by_users_radio.setChecked(True)
    editor.users_edit.setText("u-7, wangxm，lisi")
    editor.users_edit.textEdited.emit(editor.users_edit.text())
    node = next(n for n in editor.flow().nodes if n.key == "n2")
    assert node.decision == Decision.SHARE.code and node.share == Decimal("0.6")
    assert node.deadline_days is None
    assert node.assignees == Assignees(users=("u-7", "wangxm", "lisi"))
    assert "3" in editor.scene.node_item("n2").toolTip()  # 指定人员（3人）

    editor.select_node("n5")
    assert editor.node_form.isRowVisible(editor.outcome_combo)
    assert not editor.node_form.isRowVisible(editor.role_combo)
    editor.outcome_combo.setCurrentIndex(editor.outcome_combo.findData(Outcome.APPROVED.code))
    assert next(n for n in editor.flow().nodes if n.key == "n5").outcome == Outcome.APPROVED.code

    editor.select_edge("n3", "n4")
    assert editor.condition_edit.text() == "amount < 1000000"
    editor.edge_label_edit.setText("小额合同")
    editor.edge_label_edit.textEdited.emit("小额合同")
    assert next(e for e in editor.flow().edges if e.target == "n4").label == "小额合同"

    editor.title_edit.setText("合同鉴证（新）")
    editor.escalate_spin.setValue(5)
    flow = editor.flow()
    assert flow.title == "合同鉴证（新）" and flow.escalate_after_days == 5 and flow.fields == (("amount", "合同金额"),)
    assert parse_users(" a；b  c,a ") == ("a", "b", "c")


def test_export_and_import_round_trip_and_a_bad_file_says_why(qtbot, tmp_path, monkeypatch):
    editor = editor_with(qtbot, five_node_flow())
    editor.view.auto_fit = False
    drag(qtbot, editor.view, QPointF(0, 260), QPointF(40, 300))  # positions travel too
    target = tmp_path / "flow"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    editor.export_button.click()
    saved = tmp_path / "flow.json"  # the suffix is added
    assert saved.exists()
    assert FlowDefinition.from_json(saved.read_text(encoding="utf-8")) == editor.flow()

    other = editor_with(qtbot)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(saved), "")))
    other.import_button.click()
    assert other.flow() == editor.flow()
    assert len(other.scene.node_items()) == 5 and len(other.scene.edge_items()) == 4
    assert other.key_edit.text() == "certification.contract"

    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    before = other.flow()
    assert not other.import_from(bad)
    assert "JSON" in other.message_text() and "流程文件" in other.message_text()
    assert other.flow() == before  # the drawing is left as it was
    bad.write_text('{"format": "something/else"}', encoding="utf-8")
    assert not other.import_from(bad)
    assert "格式" in other.message_text()


def test_editor_items_are_the_scene_items(qtbot):
    """The editor's scene is editable (moves, selection, handles); a drawing's is not."""
    editor = editor_with(qtbot, five_node_flow())
    assert editor.scene.editable and all(i.editable for i in editor.scene.node_items())
    assert all(isinstance(e, EdgeItem) for e in editor.scene.edge_items())
    scene = FlowScene()
    scene.set_flow(five_node_flow())
    assert not any(i.flags() & i.GraphicsItemFlag.ItemIsMovable for i in scene.node_items())
