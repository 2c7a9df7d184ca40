"""An in-process ISO 7816-4 card: SELECT, READ BINARY, UPDATE BINARY, VERIFY, GET RESPONSE.

It is also a ``Transport`` (``transmit(bytes) -> bytes``), so the card layer can talk to it
directly in unit tests, and ``iccard.virtual.vpcd`` puts the same object behind the real
pcscd. Switches reproduce what real cards and readers do to the host:
- ``t0``: case-4 answers come back as 61xx and must be fetched with GET RESPONSE (T=0 cards);
- ``defer_all``: every answer with data comes back as 61xx (some readers/cards do this);
- ``get_response_limit``: at most that many bytes per GET RESPONSE, to force several rounds;
- ``strict_le``: READ BINARY / GET RESPONSE asking for more than is there get 6Cxx;
- ``tear_after(n)``: the card loses power after n more APDUs (optionally halfway into the
  next UPDATE BINARY): a card pulled out of the reader.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from iccard.apdu import (
    INS_GET_RESPONSE,
    INS_READ_BINARY,
    INS_SELECT,
    INS_UPDATE_BINARY,
    INS_VERIFY,
    MAX_LE,
    CommandAPDU,
)
from iccard.errors import ApduFormatError, CardRemovedError
from iccard.virtual.filesystem import DF, EF, Access

# A T=1 card: 3B 88 80 01 + 8 historical bytes + TCK (XOR check byte over T0 .. last byte)
HISTORICAL_BYTES = b"HDIC-V01"


def atr_for(t0: bool) -> bytes:
    if t0:  # T=0 only: no interface bytes, no check byte
        return b"\x3b\x08" + HISTORICAL_BYTES
    body = b"\x88\x80\x01" + HISTORICAL_BYTES
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3b" + body + bytes((tck,))


class _Status(Exception):
    def __init__(self, sw: int):
        self.sw = sw


class VirtualCard:
    """An ISO 7816-4 file-system card with one PIN. Thread-safe: the vpcd thread and a test
    may both touch it (one lock around every APDU)."""

    def __init__(
        self,
        mf: DF,
        *,
        pin: bytes,
        pin_owner: DF,
        pin_reference: int,
        pin_tries: int = 3,
        t0: bool = False,
        defer_all: bool = False,
        get_response_limit: int = MAX_LE,
        strict_le: bool = False,
    ):
        self.mf = mf
        self.pin = bytes(pin)
        self.pin_owner = pin_owner
        self.pin_reference = pin_reference
        self.pin_max = pin_tries
        self.pin_tries_left = pin_tries
        self.t0 = t0
        self.defer_all = defer_all
        self.get_response_limit = get_response_limit
        self.strict_le = strict_le
        self.on_change: Callable[[VirtualCard], None] | None = None  # after every write
        self.apdu_count = 0
        self.log: list[bytes] = []  # every command APDU processed (tests count boundaries)
        self._lock = threading.RLock()
        self._tear_countdown: int | None = None
        self._tear_partial: int | None = None
        self.removed = False
        self.power_on()

    # ------------------------------------------------------------------ power, faults

    @property
    def atr(self) -> bytes:
        return atr_for(self.t0)

    def power_on(self) -> None:
        """Power-up / reset: the MF is current, no PIN verified, nothing pending."""
        with self._lock:
            self.current_df: DF = self.mf
            self.current_ef: EF | None = None
            self.pin_verified = False
            self._pending = b""

    power_off = reset = power_on

    def tear_after(self, n: int, *, partial: int | None = None) -> None:
        """Process n more APDUs, then lose power on the next one; with ``partial``, an UPDATE
        BINARY at that point writes only its first ``partial`` bytes before the power goes."""
        with self._lock:
            self._tear_countdown = n
            self._tear_partial = partial

    def reinsert(self) -> None:
        """The card goes back into a reader (powered up afresh; the fault is spent)."""
        with self._lock:
            self.removed = False
            self._tear_countdown = None
            self.power_on()

    # ------------------------------------------------------------------ Transport

    def transmit(self, apdu: bytes) -> bytes:
        with self._lock:
            if self.removed:
                raise CardRemovedError()
            if self._tear_countdown == 0:
                if self._tear_partial is not None:
                    self._partial_write(apdu, self._tear_partial)
                self.removed = True
                self._tear_countdown = None
                raise CardRemovedError()
            if self._tear_countdown is not None:
                self._tear_countdown -= 1
            return self.process(apdu)

    def process(self, apdu: bytes) -> bytes:
        """One command APDU -> response APDU (data + SW1 SW2); never raises for bad input."""
        with self._lock:
            self.apdu_count += 1
            self.log.append(bytes(apdu))
            try:
                cmd = CommandAPDU.decode(apdu)
            except (ApduFormatError, ValueError):
                return b"\x67\x00"
            try:
                if cmd.ins == INS_GET_RESPONSE and cmd.cla == 0x00:
                    return self._get_response(cmd)
                self._pending = b""
                data = self._dispatch(cmd)
            except _StatusWithData as s:
                return s.data + s.sw.to_bytes(2, "big")
            except _Status as s:
                return s.sw.to_bytes(2, "big")
            return self._answer(cmd, data)

    # ------------------------------------------------------------------ answers

    def _answer(self, cmd: CommandAPDU, data: bytes) -> bytes:
        if not data:
            return b"\x90\x00"
        if self.defer_all or (self.t0 and cmd.data):  # case 4 on T=0: fetch with GET RESPONSE
            self._pending = data
            return bytes((0x61, min(len(data), MAX_LE) & 0xFF))
        if cmd.le is not None:
            data = data[: cmd.le]
        return data + b"\x90\x00"

    def _get_response(self, cmd: CommandAPDU) -> bytes:
        if cmd.p1 or cmd.p2:
            return b"\x6a\x86"
        if not self._pending:
            return b"\x69\x85"
        want = cmd.le or MAX_LE
        if self.strict_le and want > len(self._pending):
            return bytes((0x6C, len(self._pending) & 0xFF))
        n = min(want, self.get_response_limit, len(self._pending))
        out, self._pending = self._pending[:n], self._pending[n:]
        if self._pending:
            return out + bytes((0x61, min(len(self._pending), MAX_LE) & 0xFF))
        return out + b"\x90\x00"

    # ------------------------------------------------------------------ commands

    def _dispatch(self, cmd: CommandAPDU) -> bytes:
        if cmd.cla != 0x00:
            raise _Status(0x6E00)
        if cmd.ins == INS_SELECT:
            return self._select(cmd)
        if cmd.ins == INS_READ_BINARY:
            return self._read_binary(cmd)
        if cmd.ins == INS_UPDATE_BINARY:
            self._update_binary(cmd, len(cmd.data))
            return b""
        if cmd.ins == INS_VERIFY:
            self._verify(cmd)
            return b""
        raise _Status(0x6D00)

    def _select(self, cmd: CommandAPDU) -> bytes:
        if cmd.p2 not in (0x00, 0x04, 0x0C):
            raise _Status(0x6A86)
        data = cmd.data
        if cmd.p1 in (0x00, 0x01, 0x02, 0x08, 0x09) and len(data) % 2:
            raise _Status(0x6A80)
        fids = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
        if cmd.p1 == 0x00:
            if not fids or fids == [0x3F00]:
                node = self.mf
            else:
                node = self._by_fid(fids[0]) if len(fids) == 1 else None
        elif cmd.p1 == 0x01:
            node = self.current_df.children.get(fids[0]) if len(fids) == 1 else None
            node = node if isinstance(node, DF) else None
        elif cmd.p1 == 0x02:
            node = self.current_df.children.get(fids[0]) if len(fids) == 1 else None
            node = node if isinstance(node, EF) else None
        elif cmd.p1 == 0x03:
            node = self.current_df.parent or self.mf
        elif cmd.p1 == 0x04:
            node = self.mf.find_by_name(bytes(data)) if data else None
        elif cmd.p1 in (0x08, 0x09):
            if not fids:
                raise _Status(0x6700)
            node = self._walk(self.mf if cmd.p1 == 0x08 else self.current_df, fids)
        else:
            raise _Status(0x6A86)
        if node is None:
            raise _Status(0x6A82)
        if isinstance(node, DF):
            self.current_df, self.current_ef = node, None
        else:
            self.current_df, self.current_ef = node.parent, node
        return b"" if cmd.p2 == 0x0C else node.fcp()

    def _by_fid(self, fid: int) -> DF | EF | None:
        df = self.current_df
        if fid == df.fid:
            return df
        if fid in df.children:
            return df.children[fid]
        if df.parent is not None:
            if fid == df.parent.fid:
                return df.parent
            return df.parent.children.get(fid)
        return None

    @staticmethod
    def _walk(start: DF, fids: list[int]) -> DF | EF | None:
        node: DF | EF | None = start
        for fid in fids:
            if not isinstance(node, DF):
                return None
            node = node.children.get(fid)
        return node

    def _target(self, cmd: CommandAPDU) -> tuple[EF, int]:
        if cmd.p1 & 0x80:  # short EF identifier in P1, offset in P2
            if cmd.p1 & 0x60:
                raise _Status(0x6A86)
            sfi = cmd.p1 & 0x1F
            efs = [c for c in self.current_df.children.values() if isinstance(c, EF) and c.sfi == sfi]
            ef = efs[0] if efs else None
            if ef is None:
                raise _Status(0x6A82)
            self.current_ef = ef
            return ef, cmd.p2
        if self.current_ef is None:
            raise _Status(0x6986)
        return self.current_ef, (cmd.p1 << 8) | cmd.p2

    def _allowed(self, ef: EF, access: Access) -> None:
        if access is Access.NEVER:
            raise _Status(0x6982)
        if access is Access.PIN and not (self.pin_verified and ef.parent is self.pin_owner):
            raise _Status(0x6982)

    def _read_binary(self, cmd: CommandAPDU) -> bytes:
        if cmd.data:
            raise _Status(0x6700)
        ef, offset = self._target(cmd)
        self._allowed(ef, ef.read)
        if offset >= ef.size:
            raise _Status(0x6B00)
        want = cmd.le or MAX_LE
        data = bytes(ef.data[offset : offset + want])
        if len(data) < want:
            if self.strict_le:
                raise _Status(0x6C00 | len(data))
            if not self.defer_all:
                raise _StatusWithData(data, 0x6282)
        return data

    def _update_binary(self, cmd: CommandAPDU, count: int) -> None:
        if not cmd.data:
            raise _Status(0x6700)
        ef, offset = self._target(cmd)
        self._allowed(ef, ef.update)
        if offset > ef.size:
            raise _Status(0x6B00)
        if offset + len(cmd.data) > ef.size:
            raise _Status(0x6A84)
        ef.data[offset : offset + count] = cmd.data[:count]
        if self.on_change is not None:
            self.on_change(self)

    def _partial_write(self, apdu: bytes, count: int) -> None:
        """The part of an UPDATE BINARY that reached the EEPROM before the power went."""
        try:
            cmd = CommandAPDU.decode(apdu)
            if cmd.cla == 0x00 and cmd.ins == INS_UPDATE_BINARY:
                self._update_binary(cmd, max(0, min(count, len(cmd.data))))
        except (_Status, ApduFormatError, ValueError):
            pass

    def _verify(self, cmd: CommandAPDU) -> None:
        if cmd.p1 != 0x00:
            raise _Status(0x6A86)
        if cmd.p2 != self.pin_reference or not self._in_pin_owner():
            raise _Status(0x6A88)
        if self.pin_tries_left == 0:
            raise _Status(0x6983)
        if not cmd.data:  # how many tries are left, or 9000 if already verified
            if self.pin_verified:
                return
            raise _Status(0x63C0 | self.pin_tries_left)
        if cmd.data == self.pin:
            self.pin_tries_left = self.pin_max
            self.pin_verified = True
            return
        self.pin_verified = False
        self.pin_tries_left -= 1
        raise _Status(0x63C0 | self.pin_tries_left)

    def _in_pin_owner(self) -> bool:
        df: DF | None = self.current_df
        while df is not None:
            if df is self.pin_owner:
                return True
            df = df.parent
        return False

    # ------------------------------------------------------------------ inspection (tests)

    def ef(self, *path: int) -> EF:
        node = self._walk(self.mf, [f for f in path if f != 0x3F00])
        if not isinstance(node, EF):
            raise KeyError(path)
        return node


class _StatusWithData(_Status):
    """A warning status that still carries data (6282: end of file reached)."""

    def __init__(self, data: bytes, sw: int):
        super().__init__(sw)
        self.data = data
