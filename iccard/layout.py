"""The enterprise card's files and the versioned encoding of what they hold.

Files (created by the card vendor before delivery; we only SELECT, READ, UPDATE and VERIFY):

    MF 3F00
      EF 2F02  serial     vendor-written, read-only: 5A len <serial bytes>
      DF 4844  application "HD"
        EF 0001  marker   16 bytes: which slot is active (one UPDATE BINARY)
        EF 0002  slot A   2048 bytes: a complete signed card image
        EF 0003  slot B   2048 bytes: the other one

A slot image (layout version 1):

    "HDIC" | version u8 | flags u8 | write sequence u32 | body length u16 | image length u16
    | body (TLV)
    | key id length u8 | key id | algorithm u8 | signature length u8 | signature
    | SHA-256 of everything before

The marker:  "HM" | marker version u8 | active slot u8 | write sequence u32 | CRC-16 (10 bytes)

This module only encodes and parses; deciding what a card is worth (verdicts) is card_reader's
job and signing is signature's. docs/card-layout.md is the prose version of this file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
from dataclasses import dataclass

# ------------------------------------------------------------------------------ files

MF = 0x3F00
EF_SERIAL = 0x2F02
DF_APP = 0x4844
EF_MARKER = 0x0001
EF_SLOTS = (0x0002, 0x0003)

PATH_SERIAL = (MF, EF_SERIAL)
PATH_MARKER = (MF, DF_APP, EF_MARKER)
PATH_SLOTS = ((MF, DF_APP, EF_SLOTS[0]), (MF, DF_APP, EF_SLOTS[1]))

MARKER_SIZE = 16
SLOT_SIZE = 2048  # what we ask the vendor for; the real size is read from the FCP when writing
PIN_REFERENCE = 0x81  # VERIFY P2: specific (DF-level) reference data 1, the issuer's write PIN

SLOT_NAMES = ("A", "B")

# ------------------------------------------------------------------------------ versions

LAYOUT_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})
SLOT_MAGIC = b"HDIC"
MARKER_MAGIC = b"HM"
MARKER_VERSION = 1
ALG_ECDSA_P256_SHA256 = 1  # signature = r || s, 32 bytes each
ALG_SM2_SM3 = 2  # reserved for the drop-in SM2/SM3 signer (docs/card-layout.md)

_HEADER = struct.Struct(">4sBBIHH")  # magic, version, flags, write sequence, body length, image length
_MARKER = struct.Struct(">2sBBI")  # magic, version, slot, write sequence (+ CRC-16)
DIGEST_SIZE = 32
MAX_KEY_ID = 32


class LayoutError(Exception):
    """Bytes that do not form a card image; ``message`` is Chinese, for the verdict."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnknownVersion(LayoutError):
    def __init__(self, version: int):
        super().__init__(f"卡片数据格式版本 {version} 不受本程序支持，请升级红盾工作台")
        self.version = version


class DigestMismatch(LayoutError):
    """The slot's own SHA-256 does not match its bytes: changed after it was written."""


# ------------------------------------------------------------------------------ content


@dataclass(frozen=True)
class EnterpriseData:
    """The enterprise's registration data as printed on its licence."""

    credit_code: str  # 统一社会信用代码, 18 characters
    name: str  # 名称
    kind_code: str  # 类型代码
    kind_label: str  # 类型
    legal_representative: str  # 法定代表人 / 经营者
    address: str  # 住所 / 经营场所
    office_code: str  # 登记机关代码
    office_name: str  # 登记机关
    established: dt.date  # 成立日期
    approved: dt.date  # 核准日期


@dataclass(frozen=True)
class IssueData:
    """Who made this card, when, and which card of the enterprise it is."""

    issue_date: dt.date  # 发卡日期
    issuing_office_code: str  # 发卡机关代码
    issuing_office_name: str  # 发卡机关
    operator: str  # 制卡员
    card_generation: int  # 1 for the first card, +1 for each 补卡 (replacement)


@dataclass(frozen=True)
class CardContent:
    enterprise: EnterpriseData
    issue: IssueData


