"""Exceptions of the card layer.

Inside iccard/ these travel between the APDU layer and the card operations; the operations
the client calls (read_card, make_card, rewrite_card) turn them into result values with a Chinese
message and never let them escape for anything a card or a user can cause.
"""

from __future__ import annotations


class CardError(Exception):
    """Base of every card-layer error; ``message`` is the Chinese text for the clerk."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CardIOError(CardError):
    """The APDU did not make it to the card and back (reader, service or transport failure)."""


class CardRemovedError(CardIOError):
    """The card left the reader (or lost power) while we talked to it."""

    def __init__(self, message: str = "卡片已被拔出或断电，操作未完成"):
        super().__init__(message)


class ApduFormatError(CardError):
    """Bytes that are not a well-formed command or response APDU."""


class StatusWordError(CardError):
    """The card answered a command with a status word other than 9000."""

    def __init__(self, sw: int, command: str = ""):
        from iccard.status_words import describe  # late: status_words is a leaf module

        self.sw = sw
        self.command = command
        text = f"{describe(sw)}（SW={sw:04X}"
        text += f"，{command}）" if command else "）"
        super().__init__(text)


class PinError(StatusWordError):
    """VERIFY failed: ``tries_left`` is None when the card did not say (or 0 when blocked)."""

    def __init__(self, sw: int, tries_left: int | None, command: str = "VERIFY"):
        super().__init__(sw, command)
        self.tries_left = tries_left


class PcscUnavailableError(CardIOError):
    """The PC/SC service (pcscd / Windows smart-card service) cannot be reached."""
