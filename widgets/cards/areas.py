"""The card areas on the navigation rail: 制卡发卡 (the counter) and IC卡统计."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from client.domain.roles import Role
from widgets.common import icons

COUNTER, STATS = "cards.counter", "cards.stats"


def register(window) -> None:
    window.add_area(COUNTER, QCoreApplication.translate("CardAreas", "IC card counter"), icons.icon("card"),
                    _counter, roles={Role.CARD_OPERATOR, Role.OFFICE_HEAD})
    window.add_area(STATS, QCoreApplication.translate("CardAreas", "IC card statistics"), icons.icon("stats"),
                    _stats, roles={Role.CARD_OPERATOR, Role.OFFICE_HEAD})


def _counter(ctx):
    from widgets.cards.counter_screen import CardCounterScreen

    return CardCounterScreen(ctx)


def _stats(ctx):
    from widgets.cards.stats_screen import CardStatsScreen

    return CardStatsScreen(ctx)
