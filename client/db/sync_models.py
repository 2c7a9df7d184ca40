"""Central tables of the synchronisation engine (docs/sync-protocol.md). Filled in by issue 3."""
from __future__ import annotations
