"""Where business areas join the main window.

Every business area of client.kernel.registry may have a package `widgets.<area>` with
`register(window)` (its places on the rail: title, icon, roles, a lazy factory) and, for the
running program only, `attach(window)` (status-bar cells, watchers) and `shutdown()`. The shell
finds them; adding an area edits nothing here. Home comes first, then the areas in the
registry's order.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from PySide6.QtCore import QCoreApplication

from client.kernel.registry import registry
from widgets.common import icons
from widgets.shell.main_window import MainWindow


def area_modules() -> list[ModuleType]:
    """`widgets.<area>` of every business area that has screens, in the registry's order."""
    found = []
    for area in registry().areas:
        name = f"widgets.{area.name}"
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as e:
            if e.name != name:
                raise  # a screen module that fails to import is a bug, not a missing area
    return found


def register_areas(window: MainWindow) -> None:
    from client.kernel.roles import Role
    from widgets.shell.home import HomePage

    window.add_area("home", QCoreApplication.translate("Areas", "Home"), icons.icon("home"),
                    lambda ctx: HomePage(ctx, window))
    for module in area_modules():
        module.register(window)
    window.add_area("admin.devices", QCoreApplication.translate("Areas", "Devices"), icons.icon("database"),
                    _devices, roles={Role.ADMIN})


def _devices(ctx):
    from widgets.shell.devices_screen import DevicesScreen

    return DevicesScreen(ctx)


def attach_areas(window: MainWindow) -> None:
    """What the running program adds around the window (the card reader's cell, …)."""
    for module in area_modules():
        if hasattr(module, "attach"):
            module.attach(window)


def shutdown_areas() -> None:
    for module in area_modules():
        if hasattr(module, "shutdown"):
            module.shutdown()
