"""Enterprise IC cards (工商企业IC卡) through PC/SC: ISO 7816-4 APDUs, the card's layout,
signatures, readers.

The lowest layer (DESIGN.md): nothing here imports client/, sync/, widgets/ or Qt.

DESIGN.md calls this layer ``smartcard/``; it is ``iccard`` because pyscard's own top-level
package is ``smartcard``: two distributions shipping one top-level name overwrite each other's
``__init__.py`` on install, and which one an import finds depends on sys.path order.
"""

from __future__ import annotations

# The public API the client and widgets layers use; see docs/card-layout.md.
from iccard.card_reader import CardReadResult, read_card  # noqa: E402
from iccard.card_writer import WriteResult, make_card, rewrite_card  # noqa: E402
from iccard.errors import CardError, CardIOError, CardRemovedError, StatusWordError  # noqa: E402
from iccard.layout import CardContent, EnterpriseData, IssueData  # noqa: E402
from iccard.signature import KeyLookup, KeyTable, Signer  # noqa: E402
from iccard.verdict import Verdict  # noqa: E402

__all__ = [
    "CardContent",
    "CardError",
    "CardIOError",
    "CardReadResult",
    "CardRemovedError",
    "EnterpriseData",
    "IssueData",
    "KeyLookup",
    "KeyTable",
    "Signer",
    "StatusWordError",
    "Verdict",
    "WriteResult",
    "make_card",
    "read_card",
    "rewrite_card",
]
