"""企业IC卡: the card counter (制卡发卡) and IC卡统计 on the rail (`register`), and around the
running program (`attach`, `shutdown`): the reader's status-bar cell and the verdict of any card
put into the reader, wherever the user is."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from client.kernel.roles import Role
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


def attach(window) -> None:
    """The running program's main window: the reader's status-bar cell, and the verdict of any
    card put into the reader (the shell calls this; tests of single screens do not)."""
    from widgets.cards.card_watch import CardWatch
    from widgets.cards.reader_bridge import ReaderBridge
    from widgets.cards.reader_status import ReaderIndicator

    bridge = ReaderBridge.instance(start_after_ms=100)
    window.status.add_indicator(ReaderIndicator(bridge))
    window.card_watch = CardWatch(window, bridge)


def shutdown() -> None:
    """At exit: the reader monitor's thread stops."""
    from widgets.cards.reader_bridge import ReaderBridge

    ReaderBridge.shutdown()
