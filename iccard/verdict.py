"""What a card is worth, judged from the card alone.

The back office's states (挂失, 暂吊, 吊销, 注销, replaced) are not on the card: the client layer
combines this verdict with the hot-list, looked up by the card serial and card generation.
"""

from __future__ import annotations

import enum


class Verdict(enum.Enum):
    VALID = "valid"  # signed by a known issuing key, for this very card
    FORGED = "forged"  # altered after issue, signature wrong, or copied from another card
    DAMAGED = "damaged"  # unreadable: broken structure, I/O failure, unexpected status word
    UNKNOWN_VERSION = "unknown_version"  # written by a newer layout than this program knows
    UNKNOWN_KEY = "unknown_key"  # intact, but signed by a key this workstation does not know
    BLANK = "blank"  # never personalised

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def trusted(self) -> bool:
        """Only a VALID card may be used to identify the enterprise."""
        return self is Verdict.VALID


_LABELS = {
    Verdict.VALID: "有效",
    Verdict.FORGED: "伪造或被篡改",
    Verdict.DAMAGED: "卡片损坏或无法读取",
    Verdict.UNKNOWN_VERSION: "卡片数据格式版本未知",
    Verdict.UNKNOWN_KEY: "无法核验（签发密钥未知）",
    Verdict.BLANK: "空白卡（未制卡）",
}