# Body TLV tags, in the one order the encoder writes and the decoder accepts.
_TAG_SERIAL = 0x01
_FIELDS: tuple[tuple[int, str, str, str], ...] = (
    # tag, part, field, kind
    (0x10, "enterprise", "credit_code", "code"),
    (0x11, "enterprise", "name", "text"),
    (0x12, "enterprise", "kind_code", "code"),
    (0x13, "enterprise", "kind_label", "text"),
    (0x14, "enterprise", "legal_representative", "text"),
    (0x15, "enterprise", "address", "text"),
    (0x16, "enterprise", "office_code", "code"),
    (0x17, "enterprise", "office_name", "text"),
    (0x18, "enterprise", "established", "date"),
    (0x19, "enterprise", "approved", "date"),
    (0x20, "issue", "issue_date", "date"),
    (0x21, "issue", "issuing_office_code", "code"),
    (0x22, "issue", "issuing_office_name", "text"),
    (0x23, "issue", "operator", "text"),
    (0x24, "issue", "card_generation", "u16"),
)
_LABELS = {
    "credit_code": "统一社会信用代码",
    "name": "名称",
    "kind_code": "类型代码",
    "kind_label": "类型",
    "legal_representative": "法定代表人",
    "address": "住所",
    "office_code": "登记机关代码",
    "office_name": "登记机关",
    "established": "成立日期",
    "approved": "核准日期",
    "issue_date": "发卡日期",
    "issuing_office_code": "发卡机关代码",
    "issuing_office_name": "发卡机关",
    "operator": "制卡员",
    "card_generation": "卡序号",
}


def _encode_value(kind: str, label: str, value) -> bytes:
    if kind == "date":
        if not isinstance(value, dt.date):
            raise LayoutError(f"{label}必须是日期")
        return value.strftime("%Y%m%d").encode("ascii")
    if kind == "u16":
        if not isinstance(value, int) or not 0 <= value <= 0xFFFF:
            raise LayoutError(f"{label}必须是 0–65535 的整数")
        return value.to_bytes(2, "big")
    if not isinstance(value, str) or not value.strip():
        raise LayoutError(f"{label}不能为空")
    if kind == "code" and not (value.isascii() and value.isprintable()):
        raise LayoutError(f"{label}只能包含英文字母、数字和符号")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise LayoutError(f"{label}含有控制字符")
    return value.encode("utf-8")


def _decode_value(kind: str, label: str, raw: bytes):
    if kind == "date":
        text = raw.decode("ascii") if raw.isascii() else ""
        if len(text) != 8 or not text.isdigit():
            raise LayoutError(f"{label}格式错误")
        try:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise LayoutError(f"{label}不是有效日期") from None
    if kind == "u16":
        if len(raw) != 2:
            raise LayoutError(f"{label}长度错误")
        return int.from_bytes(raw, "big")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LayoutError(f"{label}不是有效的UTF-8文字") from None
    if not text.strip() or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise LayoutError(f"{label}为空或含有控制字符")
    if kind == "code" and not text.isascii():
        raise LayoutError(f"{label}含有非ASCII字符")
    return text


