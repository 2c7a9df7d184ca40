"""流程与待办: the 待办 list on everyone's rail, 流程管理 (the flow editor and its versions) for
administrators and 流程统计 for heads (`register`); around the running program the status-bar
cell with the reader's 待办 count (`attach`). The instance dialog (widgets/flows/instance_dialog.py)
is what area screens open for their cases."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from client.kernel.roles import Role
from widgets.common import icons

TODO, ADMIN, STATS = "flows.todo", "flows.admin", "flows.stats"


def register(window) -> None:
    window.add_area(TODO, QCoreApplication.translate("FlowAreas", "To-do"), icons.icon("clock"), _todo)
    window.add_area(ADMIN, QCoreApplication.translate("FlowAreas", "Flows"), icons.icon("case"), _admin,
                    roles={Role.ADMIN})
    window.add_area(STATS, QCoreApplication.translate("FlowAreas", "Flow statistics"), icons.icon("stats"), _stats,
                    roles={Role.OFFICE_HEAD, Role.ADMIN})


def _todo(ctx):
    from widgets.flows.todo_screen import TodoScreen

    return TodoScreen(ctx)


def _admin(ctx):
    from widgets.flows.admin_screen import FlowAdminScreen

    return FlowAdminScreen(ctx)


def _stats(ctx):
    from widgets.flows.stats_screen import FlowStatsScreen

    return FlowStatsScreen(ctx)


def attach(window) -> None:
    """The 待办 cell of the status bar (the shell calls this; tests of single screens do not);
    a click on it opens the 待办 screen."""
    from widgets.flows.status import TodoIndicator

    cell = TodoIndicator(window.ctx)
    window.status.add_indicator(cell)
    cell.clicked.connect(lambda: window.open_area(TODO))
    window.todo_indicator = cell
