"""What the card layer needs from a reader: send a command APDU, get the response APDU back.

A PC/SC reader (``iccard.pcsc_transport.PcscTransport``), the in-process virtual card
(``iccard.virtual.VirtualCard``) and test doubles all fit. A transport raises
``CardIOError`` (or ``CardRemovedError``) when the exchange itself fails; status words are the
caller's business.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@runtime_checkable
class Transport(Protocol):
    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU, return the response APDU (data + SW1 SW2)."""
        ...


@dataclass
class ApduStats:
    """APDUs exchanged (GET RESPONSE and 6Cxx re-sends included), for benchmarks and logs."""

    count: int = 0
    by_ins: Counter = field(default_factory=Counter)
    bytes_out: int = 0
    bytes_in: int = 0
    seconds: float = 0.0  # time spent inside transport.transmit

    def record(self, name: str, sent: int, received: int, seconds: float) -> None:
        self.count += 1
        self.by_ins[name] += 1
        self.bytes_out += sent
        self.bytes_in += received
        self.seconds += seconds

    def snapshot(self) -> ApduStats:
        return ApduStats(self.count, Counter(self.by_ins), self.bytes_out, self.bytes_in, self.seconds)

    def since(self, before: ApduStats) -> ApduStats:
        """What happened after ``before`` (a snapshot) was taken."""
        return ApduStats(
            self.count - before.count,
            self.by_ins - before.by_ins,
            self.bytes_out - before.bytes_out,
            self.bytes_in - before.bytes_in,
            self.seconds - before.seconds,
        )

    def as_dict(self) -> dict:
        return {
            "apdus": self.count,
            "by_ins": dict(sorted(self.by_ins.items())),
            "bytes_out": self.bytes_out,
            "bytes_in": self.bytes_in,
            "transmit_ms": round(self.seconds * 1000, 3),
        }


class Stopwatch:
    """``with Stopwatch() as sw: ...; sw.seconds``: perf_counter timing for results."""

    def __enter__(self) -> Stopwatch:
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start
