"""Screenshots of the card counter and its statistics, with an in-process virtual card (the
screenshot script runs without pcscd): a card made, handed over, and read back."""
from __future__ import annotations

import contextlib
import datetime as dt

from widgets.common.shots import ShotEnv

READER = "Virtual PCD 00 00"


def _counter(env: ShotEnv):
    from client.cards import queries as q
    from client.cards.desk import CardDesk
    from client.kernel.codes import new_resident_id
    from iccard.virtual import blank_card
    from widgets.cards.counter_screen import CardCounterScreen
    from widgets.cards.reader_bridge import ReaderBridge

    ctx = env.context("card")
    card = blank_card()
    reads = ctx.ops.reads  # the sample data is made here, on the script's thread
    desk = CardDesk(reads, ctx.ops.bus, ctx.principal, "screenshots",
                    transport=lambda _reader: contextlib.nullcontext(card))
    entity_ids = [e.id for e in reads.run(q.eligible_entities, ctx.principal, limit=3)]
    if not entity_ids:
        raise RuntimeError("the demo database has no entity in the card operator's office")
    made = desk.make(READER, entity_ids[0])
    if not made.ok:
        raise RuntimeError(made.message)
    current = reads.run(q.current_card, entity_ids[0])
    desk.issue(current.id, current.version, "陈思远", new_resident_id("440106", dt.date(1988, 7, 15), 432))
    bridge = ReaderBridge()  # not started: the screenshot's reader is the in-process card
    bridge.readers[READER] = True
    bridge.service_up = True
    screen = CardCounterScreen(ctx, bridge=bridge, desk=desk)
    screen.resize(1400, 860)
    env.windows.append(screen)
    return screen


def counter_screen(env: ShotEnv):
    return _counter(env)


def stats_screen(env: ShotEnv):
    from widgets.cards.stats_screen import CardStatsScreen

    _counter(env)  # a card made and handed over this month
    screen = CardStatsScreen(env.context("card"))
    screen.resize(1400, 860)
    env.windows.append(screen)
    return screen


SHOTS = [
    ("cards-counter.png", counter_screen),
    ("cards-statistics.png", stats_screen),
]
