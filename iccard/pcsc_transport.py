"""PC/SC readers through pyscard's thin ``smartcard.scard`` binding (pcsc-lite, WinSCard).

The low-level binding is used rather than pyscard's CardService classes: one context and one
card handle with a plain lifetime, no observer threads, and every PC/SC error code turned into
a Chinese message here. (Module name: pyscard owns ``smartcard.pcsc``; see __init__.py.)
"""

from __future__ import annotations

import threading
import time

from smartcard import (
    scard,  # pyscard's binding, merged into our namespace by __init__.py
)

from iccard.errors import CardIOError, CardRemovedError, PcscUnavailableError

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"  # pcsc-lite/WinSCard's "reader list changed" pseudo reader

_ERRORS = {
    0x8010001D: "智能卡服务（pcscd）未运行",
    0x8010001E: "智能卡服务（pcscd）已停止",
    0x8010002E: "没有连接读卡器",
    0x80100009: "找不到该读卡器",
    0x80100017: "读卡器已拔出或不可用",
    0x8010000C: "读卡器中没有卡",
    0x80100069: "卡片已被拔出",
    0x80100068: "卡片已被复位，请重新读卡",
    0x80100067: "卡片未上电",
    0x80100066: "卡片无响应（可能插反或已损坏）",
    0x80100065: "卡片不受支持",
    0x8010000B: "卡片正被其他程序独占使用",
    0x8010000A: "等待读卡器超时",
    0x8010000F: "卡片通信协议不匹配",
    0x80100016: "与卡片通信失败（卡片可能已拔出）",
    0x80100013: "与读卡器通信出错",
    0x80100002: "操作已取消",
    0x80100003: "读卡器连接已失效",
    0x80100008: "应答缓冲区不足",
}
# Codes after which the card is simply gone (pulled out, reader unplugged).
_GONE = {0x80100069, 0x8010000C, 0x80100016, 0x80100017, 0x80100067, 0x80100003, 0x80100066}
_NO_SERVICE = {0x8010001D, 0x8010001E}

SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_CANCELLED = 0x80100002
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E


def code(hresult: int) -> int:
    return hresult & 0xFFFFFFFF


def pcsc_message(hresult: int) -> str:
    c = code(hresult)
    return _ERRORS.get(c, f"读卡器错误（PC/SC 错误码 {c:08X}）")


def pcsc_error(hresult: int, action: str = "") -> CardIOError:
    """The exception for a failed PC/SC call."""
    c = code(hresult)
    text = pcsc_message(c) + (f"（{action}）" if action else "")
    if c in _NO_SERVICE:
        return PcscUnavailableError(text)
    if c in _GONE:
        return CardRemovedError(text)
    return CardIOError(text)


class PcscContext:
    """An SCardEstablishContext handle; ``cancel()`` may be called from another thread."""

    def __init__(self):
        hresult, self.handle = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if code(hresult):
            raise pcsc_error(hresult, "连接智能卡服务")

    def list_readers(self) -> list[str]:
        hresult, readers = scard.SCardListReaders(self.handle, [])
        if code(hresult) == SCARD_E_NO_READERS_AVAILABLE:
            return []
        if code(hresult):
            raise pcsc_error(hresult, "列出读卡器")
        return list(readers)

    def cancel(self) -> None:
        scard.SCardCancel(self.handle)

    def release(self) -> None:
        if self.handle is not None:
            scard.SCardReleaseContext(self.handle)
            self.handle = None

    def __enter__(self) -> PcscContext:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def list_readers() -> list[str]:
    """Names of the PC/SC readers now attached; PcscUnavailableError without a PC/SC service."""
    with PcscContext() as ctx:
        return ctx.list_readers()


def card_present(reader: str) -> bool:
    with PcscContext() as ctx:
        hresult, states = scard.SCardGetStatusChange(ctx.handle, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if code(hresult):
            raise pcsc_error(hresult, reader)
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)


def wait_for_card(reader: str, *, present: bool = True, timeout: float = 5.0) -> bool:
    """Block until pcscd reports a card in (or, with present=False, no card in) ``reader``;
    False on timeout. Event-driven (SCardGetStatusChange), no polling sleeps."""
    deadline = time.monotonic() + timeout
    with PcscContext() as ctx:
        state = scard.SCARD_STATE_UNAWARE
        while True:
            left = deadline - time.monotonic()
            wait_ms = max(0, int(left * 1000))
            hresult, states = scard.SCardGetStatusChange(ctx.handle, wait_ms, [(reader, state)])
            if code(hresult) == SCARD_E_TIMEOUT:
                return False
            if code(hresult):
                raise pcsc_error(hresult, reader)
            _name, event, _atr = states[0]
            if bool(event & scard.SCARD_STATE_PRESENT) == present and not event & scard.SCARD_STATE_MUTE:
                return True
            if left <= 0:
                return False
            state = event & ~scard.SCARD_STATE_CHANGED


class PcscTransport:
    """A card in a PC/SC reader as a Transport. ``connect()`` raises CardRemovedError when the
    reader is empty; ``transmit`` raises CardRemovedError once the card is pulled out."""

    def __init__(self, reader: str, *, exclusive: bool = False, reset_on_close: bool = True):
        self.reader = reader
        self.exclusive = exclusive
        # Reset on close: a VERIFY'd write PIN must not stay open for the next program.
        self.reset_on_close = reset_on_close
        self._ctx: PcscContext | None = None
        self._card = None
        self.protocol = None
        self.atr = b""
        self._gone = False  # the card left during a transmit
        self._lock = threading.Lock()

    def connect(self) -> PcscTransport:
        ctx = PcscContext()
        share = scard.SCARD_SHARE_EXCLUSIVE if self.exclusive else scard.SCARD_SHARE_SHARED
        hresult, card, protocol = scard.SCardConnect(
            ctx.handle, self.reader, share, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if code(hresult):
            ctx.release()
            raise pcsc_error(hresult, self.reader)
        self._ctx, self._card, self.protocol = ctx, card, protocol
        self._gone = False
        hresult, _name, _state, _proto, atr = scard.SCardStatus(card)
        self.atr = bytes(atr) if not code(hresult) else b""
        return self

    def transmit(self, apdu: bytes) -> bytes:
        with self._lock:
            if self._card is None:
                raise CardIOError("未连接卡片")
            hresult, response = scard.SCardTransmit(self._card, self.protocol, list(apdu))
            if code(hresult):
                error = pcsc_error(hresult, "发送APDU")
                self._gone = isinstance(error, CardRemovedError)
                raise error
            if len(response) < 2:
                # No status word: the exchange broke off (vpcd answers this way when the card
                # leaves mid-command; real readers report an error code instead).
                self._gone = True
                raise CardRemovedError("读卡器返回的应答不完整（卡片可能已被拔出）")
            return bytes(response)

    def close(self) -> None:
        with self._lock:
            if self._card is not None:
                # Never reset a card that is gone: the failed reset makes pcscd report the
                # reader empty before its own poll has seen the card leave, and a card
                # inserted in between is then never reported.
                reset = self.reset_on_close and not self._gone
                disposition = scard.SCARD_RESET_CARD if reset else scard.SCARD_LEAVE_CARD
                scard.SCardDisconnect(self._card, disposition)
                self._card = None
            if self._ctx is not None:
                self._ctx.release()
                self._ctx = None

    def __enter__(self) -> PcscTransport:
        return self.connect() if self._card is None else self

    def __exit__(self, *exc) -> None:
        self.close()
