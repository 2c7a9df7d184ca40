"""The states of a market entity in the register (every area reads them)."""
from __future__ import annotations

from client.kernel.coded import CodedEnum


class EntityState(CodedEnum):
    ACTIVE = ("active", "存续")
    REVOKED = ("revoked", "吊销")
    DEREGISTERED = ("deregistered", "注销")
    MOVED_OUT = ("moved_out", "迁出")
