"""The statistics screens' bar chart: bars grouped per category (offices, months, a flow's
nodes), one colour and one legend entry per series, the categories written under them.

pyqtgraph (Qt Charts is deprecated since Qt 6.10 and not LGPL: PLATFORM.md). The axes are
written in the application's font: it carries the CJK families the Chinese labels need.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication, QWidget

TEXT_COLOUR = "#333A45"
AXIS_COLOUR = "#5B6573"

#: (name, colour, one value per category)
Series = tuple[str, str, list]


class BarChart(pg.PlotWidget):
    """Bars grouped per category; shows only what `show_bars` was given. `group_width`: the
    share of a category's width its bars take together; `bar_width`: the share of its slot a
    bar fills (the rest is the gap between the bars of one category)."""

    def __init__(self, object_name: str, parent: QWidget | None = None, *, minimum_height: int = 300,
                 group_width: float = 0.8, bar_width: float = 0.92):
        super().__init__(parent, background="w")
        self.setObjectName(object_name)
        self.setMinimumHeight(minimum_height)
        self.group_width = group_width
        self.bar_width = bar_width
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        plot = self.getPlotItem()
        plot.hideButtons()
        plot.showGrid(y=True, alpha=0.15)
        font = QApplication.font()  # the app's font: CJK families for the Chinese labels
        for name in ("bottom", "left"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=font)
            axis.setPen(pg.mkPen(AXIS_COLOUR))
            axis.setTextPen(pg.mkPen(TEXT_COLOUR))
        self.legend = plot.addLegend(offset=(-10, 10), labelTextColor=TEXT_COLOUR,
                                     brush=pg.mkBrush(255, 255, 255, 220), pen=pg.mkPen("#D0D4DA"))
        self.categories: list[str] = []

    def show_bars(self, title: str, categories: list[str], series: list[Series], *,
                  whole_numbers: bool = True) -> None:
        """`series`: (name, colour, one value per category) each. Counts (`whole_numbers`) get
        about five whole-number ticks up the side from a ceiling of at least 4; other figures
        (hours) pyqtgraph's own ticks, with room above the highest bar."""
        plot = self.getPlotItem()
        plot.clear()  # the bars and their legend entries
        self.categories = list(categories)
        width = self.group_width / max(1, len(series))
        for i, (name, colour, values) in enumerate(series):
            xs = [c - self.group_width / 2 + width * (i + 0.5) for c in range(len(categories))]
            plot.addItem(pg.BarGraphItem(x=xs, height=list(values), width=width * self.bar_width, brush=colour,
                                         pen=pg.mkPen(None), name=name))
        plot.getAxis("bottom").setTicks([list(enumerate(categories))])
        if whole_numbers:
            top = max([v for _n, _c, values in series for v in values] or [0])
            ceiling = max(4, int(top) + 1)
            step = max(1, -(-ceiling // 5))
            plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, ceiling + 1, step)]])
        else:
            top = max([v for _n, _c, values in series for v in values] + [0.0])
            ceiling = max(1.0, top * 1.15)
        plot.setXRange(-0.6, max(len(categories), 1) - 0.4, padding=0)
        plot.setYRange(0, ceiling, padding=0)
        plot.setTitle(title, color=TEXT_COLOUR, size="11pt")

    def bars(self) -> list[pg.BarGraphItem]:
        return [item for item in self.getPlotItem().listDataItems() if isinstance(item, pg.BarGraphItem)]

    def series_names(self) -> list[str]:
        return [item.name() for item in self.bars()]

    def bar_heights(self) -> list[list[float]]:
        """Each series' heights, as drawn."""
        return [list(item.opts["height"]) for item in self.bars()]

    def total(self) -> int:
        """The sum of every bar drawn (tests compare it with the table)."""
        return int(sum(sum(item.opts["height"]) for item in self.bars()))
