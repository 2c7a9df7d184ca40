"""A push in a process of its own, for the crash tests: killed by the parent (SIGKILL at a random
moment) or by itself just after the central commit of batch N and before the local acknowledgement.

usage: python -m tests.integration.sync_push_child STORE CENTRAL_URL BATCH [KILL_AFTER_CENTRAL_BATCH]
"""
from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    run(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)


def run(store_path: str, url: str, batch: int, kill_after: int = 0, ready=None) -> None:
    """The push; `ready` (a multiprocessing Event) is set when it begins (forked runs)."""
    from client.db.engine import make_engine, make_session_factory
    from sync.central import CentralApplier
    from sync.local_store import open_local_store
    from sync.push import Pusher

    engine = make_engine(url)
    store = open_local_store(store_path)
    pusher = Pusher(store, CentralApplier(make_session_factory(engine)), batch_size=batch)
    if kill_after:
        real = pusher._acknowledge
        batches = {"n": 0}

        def acknowledge(rows, outcomes, report):
            batches["n"] += 1
            if batches["n"] == kill_after:
                os.kill(os.getpid(), signal.SIGKILL)  # the centre has committed; the ack never happens
            real(rows, outcomes, report)
        pusher._acknowledge = acknowledge
    print("ready", flush=True)
    if ready is not None:
        ready.set()
    pusher.push()
    print("done", flush=True)


if __name__ == "__main__":
    main()
