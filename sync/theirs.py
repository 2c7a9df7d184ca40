"""The central side of a conflict: the record as it is now, for the mine/theirs dialog."""
from __future__ import annotations

from typing import Callable

from client.kernel.replication import replicated_models


def central_record_reader(feed) -> Callable[[str], dict | None]:
    """`feed`: the centre's records in the device's scope (sync.remote.RemoteFeed)."""
    def read(key: str) -> dict | None:
        table, _, _row_id = key.partition(":")
        if table not in replicated_models():
            return None
        found = feed.records([key]).get(table) or []
        if not found:
            return None
        return {k: v for k, v in found[0].items() if k not in ("password_hash",)}
    return read
