"""The one place where business areas join the main window.

Each business part registers its own areas (title, icon, roles, a lazy factory) in its
`areas.register(window)`; the shell only decides the order they appear in.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from widgets.common import icons
from widgets.shell.main_window import MainWindow


def register_areas(window: MainWindow) -> None:
    from widgets.cards import areas as cards
    from widgets.inspections import areas as inspections
    from widgets.registration import areas as registration
    from widgets.shell.home import HomePage

    window.add_area("home", QCoreApplication.translate("Areas", "Home"), icons.icon("home"),
                    lambda ctx: HomePage(ctx, window))
    registration.register(window)
    inspections.register(window)
    cards.register(window)
