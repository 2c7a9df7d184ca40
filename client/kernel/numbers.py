"""What every screen and report says about numbers only the centre assigns, and the clock they
are dated by: one definition instead of one per business area."""
from __future__ import annotations

from client.kernel.clock import CHINA_TZ  # noqa: F401 (re-exported: licences, records, receipts are dated by it)

#: a number only the centre gives (受理号, credit code, record, card number), not given yet
PENDING = "待分配"


def number_text(number: str | None) -> str:
    """The number, or 待分配 until the push brings the centre's number back."""
    return number or PENDING
