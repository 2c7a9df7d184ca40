"""The registration areas on the navigation rail: 主体查询, 设立登记, 审核.

Imports of the screens happen inside the factories: an area is built the first time it
is opened, so the main window comes up without loading QtPdf and the form's tables.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from client.domain.roles import Role
from widgets.common import icons

SEARCH, ESTABLISH, REVIEW = "registration.search", "registration.establish", "registration.review"


def register(window) -> None:
    # spelled out in full: lupdate collects QCoreApplication.translate calls with literals
    window.add_area(SEARCH, QCoreApplication.translate("RegistrationAreas", "Entity search"),
                    icons.icon("search"), _search)
    window.add_area(ESTABLISH, QCoreApplication.translate("RegistrationAreas", "Establishment"),
                    icons.icon("register"), _establish, roles={Role.CLERK})
    window.add_area(REVIEW, QCoreApplication.translate("RegistrationAreas", "Review"),
                    icons.icon("review"), _review, roles={Role.REVIEWER})


def _search(ctx):
    from widgets.registration.register_screen import RegisterScreen

    return RegisterScreen(ctx)


def _establish(ctx):
    from widgets.registration.application_form import ApplicationForm

    return ApplicationForm(ctx)


def _review(ctx):
    from widgets.registration.review_queue import ReviewQueueWidget

    return ReviewQueueWidget(ctx)
