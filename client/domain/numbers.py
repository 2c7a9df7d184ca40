"""What every screen and report says about numbers only the centre assigns, and the clock they
are dated by: one definition instead of one per business area."""
from __future__ import annotations

import datetime as dt

#: Beijing time: licences, records, receipts and statistics are dated by it
CHINA_TZ = dt.timezone(dt.timedelta(hours=8))

#: a number only the centre gives (受理号, credit code, record, card number), not given yet
PENDING = "待分配"


def number_text(number: str | None) -> str:
    """The number, or 待分配 until the push brings the centre's number back."""
    return number or PENDING
