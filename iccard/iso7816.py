"""ISO 7816-4 commands on top of a Transport: SELECT, READ/UPDATE BINARY, VERIFY.

The protocol chores live here so that nothing above has to know them:
- 61xx ("xx more bytes waiting", T=0 cards) is answered with GET RESPONSE until the data is in;
- 6Cxx ("wrong Le, xx is right") re-sends the same command once with Le = xx;
- READ BINARY and UPDATE BINARY are cut into chunks that fit short APDUs, at any offset.
Every APDU sent, these extra ones included, is counted in ``stats``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from iccard.apdu import (
    INS_GET_RESPONSE,
    INS_READ_BINARY,
    INS_SELECT,
    INS_UPDATE_BINARY,
    INS_VERIFY,
    MAX_LC,
    MAX_LE,
    CommandAPDU,
    ResponseAPDU,
)
from iccard.errors import PinError, StatusWordError
from iccard.status_words import pin_tries_left
from iccard.transport import ApduStats, Transport

MAX_OFFSET = 0x7FFF  # READ/UPDATE BINARY with P1 bit 8 = 0: a 15-bit offset

# SELECT P1: how the file is named
SELECT_BY_FID = 0x00
SELECT_BY_PATH_FROM_MF = 0x08
SELECT_BY_PATH_FROM_DF = 0x09
# SELECT P2: what comes back
RETURN_FCP = 0x04
RETURN_NOTHING = 0x0C

_MAX_GET_RESPONSE = 64  # a card that keeps saying 61xx beyond 16 KB is broken, not chatty


class CardChannel:
    """ISO 7816-4 commands on one card; not thread-safe (one operation at a time)."""

    def __init__(
        self,
        transport: Transport,
        *,
        cla: int = 0x00,
        max_read: int = MAX_LE,
        max_write: int = MAX_LC,
        stats: ApduStats | None = None,
    ):
        if not 1 <= max_read <= MAX_LE or not 1 <= max_write <= MAX_LC:
            raise ValueError("chunk sizes must fit a short APDU")
        self.transport = transport
        self.cla = cla
        self.max_read = max_read
        self.max_write = max_write
        self.stats = stats if stats is not None else ApduStats()

    # ------------------------------------------------------------------ exchange

    def _exchange(self, cmd: CommandAPDU) -> ResponseAPDU:
        raw = cmd.encode()
        t = time.perf_counter()
        answer = self.transport.transmit(raw)
        self.stats.record(cmd.name, len(raw), len(answer), time.perf_counter() - t)
        return ResponseAPDU.decode(answer)

    def send(self, cmd: CommandAPDU) -> ResponseAPDU:
        """One command with the 61xx/6Cxx chores done; the final status word is not checked."""
        resp = self._exchange(cmd)
        if resp.sw1 == 0x6C:
            # Wrong Le: the card tells the right one; re-send once (a second 6C is an error).
            resp = self._exchange(cmd.with_le(resp.sw2 or MAX_LE))
        data = resp.data
        rounds = 0
        while resp.sw1 == 0x61:
            rounds += 1
            if rounds > _MAX_GET_RESPONSE:
                break
            resp = self._exchange(CommandAPDU(self.cla, INS_GET_RESPONSE, 0, 0, b"", resp.sw2 or MAX_LE))
            data += resp.data
        return ResponseAPDU(data, resp.sw1, resp.sw2)

    def command(self, cmd: CommandAPDU) -> bytes:
        """Send and insist on 9000; the response data."""
        resp = self.send(cmd)
        if not resp.ok:
            raise StatusWordError(resp.sw, str(cmd))
        return resp.data

    # ------------------------------------------------------------------ SELECT

    def select_file(self, fid: int, *, fcp: bool = False) -> bytes:
        """SELECT by file identifier (P1=00): MF, a DF or an EF under the current DF."""
        return self._select(SELECT_BY_FID, fid.to_bytes(2, "big"), fcp)

    def select_path(self, path: Sequence[int], *, from_mf: bool = True, fcp: bool = False) -> bytes:
        """SELECT by path of file ids (P1=08 from the MF, the MF's own 3F00 left out; P1=09 from
        the current DF). One APDU wherever the card currently is."""
        ids = list(path)
        if from_mf and ids and ids[0] == 0x3F00:
            ids = ids[1:]
        if not ids:
            return self.select_file(0x3F00, fcp=fcp)
        p1 = SELECT_BY_PATH_FROM_MF if from_mf else SELECT_BY_PATH_FROM_DF
        return self._select(p1, b"".join(f.to_bytes(2, "big") for f in ids), fcp)

    def _select(self, p1: int, data: bytes, fcp: bool) -> bytes:
        if fcp:
            return self.command(CommandAPDU(self.cla, INS_SELECT, p1, RETURN_FCP, data, MAX_LE))
        return self.command(CommandAPDU(self.cla, INS_SELECT, p1, RETURN_NOTHING, data))

    # ------------------------------------------------------------------ binary files

    def read_binary(self, offset: int, length: int) -> bytes:
        """Up to ``length`` bytes of the current transparent EF from ``offset``, in chunks.

        Shorter when the file ends first (6282, 6B00 at the end, or a short 9000 answer): the
        caller decides whether that is an error."""
        _check_range(offset, length)
        out = bytearray()
        while len(out) < length:
            want = min(self.max_read, length - len(out))
            pos = offset + len(out)
            if pos > MAX_OFFSET:
                break
            cmd = CommandAPDU(self.cla, INS_READ_BINARY, pos >> 8, pos & 0xFF, b"", want)
            resp = self.send(cmd)
            if resp.sw == 0x6B00 and out:  # offset just past the end: the file is done
                break
            if resp.sw not in (0x9000, 0x6282):
                raise StatusWordError(resp.sw, str(cmd))
            out += resp.data[:want]
            if resp.sw == 0x6282 or len(resp.data) < want:
                break
        return bytes(out)

    def update_binary(self, offset: int, data: bytes) -> int:
        """Write ``data`` at ``offset`` of the current transparent EF; returns the APDUs used."""
        _check_range(offset, len(data))
        sent = 0
        for start in range(0, len(data), self.max_write):
            chunk = data[start : start + self.max_write]
            pos = offset + start
            self.command(CommandAPDU(self.cla, INS_UPDATE_BINARY, pos >> 8, pos & 0xFF, chunk))
            sent += 1
        return sent

    # ------------------------------------------------------------------ PIN

    def verify(self, pin: bytes, *, reference: int = 0x01) -> None:
        """VERIFY the PIN; raises PinError with the tries left (63Cx) or 0 when blocked."""
        cmd = CommandAPDU(self.cla, INS_VERIFY, 0x00, reference, bytes(pin))
        resp = self.send(cmd)
        if resp.ok:
            return
        tries = pin_tries_left(resp.sw)
        if tries is not None or resp.sw == 0x6300:
            raise PinError(resp.sw, tries, str(cmd))
        raise StatusWordError(resp.sw, str(cmd))

    def pin_tries_left(self, *, reference: int = 0x01) -> int | None:
        """VERIFY without data: tries left (63Cx), 0 if blocked; None once verified (9000)."""
        resp = self.send(CommandAPDU(self.cla, INS_VERIFY, 0x00, reference))
        if resp.ok:
            return None
        tries = pin_tries_left(resp.sw)
        if tries is None:
            raise StatusWordError(resp.sw, "VERIFY")
        return tries


def _check_range(offset: int, length: int) -> None:
    if offset < 0 or length < 0 or offset > MAX_OFFSET:
        raise ValueError(f"offset {offset} / length {length} outside a 15-bit READ/UPDATE BINARY range")


def parse_fcp_size(fcp: bytes) -> int | None:
    """The file size from an FCP template (62 L ... 80 02 nnnn ...), None if absent/garbled."""
    if len(fcp) < 2 or fcp[0] != 0x62:
        return None
    body = fcp[2 : 2 + fcp[1]]
    i = 0
    while i + 2 <= len(body):
        tag, length = body[i], body[i + 1]
        value = body[i + 2 : i + 2 + length]
        if len(value) < length:
            return None
        if tag in (0x80, 0x81) and 1 <= length <= 3:
            return int.from_bytes(value, "big")
        i += 2 + length
    return None
