"""Put a VirtualCard into a vsmartcard-vpcd reader, as a thread of this process.

vpcd (a pcscd reader driver) listens on 127.0.0.1:35963 for reader "Virtual PCD 00 00",
35964 for "Virtual PCD 00 01". A card connects and then answers messages: 2-byte big-endian
length + payload; a 1-byte payload is a control code (0 power off, 1 power on, 2 reset, 4 send
the ATR), anything longer a command APDU to answer with a response APDU. Closing the socket is
pulling the card out; so is a card torn by ``VirtualCard.tear_after``.

Connect only after pcscd lists the reader (iccard.stack.wait_for_readers): a connection
made just to see whether vpcd listens would itself be taken for a card.
"""

from __future__ import annotations

import socket
import struct
import threading
import time

from iccard.errors import CardRemovedError
from iccard.virtual.card import VirtualCard

VPCD_HOST = "127.0.0.1"
VPCD_BASE_PORT = 35963
CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0, 1, 2, 4


def reader_name(index: int) -> str:
    """The PC/SC name of vpcd's reader ``index`` (0 -> 'Virtual PCD 00 00')."""
    return f"Virtual PCD 00 {index:02d}"


def _quickack(sock: socket.socket) -> None:
    # Linux clears TCP_QUICKACK after a while: set it again before each read, or the host's
    # next APDU waits ~40 ms for our delayed ACK (PLATFORM.md).
    if hasattr(socket, "TCP_QUICKACK"):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass


class VpcdCard:
    """A VirtualCard in a vpcd reader: ``insert()`` connects and serves in a daemon thread,
    ``remove()`` pulls it out. One VpcdCard per insertion."""

    def __init__(self, card: VirtualCard, *, reader: int = 0, host: str = VPCD_HOST, port: int | None = None):
        self.card = card
        self.reader = reader
        self.reader_name = reader_name(reader)
        self.address = (host, port if port is not None else VPCD_BASE_PORT + reader)
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.connected_at: float | None = None  # perf_counter at connect
        self.powered_at: float | None = None  # first ATR sent: pcscd has seen the card
        self.powered = threading.Event()
        self.closed = threading.Event()
        self.error: BaseException | None = None

    # ------------------------------------------------------------------ control

    def insert(self, timeout: float = 5.0) -> VpcdCard:
        if self.card.removed:
            self.card.reinsert()
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection(self.address, timeout=timeout)
                if sock.getsockname() == sock.getpeername():
                    # vpcd's port lies in the ephemeral range: with nothing listening yet, Linux
                    # may give the connection that very port as its own and connect it to itself
                    # (a TCP self-connect), and pcscd would never see this card
                    sock.close()
                    raise ConnectionRefusedError("connected to itself")
                break
            except ConnectionRefusedError:  # pcscd is still loading vpcd
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _quickack(sock)
        self._sock = sock
        self.connected_at = time.perf_counter()
        self._thread = threading.Thread(target=self._serve, name=f"vpcd-card-{self.reader}", daemon=True)
        self._thread.start()
        return self

    def remove(self, timeout: float = 5.0) -> None:
        """Pull the card out (close the socket) and wait for the thread to end."""
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def inserted(self) -> bool:
        return self._thread is not None and not self.closed.is_set()

    def __enter__(self) -> VpcdCard:
        return self.insert() if self._thread is None else self

    def __exit__(self, *exc) -> None:
        self.remove()

    # ------------------------------------------------------------------ the card's side

    def _recv_exact(self, n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:  # a large APDU can arrive in pieces
            chunk = self._sock.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return bytes(buf)

    def _send(self, payload: bytes) -> None:
        self._sock.sendall(struct.pack(">H", len(payload)) + payload)

    def _serve(self) -> None:
        try:
            while True:
                _quickack(self._sock)
                (length,) = struct.unpack(">H", self._recv_exact(2))
                payload = self._recv_exact(length)
                if length == 1:
                    self._control(payload[0])
                else:
                    try:
                        answer = self.card.transmit(payload)
                    except CardRemovedError:
                        break  # torn: the card is out of the reader
                    self._send(answer)
        except (EOFError, OSError):
            pass
        except BaseException as e:  # a bug in the card: record it for the test, pull the card
            self.error = e
        finally:
            try:
                self._sock.close()
            finally:
                self.closed.set()

    def _control(self, code: int) -> None:
        if code == CTRL_ATR:
            self._send(self.card.atr)
            if self.powered_at is None:
                self.powered_at = time.perf_counter()
            self.powered.set()
        elif code in (CTRL_ON, CTRL_RESET):
            self.card.power_on()
        elif code == CTRL_OFF:
            self.card.power_off()
