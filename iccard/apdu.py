"""Command and response APDUs (ISO/IEC 7816-4, short length fields only).

Short APDUs are enough for this card: no file is longer than a few kilobytes, every chunk fits
255 data bytes, and some readers and T=0 cards refuse extended lengths.
"""

from __future__ import annotations

from dataclasses import dataclass

from iccard.errors import ApduFormatError

# Instructions the enterprise card uses (ISO 7816-4 only, no proprietary commands).
INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_UPDATE_BINARY = 0xD6
INS_VERIFY = 0x20
INS_GET_RESPONSE = 0xC0

INS_NAMES = {
    INS_SELECT: "SELECT",
    INS_READ_BINARY: "READ BINARY",
    INS_UPDATE_BINARY: "UPDATE BINARY",
    INS_VERIFY: "VERIFY",
    INS_GET_RESPONSE: "GET RESPONSE",
}

MAX_LC = 255  # short APDU: Lc is one byte
MAX_LE = 256  # short APDU: Le = 00 means 256


@dataclass(frozen=True)
class CommandAPDU:
    """CLA INS P1 P2 [Lc data] [Le]; ``le`` None means no response data expected (Ne = 0)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self):
        for name in ("cla", "ins", "p1", "p2"):
            value = getattr(self, name)
            if not 0 <= value <= 0xFF:
                raise ValueError(f"{name} out of range: {value}")
        if len(self.data) > MAX_LC:
            raise ValueError(f"short APDU data is at most {MAX_LC} bytes, got {len(self.data)}")
        if self.le is not None and not 1 <= self.le <= MAX_LE:
            raise ValueError(f"Le must be 1..{MAX_LE}, got {self.le}")

    @property
    def name(self) -> str:
        return INS_NAMES.get(self.ins, f"INS {self.ins:02X}")

    def encode(self) -> bytes:
        out = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.data:
            out += bytes((len(self.data),)) + self.data
        if self.le is not None:
            out += bytes((self.le & 0xFF,))  # 256 -> 00
        return out

    def with_le(self, le: int) -> CommandAPDU:
        return CommandAPDU(self.cla, self.ins, self.p1, self.p2, self.data, le)

    @classmethod
    def decode(cls, raw: bytes) -> CommandAPDU:
        """Parse the four short cases; anything else is an ApduFormatError."""
        if len(raw) < 4:
            raise ApduFormatError(f"命令APDU过短（{len(raw)} 字节）")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:  # case 1
            return cls(cla, ins, p1, p2)
        if len(body) == 1:  # case 2: Le only
            return cls(cla, ins, p1, p2, b"", body[0] or MAX_LE)
        lc = body[0]
        if lc == 0:
            raise ApduFormatError("不支持扩展长度APDU")
        if len(body) == 1 + lc:  # case 3
            return cls(cla, ins, p1, p2, bytes(body[1:]))
        if len(body) == 2 + lc:  # case 4
            return cls(cla, ins, p1, p2, bytes(body[1 : 1 + lc]), body[-1] or MAX_LE)
        raise ApduFormatError(f"命令APDU长度与Lc不符（Lc={lc}，实际 {len(body) - 1} 字节）")

    def __str__(self) -> str:  # for logs and error messages
        le = "" if self.le is None else f" Le={self.le}"
        return f"{self.name} {self.p1:02X}{self.p2:02X} Lc={len(self.data)}{le}"


@dataclass(frozen=True)
class ResponseAPDU:
    data: bytes
    sw1: int
    sw2: int

    @property
    def sw(self) -> int:
        return (self.sw1 << 8) | self.sw2

    @property
    def ok(self) -> bool:
        return self.sw == 0x9000

    def encode(self) -> bytes:
        return self.data + bytes((self.sw1, self.sw2))

    @classmethod
    def decode(cls, raw: bytes) -> ResponseAPDU:
        if len(raw) < 2:
            raise ApduFormatError(f"卡片应答过短（{len(raw)} 字节，至少应有状态字）")
        return cls(bytes(raw[:-2]), raw[-2], raw[-1])

    @classmethod
    def status(cls, sw: int, data: bytes = b"") -> ResponseAPDU:
        return cls(data, sw >> 8, sw & 0xFF)