def _tlv(tag: int, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        length = bytes((n,))
    elif n <= 0xFF:
        length = bytes((0x81, n))
    else:
        length = bytes((0x82,)) + n.to_bytes(2, "big")
    return bytes((tag,)) + length + value


def _read_tlv(body: bytes, i: int) -> tuple[int, bytes, int]:
    """(tag, value, next index); canonical lengths only (one encoding per content)."""
    if i + 2 > len(body):
        raise LayoutError("数据区结构被截断")
    tag, first = body[i], body[i + 1]
    i += 2
    if first < 0x80:
        n = first
    elif first == 0x81 and i < len(body) and body[i] >= 0x80:
        n, i = body[i], i + 1
    elif first == 0x82 and i + 2 <= len(body) and int.from_bytes(body[i : i + 2], "big") > 0xFF:
        n, i = int.from_bytes(body[i : i + 2], "big"), i + 2
    else:
        raise LayoutError("数据区长度字段错误")
    if i + n > len(body):
        raise LayoutError("数据区字段超出边界")
    return tag, body[i : i + n], i + n


def encode_body(serial: bytes, content: CardContent) -> bytes:
    """The TLV body: the card serial it is meant for, then every field in a fixed order."""
    if not 1 <= len(serial) <= 16:
        raise LayoutError("卡片序列号长度错误")
    out = [_tlv(_TAG_SERIAL, serial)]
    for tag, part, field, kind in _FIELDS:
        value = getattr(getattr(content, part), field)
        out.append(_tlv(tag, _encode_value(kind, _LABELS[field], value)))
    credit = content.enterprise.credit_code
    if len(credit) != 18 or not credit.isalnum():
        raise LayoutError("统一社会信用代码必须是18位字母或数字")
    return b"".join(out)


def decode_body(body: bytes) -> tuple[bytes, CardContent]:
    """(serial the content was written for, content); LayoutError for any deviation."""
    tag, serial, i = _read_tlv(body, 0)
    if tag != _TAG_SERIAL or not 1 <= len(serial) <= 16:
        raise LayoutError("数据区缺少卡片序列号")
    values: dict[str, dict] = {"enterprise": {}, "issue": {}}
    for want, part, field, kind in _FIELDS:
        tag, raw, i = _read_tlv(body, i)
        if tag != want:
            raise LayoutError(f"数据区字段顺序错误（期望 {want:02X}，实际 {tag:02X}）")
        values[part][field] = _decode_value(kind, _LABELS[field], raw)
    if i != len(body):
        raise LayoutError("数据区末尾有多余数据")
    if len(values["enterprise"]["credit_code"]) != 18:
        raise LayoutError("统一社会信用代码长度错误")
    return serial, CardContent(EnterpriseData(**values["enterprise"]), IssueData(**values["issue"]))


# ------------------------------------------------------------------------------ slots


@dataclass(frozen=True)
class SlotImage:
    """A parsed slot: what is signed, the signature, and whether its own digest holds."""

    version: int
    write_sequence: int
    body: bytes
    key_id: str
    algorithm: int
    signature: bytes
    signed_part: bytes  # header .. signature length byte: what the issuer signed
    length: int  # bytes used in the EF, digest included

    def content(self) -> tuple[bytes, CardContent]:
        return decode_body(self.body)


def signed_part(
    serial: bytes,
    content: CardContent,
    write_sequence: int,
    key_id: str,
    algorithm: int,
    signature_length: int,
) -> bytes:
    """Everything the issuer signs: header, body (serial included), key id, algorithm."""
    key = key_id.encode("ascii") if key_id.isascii() else b""
    if not 1 <= len(key) <= MAX_KEY_ID or not key_id.isprintable():
        raise LayoutError(f"密钥编号必须是1–{MAX_KEY_ID}个ASCII字符")
    if not 0 <= write_sequence <= 0xFFFFFFFF:
        raise LayoutError("写卡序号超出范围")
    body = encode_body(serial, content)
    tail = bytes((len(key),)) + key + bytes((algorithm, signature_length))
    total = _HEADER.size + len(body) + len(tail) + signature_length + DIGEST_SIZE
    if total > 0xFFFF:
        raise LayoutError("企业信息过长，超出卡片容量")
    header = _HEADER.pack(SLOT_MAGIC, LAYOUT_VERSION, 0, write_sequence, len(body), total)
    return header + body + tail


def finish_slot(signed: bytes, signature: bytes) -> bytes:
    """signed part + signature + SHA-256 over both: the bytes that go into a slot EF."""
    if len(signature) != signed[-1]:
        raise LayoutError("签名长度与声明不符")
    image = signed + signature
    return image + hashlib.sha256(image).digest()


def is_blank(raw: bytes) -> bool:
    """A never-written area: vendors deliver EFs filled with 00 or FF."""
    return not raw or all(b == 0 for b in raw) or all(b == 0xFF for b in raw)


HEADER_SIZE = _HEADER.size


def image_length(raw: bytes) -> int:
    """From a slot's first HEADER_SIZE bytes: the length of the whole image, to read exactly
    that much. LayoutError / UnknownVersion when the header is not ours."""
    if len(raw) < _HEADER.size:
        raise LayoutError("卡片数据区头部不完整")
    magic, version, _flags, _seq, body_len, total = _HEADER.unpack_from(raw)
    if magic != SLOT_MAGIC:
        raise LayoutError("卡片数据区标识错误（不是本系统的企业卡数据）")
    if version not in SUPPORTED_VERSIONS:
        raise UnknownVersion(version)
    if total < _HEADER.size + body_len + 4 + DIGEST_SIZE:
        raise LayoutError("卡片数据区长度字段错误")
    return total


def parse_slot(raw: bytes) -> SlotImage:
    """Parse a slot's bytes (the EF's content from offset 0; trailing bytes are ignored)."""
    total = image_length(raw)  # magic and version first: an unknown version is not "damaged"
    if total > len(raw):
        raise LayoutError("卡片数据区长度超出文件")
    _magic, version, flags, seq, body_len, _total = _HEADER.unpack_from(raw)
    if flags != 0:
        raise LayoutError("卡片数据区标志位错误")
    i = _HEADER.size + body_len
    if i + 1 > len(raw):
        raise LayoutError("卡片数据区长度超出文件")
    key_len = raw[i]
    if not 1 <= key_len <= MAX_KEY_ID or i + 1 + key_len + 2 > len(raw):
        raise LayoutError("密钥编号长度错误")
    key = raw[i + 1 : i + 1 + key_len]
    i += 1 + key_len
    algorithm, sig_len = raw[i], raw[i + 1]
    i += 2
    signed = raw[:i]
    if i + sig_len + DIGEST_SIZE > len(raw):
        raise LayoutError("签名超出文件范围")
    signature = raw[i : i + sig_len]
    i += sig_len
    if i + DIGEST_SIZE != total:
        raise LayoutError("卡片数据区长度与内容不符")
    if hashlib.sha256(raw[:i]).digest() != raw[i : i + DIGEST_SIZE]:
        raise DigestMismatch("卡片数据校验值不符：内容在写入后被改动")
    try:
        key_id = key.decode("ascii")
    except UnicodeDecodeError:
        raise LayoutError("密钥编号不是ASCII字符") from None
    body = raw[_HEADER.size : _HEADER.size + body_len]
    return SlotImage(version, seq, body, key_id, algorithm, signature, signed, i + DIGEST_SIZE)


# ------------------------------------------------------------------------------ marker


@dataclass(frozen=True)
class Marker:
    slot: int  # 0 = A, 1 = B
    write_sequence: int


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: catches a marker torn inside its one UPDATE BINARY."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


MARKER_LENGTH = _MARKER.size + 2


def encode_marker(marker: Marker) -> bytes:
    raw = _MARKER.pack(MARKER_MAGIC, MARKER_VERSION, marker.slot, marker.write_sequence)
    return raw + crc16(raw).to_bytes(2, "big")


def parse_marker(raw: bytes) -> Marker | None:
    """None for a blank marker (never personalised); LayoutError / UnknownVersion otherwise."""
    raw = raw[:MARKER_LENGTH]
    if is_blank(raw):
        return None
    if len(raw) < MARKER_LENGTH:
        raise LayoutError("激活标记不完整")
    magic, version, slot, seq = _MARKER.unpack_from(raw)
    if magic != MARKER_MAGIC:
        raise LayoutError("激活标记标识错误")
    if crc16(raw[: _MARKER.size]) != int.from_bytes(raw[_MARKER.size :], "big"):
        raise LayoutError("激活标记校验错误")
    if version != MARKER_VERSION:
        raise UnknownVersion(version)
    if slot not in (0, 1):
        raise LayoutError("激活标记指向不存在的数据区")
    return Marker(slot, seq)


# ------------------------------------------------------------------------------ serial EF


def parse_serial(raw: bytes) -> bytes:
    """The factory serial from EF 2F02 (5A len value); LayoutError when it is not there."""
    if len(raw) < 3 or raw[0] != 0x5A or not 1 <= raw[1] <= 16 or len(raw) < 2 + raw[1]:
        raise LayoutError("卡片序列号文件格式错误")
    return bytes(raw[2 : 2 + raw[1]])


def encode_serial(serial: bytes) -> bytes:
    """What the vendor writes into EF 2F02 (used by the virtual card)."""
    if not 1 <= len(serial) <= 16:
        raise ValueError("serial must be 1..16 bytes")
    return bytes((0x5A, len(serial))) + serial


def serial_text(serial: bytes) -> str:
    """The serial as the hot-list and the screens show it: upper-case hex."""
    return serial.hex().upper()
