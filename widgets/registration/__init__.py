"""Registration (登记注册): the register search, entity detail, application form, review queue
and licence printing. `register(window)` puts them on the navigation rail; screens are imported
inside the factories, so an area is built the first time it is opened."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from client.kernel.roles import Role
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
