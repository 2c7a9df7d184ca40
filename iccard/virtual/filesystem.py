"""The file tree of a virtual ISO 7816-4 card: dedicated files (DF) holding transparent
elementary files (EF), each EF with its size fixed at creation and its access conditions,
as a card vendor creates them before the cards are delivered."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Access(enum.Enum):
    ALWAYS = "always"
    PIN = "pin"  # after a successful VERIFY of the DF's PIN
    NEVER = "never"


@dataclass(eq=False)
class EF:
    fid: int
    data: bytearray
    read: Access = Access.ALWAYS
    update: Access = Access.PIN
    sfi: int | None = None
    parent: DF | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def fcp(self) -> bytes:
        # 82: transparent working EF, 83: file id, 80: size, 8A: operational (activated)
        body = b"\x82\x01\x01" + b"\x83\x02" + self.fid.to_bytes(2, "big")
        body += b"\x80\x02" + self.size.to_bytes(2, "big") + b"\x8a\x01\x05"
        return b"\x62" + bytes((len(body),)) + body


@dataclass(eq=False)
class DF:
    fid: int
    name: bytes = b""  # the DF name (AID), for SELECT by name
    children: dict[int, DF | EF] = field(default_factory=dict)
    parent: DF | None = None

    def add(self, node: DF | EF) -> DF | EF:
        if node.fid in self.children or node.fid in (0x3F00, 0x3FFF, 0xFFFF):
            raise ValueError(f"file id {node.fid:04X} already used or reserved")
        node.parent = self
        self.children[node.fid] = node
        return node

    def fcp(self) -> bytes:
        body = b"\x82\x01\x38" + b"\x83\x02" + self.fid.to_bytes(2, "big")
        if self.name:
            body += b"\x84" + bytes((len(self.name),)) + self.name
        body += b"\x8a\x01\x05"
        return b"\x62" + bytes((len(body),)) + body

    def walk(self, prefix: tuple[int, ...] = ()):
        """(path, EF) for every EF below, paths starting with this DF's id."""
        here = (*prefix, self.fid)
        for child in self.children.values():
            if isinstance(child, EF):
                yield (*here, child.fid), child
            else:
                yield from child.walk(here)

    def find_by_name(self, name: bytes) -> DF | None:
        if self.name and self.name == name:
            return self
        for child in self.children.values():
            if isinstance(child, DF) and (found := child.find_by_name(name)):
                return found
        return None


def path_text(path: tuple[int, ...]) -> str:
    return "/".join(f"{fid:04X}" for fid in path)
