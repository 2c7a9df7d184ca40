"""A push in a process of its own, for the crash tests: killed by the parent (SIGKILL at a random
moment) or by itself just after the centre committed batch N and before the local acknowledgement.

It pushes as the workstation does, over HTTP to the centre at CENTRE_URL, with the device's own
session: the device key comes from the keyring (the test's keyring, through the environment
tests/conftest.py sets; a forked child has it already).

usage: python -m tests.integration.sync_push_child STORE CENTRE_URL DEVICE_ID BATCH [KILL_AFTER_CENTRAL_BATCH]
"""
from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    run(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 0)


def run(store_path: str, centre_url: str, device_id: str, batch: int, kill_after: int = 0, ready=None,
        session=None) -> None:
    """The push; `ready` (a multiprocessing Event) is set when it begins (forked runs).

    `session`: the parent's DeviceSession (forked runs), carried on over a connection of this
    process's own (the parent's pooled sockets must not be shared). The centre allows a device 10
    sign-ins a minute (centre.ratelimit), and 60 crashes take a few seconds: a device session
    per child would be refused from the 11th on. A fresh interpreter signs in with the key."""
    from sync.centre_client import CentreClient
    from sync.keys import device_key
    from sync.local_store import open_local_store
    from sync.push import Pusher
    from sync.remote import DeviceSession, RemoteApplier

    client = CentreClient([centre_url])
    if session is None:
        key = device_key(device_id)
        assert key is not None, f"no key of device {device_id} in the keyring"
        session = DeviceSession(client, device_id, key)
    else:
        assert session.device_id == device_id
        session.client = client
    store = open_local_store(store_path)
    pusher = Pusher(store, RemoteApplier(session), batch_size=batch)
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
