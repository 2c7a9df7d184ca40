"""Every ISO 7816-4 status word as a clear Chinese sentence for the clerk.

``describe(sw)`` never fails: exact entries first, then the families whose second byte carries a
number (61xx, 6Cxx, 63Cx), then the meaning of the first byte alone, then a generic sentence.
"""

from __future__ import annotations

SW_OK = 0x9000

_EXACT: dict[int, str] = {
    0x9000: "操作成功",
    # 62xx: warning, the card's state is unchanged
    0x6200: "警告：卡片状态未改变",
    0x6281: "警告：返回的数据可能已损坏",
    0x6282: "警告：读到文件末尾，数据不足所请求的长度",
    0x6283: "警告：所选文件已失效",
    0x6284: "警告：文件控制信息格式不正确",
    0x6285: "警告：所选文件处于终止状态",
    0x6286: "警告：传感器无输入数据",
    # 63xx: warning, the card's state changed
    0x6300: "校验失败",
    0x6381: "警告：文件已写满",
    # 64xx / 65xx: execution errors
    0x6400: "执行出错：卡片状态未改变",
    0x6401: "执行出错：卡片要求立即响应",
    0x6500: "执行出错：卡片存储区已改变",
    0x6581: "存储失败：卡片写入错误",
    # 67xx / 68xx
    0x6700: "长度错误（Lc 或 Le 不正确）",
    0x6800: "不支持CLA中的功能",
    0x6881: "不支持逻辑通道",
    0x6882: "不支持安全报文",
    0x6883: "期望链式命令的最后一条",
    0x6884: "不支持命令链",
    # 69xx: command not allowed
    0x6900: "命令不允许",
    0x6981: "命令与文件结构不兼容",
    0x6982: "安全状态不满足（未校验口令或无写权限）",
    0x6983: "口令已锁定，不能再校验",
    0x6984: "引用的数据不可用（已失效）",
    0x6985: "使用条件不满足",
    0x6986: "命令不允许（没有当前文件）",
    0x6987: "缺少安全报文数据对象",
    0x6988: "安全报文数据对象不正确",
    # 6Axx: wrong parameters P1-P2
    0x6A00: "参数P1、P2错误",
    0x6A80: "数据域参数不正确",
    0x6A81: "卡片不支持该功能",
    0x6A82: "文件未找到",
    0x6A83: "记录未找到",
    0x6A84: "文件空间不足",
    0x6A85: "Lc与TLV结构不一致",
    0x6A86: "参数P1、P2不正确",
    0x6A87: "Lc与P1、P2不一致",
    0x6A88: "引用的数据（如口令）未找到",
    0x6A89: "文件已存在",
    0x6A8A: "专用文件名已存在",
    # the rest of the first-byte families
    0x6B00: "参数错误（偏移量超出文件范围）",
    0x6D00: "卡片不支持该指令",
    0x6E00: "卡片不支持该指令类别（CLA）",
    0x6F00: "卡片内部错误，原因未明",
    0x9240: "存储失败：卡片写入错误",
    0x9302: "卡片已锁定",
}

_FIRST_BYTE: dict[int, str] = {
    0x62: "警告：卡片状态未改变",
    0x63: "警告：卡片状态已改变",
    0x64: "执行出错：卡片状态未改变",
    0x65: "执行出错：卡片存储区已改变",
    0x66: "安全相关错误",
    0x67: "长度错误",
    0x68: "不支持CLA中的功能",
    0x69: "命令不允许",
    0x6A: "参数P1、P2错误",
    0x6B: "参数P1、P2错误",
    0x6D: "卡片不支持该指令",
    0x6E: "卡片不支持该指令类别（CLA）",
    0x6F: "卡片内部错误，原因未明",
}


def describe(sw: int) -> str:
    """The Chinese message for a status word (any int 0..0xFFFF)."""
    sw &= 0xFFFF
    if sw in _EXACT:
        return _EXACT[sw]
    sw1, sw2 = sw >> 8, sw & 0xFF
    if sw1 == 0x61:
        return f"还有 {sw2 or 256} 字节应答数据待取（需 GET RESPONSE）"
    if sw1 == 0x6C:
        return f"Le 长度错误，卡片可返回 {sw2 or 256} 字节"
    if sw1 == 0x63 and sw2 & 0xF0 == 0xC0:
        left = sw2 & 0x0F
        return f"口令错误，还可尝试 {left} 次" if left else "口令错误，口令已锁定"
    if sw1 == 0x9F:  # some T=0 cards use 9Fxx like 61xx
        return f"还有 {sw2 or 256} 字节应答数据待取"
    if sw1 in _FIRST_BYTE:
        return f"{_FIRST_BYTE[sw1]}（细节代码 {sw2:02X}）"
    if sw1 in (0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E):
        return "卡片返回了厂商自定义的状态"
    return "卡片返回了无法识别的状态"


def pin_tries_left(sw: int) -> int | None:
    """Remaining PIN tries told by 63Cx (x tries left), 0 for 6983 (blocked), else None."""
    if sw & 0xFFF0 == 0x63C0:
        return sw & 0x0F
    if sw == 0x6983:
        return 0
    return None
