"""监督检查: random-inspection plans, the inspectors' tasks and records, the abnormal operation list.
`register(window)` puts them on the rail: 抽查计划 and 经营异常名录 for the office head, 我的检查任务
for inspectors. Screens are imported inside the factories (built on first open)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from client.kernel.roles import Role
from widgets.common import icons

PLANS, TASKS, ABNORMAL = "inspections.plans", "inspections.tasks", "inspections.abnormal"


def register(window) -> None:
    # spelled out in full: lupdate collects QCoreApplication.translate calls with literals
    window.add_area(TASKS, QCoreApplication.translate("InspectionAreas", "My inspections"),
                    icons.icon("inspect"), _tasks, roles={Role.INSPECTOR})
    window.add_area(PLANS, QCoreApplication.translate("InspectionAreas", "Inspection plans"),
                    icons.icon("inspect"), _plans, roles={Role.OFFICE_HEAD})
    window.add_area(ABNORMAL, QCoreApplication.translate("InspectionAreas", "Abnormal list"),
                    icons.icon("shield"), _abnormal, roles={Role.OFFICE_HEAD})


def _tasks(ctx):
    from widgets.inspections.tasks_screen import MyTasksScreen

    return MyTasksScreen(ctx)


def _plans(ctx):
    from widgets.inspections.plans_screen import PlansScreen

    return PlansScreen(ctx)


def _abnormal(ctx):
    from widgets.inspections.abnormal_screen import AbnormalListScreen

    return AbnormalListScreen(ctx)
