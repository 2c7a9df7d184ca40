"""A flow drawn: nodes as shapes by kind, edges as arrows with their conditions, and where an
instance stands (its current node(s) highlighted, the nodes it has passed greyed and ticked).

The same scene draws a flow for reading (an instance's diagram) and for editing (the
administrators' editor, widgets/flows/editor.py): editable, its nodes move, snap to a grid and
offer a handle to drag a connection from. The flow itself stays a client FlowDefinition; the
scene holds one Node or Edge per item and gives them back with the positions the user left.

Node.x / Node.y are the centre of a node's shape in scene coordinates, so a node keeps its place
when its kind (and so its size) changes. Flows run from the top down; nothing here depends on it.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from client.flows.definition import Decision, Edge, FlowDefinition, Node, NodeKind, Outcome

# --- the palette: resources/styles/app.qss's greys and accent, and one calm hue per kind -------

TEXT = QColor("#1F2329")
MUTED = QColor("#5B6573")
FAINT = QColor("#8A94A3")
LINE = QColor("#CBD2DB")
PAGE = QColor("#FBFCFD")
GRID = QColor("#DCE1E8")
ACCENT = QColor("#C8161D")  # the current node, the editor's selection
ACCENT_FILL = QColor("#FDECEC")
CONNECT = QColor("#1F5FBF")  # the source node while connecting
DONE = QColor("#1E8E3E")  # the tick on a visited node
VISITED_FILL = QColor("#F3F5F8")
VISITED_LINE = QColor("#C2C9D2")

APPROVE_BAND = QColor("#3B6FB6")
CHIP_FILL = QColor("#EEF3FB")
CHIP_TEXT = QColor("#2F5E9E")
COPY_FILL = QColor("#F7F9FB")
COPY_LINE = QColor("#8A94A3")
CONDITION_FILL = QColor("#FFF7E0")
CONDITION_LINE = QColor("#C99A2E")
BAR = QColor("#3A4350")
START_FILL = QColor("#E7F4EC")
START_LINE = QColor("#1E8E3E")
REFUSED_FILL = QColor("#FBEAEA")
REFUSED_LINE = QColor("#D0312D")
EDGE = QColor("#8A94A3")
EDGE_TAKEN = QColor("#4A5563")

#: the editor's grid: dragged nodes land on it
GRID_STEP = 10.0

CIRCLE_R = 20.0
APPROVE_W, APPROVE_H = 210.0, 84.0
COPY_W, COPY_H = 190.0, 64.0
CONDITION_W, CONDITION_H = 164.0, 80.0
BAR_W, BAR_H = 160.0, 10.0
HANDLE_R = 6.0

#: what NodeItem.state holds
PLAIN, CURRENT, VISITED = "", "current", "visited"


def _font(point_size: float, *, bold: bool = False) -> QFont:
    """The application's font (widgets/app.py: a Simplified Chinese face first) at a size."""
    font = QFont(QApplication.font())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def _elided(text: str, font: QFont, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


def decision_text(node: Node) -> str:
    """会签 / 或签 / 比例签 60% / 一人办理: how many of the assignees decide."""
    label = Decision.label_of(node.decision)
    if node.decision == Decision.SHARE.code and node.share is not None:
        percent = (Decimal(node.share) * 100).normalize()
        return f"{label} {percent:f}%"
    return label


def deadline_text(days: int | None) -> str:
    return QCoreApplication.translate("FlowScene", "%n working day(s)", None, days) if days else ""


def assignees_text(node: Node) -> str:
    return node.assignees.describe() if node.assignees else QCoreApplication.translate("FlowScene", "No assignee set")


def outline_of(kind: str) -> QPainterPath:
    """The node's shape around (0, 0): what edges stop at and what is filled."""
    path = QPainterPath()
    if kind in (NodeKind.START.code, NodeKind.END.code):
        path.addEllipse(QPointF(0, 0), CIRCLE_R, CIRCLE_R)
    elif kind == NodeKind.APPROVE.code:
        path.addRoundedRect(QRectF(-APPROVE_W / 2, -APPROVE_H / 2, APPROVE_W, APPROVE_H), 8, 8)
    elif kind == NodeKind.COPY.code:  # a sheet with a folded corner: a copy goes out as a paper would
        w, h, fold = COPY_W / 2, COPY_H / 2, 16
        path.addPolygon(QPolygonF([QPointF(-w, -h), QPointF(w - fold, -h), QPointF(w, -h + fold),
                                   QPointF(w, h), QPointF(-w, h), QPointF(-w, -h)]))
        path.closeSubpath()
    elif kind == NodeKind.CONDITION.code:
        w, h = CONDITION_W / 2, CONDITION_H / 2
        path.addPolygon(QPolygonF([QPointF(0, -h), QPointF(w, 0), QPointF(0, h), QPointF(-w, 0), QPointF(0, -h)]))
        path.closeSubpath()
    elif kind in (NodeKind.SPLIT.code, NodeKind.JOIN.code):
        path.addRoundedRect(QRectF(-BAR_W / 2, -BAR_H / 2, BAR_W, BAR_H), BAR_H / 2, BAR_H / 2)
    else:  # a kind from a newer version: still drawn, as a plain box
        path.addRect(QRectF(-80, -30, 160, 60))
    return path


def caption_rect(kind: str) -> QRectF:
    """Circles and bars carry their title beside them, not inside."""
    if kind in (NodeKind.START.code, NodeKind.END.code):
        return QRectF(CIRCLE_R + 8, -CIRCLE_R, 150, 2 * CIRCLE_R)
    if kind in (NodeKind.SPLIT.code, NodeKind.JOIN.code):
        return QRectF(BAR_W / 2 + 8, -11, 130, 22)
    return QRectF()


def footprint(kind: str) -> QRectF:
    """All a node of `kind` may paint, around (0, 0): its shape with room for the halo, the tick
    (top right), the "current" tag above and the handle, and a caption beside it."""
    rect = outline_of(kind).boundingRect().adjusted(-10, -30, 14, 10)
    caption = caption_rect(kind)
    return rect.united(caption) if not caption.isNull() else rect


def kind_colours(kind: str, outcome: str = Outcome.APPROVED.code) -> tuple[QColor, QColor]:
    """(fill, border) of a node of `kind`, before any state: one calm hue per kind."""
    if kind == NodeKind.START.code:
        return START_FILL, START_LINE
    if kind == NodeKind.END.code:
        return (REFUSED_FILL, REFUSED_LINE) if outcome == Outcome.REFUSED.code else (START_FILL, START_LINE)
    if kind == NodeKind.COPY.code:
        return COPY_FILL, COPY_LINE
    if kind == NodeKind.CONDITION.code:
        return CONDITION_FILL, CONDITION_LINE
    if kind in (NodeKind.SPLIT.code, NodeKind.JOIN.code):
        return BAR, BAR
    return QColor("#FFFFFF"), LINE


class NodeItem(QGraphicsItem):
    """One node. `state` is PLAIN, CURRENT or VISITED (set_state of the scene)."""

    def __init__(self, node: Node, *, editable: bool = False):
        super().__init__()
        self._node = node
        self.editable = editable
        self.state = PLAIN
        self.connect_source = False  # the editor's connect mode picked it first
        self._hovered = False
        self.edges: list[EdgeItem] = []
        self._outline = outline_of(node.kind)
        self._shape: QPainterPath | None = None
        self.setPos(node.x, node.y)
        self.setZValue(1)
        self.setToolTip(self._tooltip())
        if editable:
            self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                          | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                          | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
                          | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
            self.setAcceptHoverEvents(True)
            self.setCursor(Qt.CursorShape.SizeAllCursor)

    # --- the node ------------------------------------------------------------------------------

    @property
    def key(self) -> str:
        return self._node.key

    @property
    def node(self) -> Node:
        """The node with the position it is drawn at."""
        return replace(self._node, x=round(self.pos().x(), 1), y=round(self.pos().y(), 1))

    def set_node(self, node: Node) -> None:
        """Shows changed properties; the position stays where the item is."""
        self.prepareGeometryChange()
        self._node = node
        self._outline = outline_of(node.kind)
        self._shape = None
        self.setToolTip(self._tooltip())
        self.update()
        for edge in self.edges:
            edge.update_geometry()

    def outline(self) -> QPainterPath:
        return self._outline

    @property
    def highlighted(self) -> bool:
        return self.state == CURRENT

    def _tooltip(self) -> str:
        n = self._node
        lines = [QCoreApplication.translate("FlowScene", "%1 (%2)").replace("%1", n.title).replace("%2", NodeKind.label_of(n.kind))]
        if n.kind in (NodeKind.APPROVE.code, NodeKind.COPY.code):
            lines.append(assignees_text(n))
        if n.kind == NodeKind.APPROVE.code:
            lines.append(" · ".join(t for t in (decision_text(n), deadline_text(n.deadline_days)) if t))
        if n.kind == NodeKind.END.code:
            lines.append(Outcome.label_of(n.outcome))
        return "\n".join(lines)

    # --- geometry ------------------------------------------------------------------------------

    def _caption_rect(self) -> QRectF:
        return caption_rect(self._node.kind)

    def handle_center(self) -> QPointF:
        """Where the editor's connection handle sits: below circles, right of anything else."""
        rect = self._outline.boundingRect()
        if self._node.kind in (NodeKind.START.code, NodeKind.END.code):
            return QPointF(0, rect.bottom())
        return QPointF(rect.right(), 0)

    def handle_contains(self, local: QPointF) -> bool:
        if not self.editable:
            return False
        return QLineF(local, self.handle_center()).length() <= HANDLE_R + 3

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return footprint(self._node.kind)

    def shape(self) -> QPainterPath:
        if self._shape is None:  # hit tests ask often; the union is not free
            self._shape = self._make_shape()
        return self._shape

    def _make_shape(self) -> QPainterPath:
        path = QPainterPath(self._outline)
        extra = QPainterPath()
        extra.setFillRule(Qt.FillRule.WindingFill)  # overlapping parts add up, never cut holes
        caption = self._caption_rect()
        if not caption.isNull():
            extra.addRect(caption)
        if self.editable:
            extra.addEllipse(self.handle_center(), HANDLE_R + 3, HANDLE_R + 3)
        return path.united(extra) if not extra.isEmpty() else path

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.editable:
            p = QPointF(value)
            return QPointF(round(p.x() / GRID_STEP) * GRID_STEP, round(p.y() / GRID_STEP) * GRID_STEP)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.update_geometry()
            scene = self.scene()
            if isinstance(scene, FlowScene):
                scene._grow()
                scene.flow_edited.emit()
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event) -> None:  # noqa: N802
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    # --- colours by kind and state --------------------------------------------------------------

    def kind_colours(self) -> tuple[QColor, QColor]:
        """(fill, border) of the node as its kind draws it, before any state."""
        return kind_colours(self._node.kind, self._node.outcome)

    def fill_brush(self) -> QBrush:
        fill, _ = self.kind_colours()
        if self.state == CURRENT:
            return QBrush(ACCENT if self._is_bar() else ACCENT_FILL)
        if self.state == VISITED:
            return QBrush(VISITED_LINE if self._is_bar() else VISITED_FILL)
        return QBrush(fill)

    def border_pen(self) -> QPen:
        _, line = self.kind_colours()
        if self.state == CURRENT:
            return QPen(ACCENT, 3)
        if self.isSelected():
            return QPen(ACCENT, 2)
        if self.connect_source:
            return QPen(CONNECT, 2)
        if self.state == VISITED:
            return QPen(VISITED_LINE, 1.2)
        pen = QPen(line.darker(125) if self._hovered else line,
                   2 if self._node.kind in (NodeKind.START.code, NodeKind.END.code) else 1.2)
        if self._node.kind == NodeKind.COPY.code:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def _is_bar(self) -> bool:
        return self._node.kind in (NodeKind.SPLIT.code, NodeKind.JOIN.code)

    def _text_colour(self, muted: bool = False) -> QColor:
        if self.state == VISITED:
            return FAINT if muted else MUTED
        return MUTED if muted else TEXT

    # --- painting ------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        kind = self._node.kind
        halo = ACCENT if (self.state == CURRENT or self.isSelected()) else CONNECT if self.connect_source else None
        if halo is not None:
            glow = QColor(halo)
            glow.setAlpha(45)
            painter.setPen(QPen(glow, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._outline)
        elif not self._is_bar() and self.state != VISITED:  # a soft shadow lifts cards off the page
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(31, 35, 41, 18))
            painter.drawPath(self._outline.translated(0, 2.5))
        painter.setBrush(self.fill_brush())
        painter.setPen(self.border_pen())
        painter.drawPath(self._outline)

        if kind == NodeKind.APPROVE.code:
            self._paint_approve(painter)
        elif kind == NodeKind.COPY.code:
            self._paint_copy(painter)
        elif kind == NodeKind.CONDITION.code:
            self._paint_condition(painter)
        elif kind in (NodeKind.START.code, NodeKind.END.code):
            self._paint_circle(painter)
        elif self._is_bar():
            self._paint_bar(painter)
        else:
            painter.setPen(self._text_colour())
            painter.setFont(_font(10))
            painter.drawText(self._outline.boundingRect(), Qt.AlignmentFlag.AlignCenter, self._node.title)

        if self.state == VISITED:
            self._paint_tick(painter)
        elif self.state == CURRENT:
            self._paint_current_tag(painter)
        if self.editable and (self._hovered or self.isSelected()):
            self._paint_handle(painter)

    def _paint_approve(self, painter: QPainter) -> None:
        n = self._node
        left, top = -APPROVE_W / 2, -APPROVE_H / 2
        band = QPainterPath()  # the kind's colour down the left edge, inside the rounded corners
        band.addRect(QRectF(left, top, 5, APPROVE_H))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(VISITED_LINE if self.state == VISITED else ACCENT if self.state == CURRENT else APPROVE_BAND)
        painter.drawPath(band.intersected(self._outline))
        inner = APPROVE_W - 32
        x = left + 16
        title_font = _font(10.5, bold=True)
        painter.setFont(title_font)
        painter.setPen(self._text_colour())
        painter.drawText(QRectF(x, top + 9, inner, 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         _elided(n.title, title_font, inner))
        small = _font(9)
        painter.setFont(small)
        painter.setPen(self._text_colour(muted=True))
        painter.drawText(QRectF(x, top + 32, inner, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         _elided(assignees_text(n), small, inner))
        chip_right = self._paint_chip(painter, QPointF(x, top + 55), decision_text(n))
        deadline = deadline_text(n.deadline_days)
        if deadline:
            painter.setFont(small)
            painter.setPen(self._text_colour(muted=True))
            painter.drawText(QRectF(chip_right + 6, top + 55, x + inner - chip_right - 6, 20),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             _elided(deadline, small, x + inner - chip_right - 6))

    def _paint_chip(self, painter: QPainter, at: QPointF, text: str) -> float:
        """A small rounded tag (the decision, the kind); gives its right edge."""
        if not text:
            return at.x()
        font = _font(8.5)
        width = QFontMetricsF(font).horizontalAdvance(text) + 12
        rect = QRectF(at.x(), at.y() + 1, width, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#E6E9EE") if self.state == VISITED else CHIP_FILL)
        painter.drawRoundedRect(rect, 9, 9)
        painter.setFont(font)
        painter.setPen(MUTED if self.state == VISITED else CHIP_TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        return rect.right()

    def _paint_copy(self, painter: QPainter) -> None:
        n = self._node
        w, h, fold = COPY_W / 2, COPY_H / 2, 16
        corner = QPainterPath()  # the folded corner
        corner.moveTo(w - fold, -h)
        corner.lineTo(w - fold, -h + fold)
        corner.lineTo(w, -h + fold)
        painter.setPen(QPen(self.border_pen().color(), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(corner)
        inner = COPY_W - 28
        x = -w + 14
        title_font = _font(10, bold=True)
        painter.setFont(title_font)
        painter.setPen(self._text_colour())
        painter.drawText(QRectF(x, -h + 8, inner - 10, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         _elided(n.title, title_font, inner - 10))
        small = _font(9)
        right = self._paint_chip(painter, QPointF(x, -h + 34), NodeKind.COPY.label)
        painter.setFont(small)
        painter.setPen(self._text_colour(muted=True))
        width = x + inner - right - 6
        painter.drawText(QRectF(right + 6, -h + 34, width, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         _elided(assignees_text(n), small, width))

    def _paint_condition(self, painter: QPainter) -> None:
        font = _font(10, bold=True)
        painter.setFont(font)
        painter.setPen(self._text_colour())
        width = CONDITION_W * 0.62
        painter.drawText(QRectF(-width / 2, -12, width, 24), Qt.AlignmentFlag.AlignCenter,
                         _elided(self._node.title, font, width))

    def _paint_circle(self, painter: QPainter) -> None:
        n = self._node
        _, line = self.kind_colours()
        mark = VISITED_LINE.darker(130) if self.state == VISITED else ACCENT if self.state == CURRENT else line
        painter.setPen(QPen(mark, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(mark)
        if n.kind == NodeKind.START.code:  # ▶
            painter.drawPolygon(QPolygonF([QPointF(-5, -8), QPointF(9, 0), QPointF(-5, 8)]))
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), CIRCLE_R - 5, CIRCLE_R - 5)  # the end's double ring
            painter.setBrush(mark)
            painter.drawRect(QRectF(-5, -5, 10, 10))
        rect = self._caption_rect()
        title_font = _font(10, bold=True)
        painter.setPen(self._text_colour())
        painter.setFont(title_font)
        if n.kind == NodeKind.END.code:
            painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), rect.height() / 2 + 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             _elided(n.title, title_font, rect.width()))
            small = _font(9)
            painter.setFont(small)
            painter.setPen(self._text_colour(muted=True) if self.state else line)
            painter.drawText(QRectF(rect.left(), rect.center().y() + 2, rect.width(), rect.height() / 2 - 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             QCoreApplication.translate("FlowScene", "Outcome: %1").replace("%1", Outcome.label_of(n.outcome)))
        else:
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             _elided(n.title, title_font, rect.width()))

    def _paint_bar(self, painter: QPainter) -> None:
        font = _font(9)
        painter.setFont(font)
        painter.setPen(self._text_colour(muted=True))
        rect = self._caption_rect()
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         _elided(self._node.title, font, rect.width()))

    def _paint_tick(self, painter: QPainter) -> None:
        rect = self._outline.boundingRect()
        centre = QPointF(rect.right() - 2, rect.top() + 2) if not self._is_bar() else QPointF(rect.right() + 2, rect.top())
        if self._node.kind in (NodeKind.START.code, NodeKind.END.code, NodeKind.CONDITION.code):
            centre = QPointF(rect.right() * 0.72, rect.top() * 0.72)
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
        painter.setBrush(DONE)
        painter.drawEllipse(centre, 8, 8)
        tick = QPainterPath()
        tick.moveTo(centre + QPointF(-3.6, 0.2))
        tick.lineTo(centre + QPointF(-1.0, 2.8))
        tick.lineTo(centre + QPointF(3.8, -2.6))
        painter.setPen(QPen(QColor("#FFFFFF"), 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)

    def _paint_current_tag(self, painter: QPainter) -> None:
        text = QCoreApplication.translate("FlowScene", "In progress")
        font = _font(8.5, bold=True)
        width = QFontMetricsF(font).horizontalAdvance(text) + 14
        rect = self._outline.boundingRect()
        tag = QRectF(rect.left() + (8 if not self._is_circle() else -width / 2), rect.top() - 24, width, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ACCENT)
        painter.drawRoundedRect(tag, 9, 9)
        painter.setPen(QColor("#FFFFFF"))
        painter.setFont(font)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)

    def _is_circle(self) -> bool:
        return self._node.kind in (NodeKind.START.code, NodeKind.END.code)

    def _paint_handle(self, painter: QPainter) -> None:
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
        painter.setBrush(CONNECT)
        painter.drawEllipse(self.handle_center(), HANDLE_R, HANDLE_R)
        c = self.handle_center()
        painter.setPen(QPen(QColor("#FFFFFF"), 1.4))
        painter.drawLine(c + QPointF(-3, 0), c + QPointF(3, 0))
        painter.drawLine(c + QPointF(0, -3), c + QPointF(0, 3))


def _clip(item: NodeItem, inside: QPointF, outside: QPointF) -> QPointF:
    """Where the segment inside -> outside (scene points) leaves the item's outline."""
    outline = item.outline()
    if outline.contains(item.mapFromScene(outside)):
        return inside  # overlapping nodes: there is no border to stop at
    lo, hi = 0.0, 1.0
    for _ in range(22):
        mid = (lo + hi) / 2
        point = inside + (outside - inside) * mid
        if outline.contains(item.mapFromScene(point)):
            lo = mid
        else:
            hi = mid
    return inside + (outside - inside) * hi


class EdgeItem(QGraphicsItem):
    """An arrow from one node to another, with its label and condition in a tag halfway."""

    ARROW = 10.0

    def __init__(self, edge: Edge, source: NodeItem, target: NodeItem, *, editable: bool = False):
        super().__init__()
        self.edge = edge
        self.source = source
        self.target = target
        self.bend = 0.0  # sideways offset of the midpoint: two edges between the same nodes part
        self.taken = False  # the instance passed along it
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self._tag = QRectF()
        self._tag_lines: list[tuple[str, QFont, QColor]] = []
        self.setZValue(0)
        if editable:
            self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                          | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        source.edges.append(self)
        target.edges.append(self)
        self.update_geometry()

    def set_edge(self, edge: Edge) -> None:
        self.edge = edge
        self.update_geometry()

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)

    def tag_text(self) -> str:
        """What the tag shows, one line each: the label, the condition (or 默认 on a condition
        node's default edge)."""
        return "\n".join(text for text, _, _ in self._tag_lines)

    def _tag_content(self) -> list[tuple[str, QFont, QColor]]:
        lines = []
        if self.edge.label:
            lines.append((self.edge.label, _font(9, bold=True), TEXT))
        if self.edge.condition:
            lines.append((self.edge.condition, _font(9), MUTED))
        elif self.source.node.kind == NodeKind.CONDITION.code:
            lines.append((QCoreApplication.translate("FlowScene", "Otherwise"), _font(9), FAINT))
        return [(_elided(text, font, 220), font, colour) for text, font, colour in lines]

    def update_geometry(self) -> None:
        self.prepareGeometryChange()
        a, b = self.source.scenePos(), self.target.scenePos()
        line = QLineF(a, b)
        mid = (a + b) / 2
        if self.bend and line.length() > 0:
            normal = QPointF(-(b.y() - a.y()), b.x() - a.x()) / line.length()
            mid = mid + normal * self.bend
        start = _clip(self.source, a, mid)
        end = _clip(self.target, b, mid)
        direction = QLineF(mid if self.bend else start, end)
        length = direction.length()
        path = QPainterPath(start)
        arrow = QPolygonF()
        if length > self.ARROW:
            unit = (end - direction.p1()) / length
            base = end - unit * self.ARROW
            if self.bend:
                path.quadTo(mid, base)
            else:
                path.lineTo(base)
            side = QPointF(-unit.y(), unit.x()) * (self.ARROW * 0.45)
            arrow = QPolygonF([end, base + side, base - side])
        self._path = path
        self._arrow = arrow
        self._tag_lines = self._tag_content()
        self._tag = QRectF()
        if self._tag_lines:
            widths = [QFontMetricsF(font).horizontalAdvance(text) for text, font, _ in self._tag_lines]
            height = 17.0 * len(self._tag_lines) + 6
            width = max(widths) + 14
            centre = path.pointAtPercent(0.5) if not path.isEmpty() else mid
            self._tag = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
        self.setToolTip(self._tooltip())
        self.update()

    def _tooltip(self) -> str:
        parts = [f"{self.source.node.title} → {self.target.node.title}"]
        if self.edge.label:
            parts.append(self.edge.label)
        if self.edge.condition:
            parts.append(self.edge.condition)
        return "\n".join(parts)

    def path(self) -> QPainterPath:
        return QPainterPath(self._path)

    def tag_rect(self) -> QRectF:
        return QRectF(self._tag)

    def boundingRect(self) -> QRectF:  # noqa: N802
        rect = self._path.boundingRect().united(self._arrow.boundingRect()).adjusted(-8, -8, 8, 8)
        return rect.united(self._tag) if not self._tag.isNull() else rect

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)  # easy to click
        path = stroker.createStroke(self._path)
        path.addPolygon(self._arrow)
        if not self._tag.isNull():
            path.addRect(self._tag)
        return path

    def pen(self) -> QPen:
        if self.isSelected():
            colour, width = ACCENT, 2.4
        elif self.taken:
            colour, width = EDGE_TAKEN, 2.2
        else:
            colour, width = EDGE, 1.5
        return QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = self.pen()
        if self.isSelected():
            glow = QColor(ACCENT)
            glow.setAlpha(40)
            painter.setPen(QPen(glow, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._path)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setBrush(pen.color())
        painter.setPen(QPen(pen.color(), 1, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.drawPolygon(self._arrow)
        if self._tag_lines:
            painter.setPen(QPen(ACCENT if self.isSelected() else QColor("#DCE1E8"), 1))
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawRoundedRect(self._tag, 5, 5)
            y = self._tag.top() + 3
            for text, font, colour in self._tag_lines:
                painter.setFont(font)
                painter.setPen(colour)
                painter.drawText(QRectF(self._tag.left(), y, self._tag.width(), 17), Qt.AlignmentFlag.AlignCenter, text)
                y += 17


class FlowScene(QGraphicsScene):
    """Draws a FlowDefinition. Editable, its nodes move and connect (the editor listens to
    `connect_requested` and `flow_edited`)."""

    #: (source key, target key): the user joined two nodes (connect mode or a handle drag)
    connect_requested = Signal(str, str)
    #: a node moved (the editor's changes through add_/replace_/remove_ emit nothing)
    flow_edited = Signal()
    #: room around an edited flow to drag nodes into
    EDIT_MARGIN = 300.0

    def __init__(self, parent=None, *, editable: bool = False):
        super().__init__(parent)
        self.editable = editable
        self._nodes: dict[str, NodeItem] = {}
        self._edges: list[EdgeItem] = []
        self._connect_mode = False
        self._connect_source: NodeItem | None = None
        self._drag_line: QGraphicsLineItem | None = None
        self._drag_from: NodeItem | None = None
        self.setBackgroundBrush(PAGE)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # small, often moving

    # --- the flow ------------------------------------------------------------------------------

    def set_flow(self, flow: FlowDefinition) -> None:
        """Draws `flow` instead of what the scene held."""
        self.cancel_connection()
        self.clear()
        self._nodes.clear()
        self._edges.clear()
        for node in flow.nodes:
            self.add_node(node)
        for edge in flow.edges:
            self.add_edge(edge)
        self.fit_scene_rect()

    def nodes(self) -> tuple[Node, ...]:
        """The nodes as drawn, with the positions they were moved to."""
        return tuple(item.node for item in self._nodes.values())

    def edges(self) -> tuple[Edge, ...]:
        return tuple(item.edge for item in self._edges)

    def node_item(self, key: str) -> NodeItem | None:
        return self._nodes.get(key)

    def node_items(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges)

    def edge_item(self, source: str, target: str) -> EdgeItem | None:
        return next((e for e in self._edges if e.edge.source == source and e.edge.target == target), None)

    def fit_scene_rect(self) -> None:
        """The scene as big as its drawing with a margin; editable, with room around it to drag
        nodes into (it grows as they go: _grow)."""
        rect = self.itemsBoundingRect()
        if rect.isNull():
            rect = QRectF(-200, -150, 400, 300)
        margin = self.EDIT_MARGIN if self.editable else 30
        self.setSceneRect(rect.adjusted(-margin, -margin, margin, margin))

    def _grow(self) -> None:
        if self.editable:
            m = self.EDIT_MARGIN
            self.setSceneRect(self.sceneRect().united(self.itemsBoundingRect().adjusted(-m, -m, m, m)))

    # --- where an instance stands --------------------------------------------------------------

    def set_state(self, current: set[str], visited: set[str]) -> None:
        """Highlights the current node(s); greys and ticks the visited ones; darkens the edges
        between nodes the instance has reached."""
        reached = set(current) | set(visited)
        for key, item in self._nodes.items():
            item.state = CURRENT if key in current else VISITED if key in visited else PLAIN
            item.update()
        for edge in self._edges:
            edge.taken = edge.edge.source in visited and edge.edge.target in reached
            edge.update()

    # --- editing -------------------------------------------------------------------------------

    def add_node(self, node: Node) -> NodeItem:
        if node.key in self._nodes:
            raise ValueError(f"duplicate node key {node.key!r}")
        item = NodeItem(node, editable=self.editable)
        self._nodes[node.key] = item
        self.addItem(item)
        self._grow()
        return item

    def replace_node(self, node: Node) -> None:
        """New properties for the node of the same key; its position stays as drawn."""
        self._nodes[node.key].set_node(node)

    def remove_node(self, key: str) -> None:
        item = self._nodes.pop(key)
        for edge in list(item.edges):
            self.remove_edge(edge)
        if self._connect_source is item:
            self._connect_source = None
        self.removeItem(item)

    def add_edge(self, edge: Edge) -> EdgeItem | None:
        """None when an end is missing (an imported file may name a node it lacks)."""
        source, target = self._nodes.get(edge.source), self._nodes.get(edge.target)
        if source is None or target is None:
            return None
        item = EdgeItem(edge, source, target, editable=self.editable)
        self._edges.append(item)
        self.addItem(item)
        self._part_edges(source, target)
        return item

    def replace_edge(self, item: EdgeItem, edge: Edge) -> None:
        item.set_edge(edge)

    def remove_edge(self, item: EdgeItem) -> None:
        item.detach()
        self._edges.remove(item)
        self.removeItem(item)
        self._part_edges(item.source, item.target)

    def _part_edges(self, a: NodeItem, b: NodeItem) -> None:
        """A→B and B→A bend apart, each to its own side, instead of lying on one line."""
        pair = [e for e in self._edges if {e.source, e.target} == {a, b}]
        for e in pair:
            e.bend = 26.0 if len(pair) > 1 else 0.0
            e.update_geometry()

    # --- connecting ----------------------------------------------------------------------------

    @property
    def connect_mode(self) -> bool:
        return self._connect_mode

    def set_connect_mode(self, on: bool) -> None:
        """Click the source, then the target; each pair asks for an edge (connect_requested)."""
        self._connect_mode = on
        self._set_connect_source(None)
        for view in self.views():
            view.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)

    def connect_source(self) -> str | None:
        return self._connect_source.key if self._connect_source else None

    def cancel_connection(self) -> None:
        self._set_connect_source(None)
        if self._drag_line is not None:
            self.removeItem(self._drag_line)
            self._drag_line = None
            self._drag_from = None

    def _set_connect_source(self, item: NodeItem | None) -> None:
        if self._connect_source is not None:
            self._connect_source.connect_source = False
            self._connect_source.update()
        self._connect_source = item
        if item is not None:
            item.connect_source = True
            item.update()

    def _node_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if not self.editable or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        node = self._node_at(event.scenePos())
        if self._connect_mode:
            if node is None:
                self._set_connect_source(None)
            elif self._connect_source is None:
                self._set_connect_source(node)
            elif node is not self._connect_source:
                source = self._connect_source.key
                self._set_connect_source(None)
                self.connect_requested.emit(source, node.key)
            event.accept()
            return None
        if node is not None and node.handle_contains(node.mapFromScene(event.scenePos())):
            self._drag_from = node
            start = node.mapToScene(node.handle_center())
            self._drag_line = QGraphicsLineItem(QLineF(start, event.scenePos()))
            self._drag_line.setPen(QPen(CONNECT, 1.6, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap))
            self._drag_line.setZValue(5)
            self.addItem(self._drag_line)
            event.accept()
            return None
        return super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._drag_line is not None:
            line = self._drag_line.line()
            self._drag_line.setLine(QLineF(line.p1(), event.scenePos()))
            event.accept()
            return None
        return super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._drag_line is not None:
            source = self._drag_from
            self.removeItem(self._drag_line)
            self._drag_line = None
            self._drag_from = None
            target = self._node_at(event.scenePos())
            if source is not None and target is not None and target is not source:
                self.connect_requested.emit(source.key, target.key)
            event.accept()
            return None
        return super().mouseReleaseEvent(event)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        super().drawBackground(painter, rect)
        if not self.editable:
            return
        # the editor's dot grid: where dragged nodes land
        step = GRID_STEP * 2
        painter.setPen(QPen(GRID, 1.6))
        left = int(rect.left() // step) * step
        top = int(rect.top() // step) * step
        points = []
        y = top
        while y < rect.bottom():
            x = left
            while x < rect.right():
                points.append(QPointF(x, y))
                x += step
            y += step
        if len(points) < 40_000:  # far zoomed out the dots would only grey the page
            painter.drawPoints(QPolygonF(points))


class FlowView(QGraphicsView):
    """Shows a FlowScene, fitted to the view until the user zooms (Ctrl+wheel, Ctrl++ / Ctrl+-);
    Ctrl+0 fits it again."""

    #: never blown up beyond this when fitting a small flow into a large view
    MAX_FIT_SCALE = 1.15
    MIN_SCALE, MAX_SCALE = 0.2, 3.0

    def __init__(self, scene: QGraphicsScene | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if scene is not None:
            self.setScene(scene)
        self.auto_fit = True
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        editable = isinstance(scene, FlowScene) and scene.editable
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag if editable else QGraphicsView.DragMode.ScrollHandDrag)

    def scale_factor(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        """The whole flow in view, not larger than MAX_FIT_SCALE; zooming resumes following the
        view's size."""
        self.auto_fit = True
        self._fit()

    def _fit(self) -> None:
        scene = self.scene()
        if scene is None:
            return
        editable = isinstance(scene, FlowScene) and scene.editable
        # a drawing fits with its margin (so no scroll bars); an edited flow has room around it
        rect = scene.itemsBoundingRect().adjusted(-24, -24, 24, 24) if editable else scene.sceneRect()
        if scene.itemsBoundingRect().isNull():
            self.resetTransform()
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.scale_factor() > self.MAX_FIT_SCALE:
            self.setTransform(QTransform.fromScale(self.MAX_FIT_SCALE, self.MAX_FIT_SCALE))
        self.centerOn(rect.center())

    def zoom_by(self, factor: float) -> None:
        target = max(self.MIN_SCALE, min(self.MAX_SCALE, self.scale_factor() * factor))
        factor = target / self.scale_factor()
        self.auto_fit = False
        self.scale(factor, factor)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.auto_fit:
            self._fit()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.auto_fit:
            self._fit()

    def wheelEvent(self, event) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.15 ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    _NUDGE = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        scene = self.scene()
        if (event.key() in self._NUDGE and isinstance(scene, FlowScene) and scene.editable
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            moving = [i for i in scene.selectedItems() if isinstance(i, NodeItem)]
            if moving:  # arrows nudge the selected nodes by one grid step
                dx, dy = self._NUDGE[event.key()]
                for item in moving:
                    item.moveBy(dx * GRID_STEP, dy * GRID_STEP)
                return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.zoom_by(1.2)
                return
            if event.key() == Qt.Key.Key_Minus:
                self.zoom_by(1 / 1.2)
                return
            if event.key() == Qt.Key.Key_0:
                self.fit()
                return
        super().keyPressEvent(event)
