"""Files users attach to a record (a contract's materials, an incoming document's scans): what
is accepted, judged by the file's first bytes, never by its name. One rule for every area; each
area says how large a file it takes."""
from __future__ import annotations

#: accepted types: MIME type -> the extension a saved copy gets
TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}

#: bytes `sniff_type` needs
HEAD = 16


def sniff_type(head: bytes) -> str | None:
    """The MIME type the content is (PDF, PNG or JPEG), or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def attachment_problem(filename: str, mime: str, size: int, head: bytes, *, max_bytes: int) -> str | None:
    """Why a file may not be attached (Chinese, naming the file and the rule), or None."""
    if size > max_bytes:
        return f"附件“{filename}”大小为{size / 1048576:.1f}MB，超过{max_bytes // 1048576}MB的上限"
    if size == 0:
        return f"附件“{filename}”是空文件"
    sniffed = sniff_type(head)
    if sniffed is None:
        return f"附件“{filename}”不是PDF或图片（只接受PDF、PNG、JPEG文件）"
    if mime and mime != sniffed:
        return f"附件“{filename}”的内容是{TYPES[sniffed]}，与声明的类型{mime}不符"
    return None
