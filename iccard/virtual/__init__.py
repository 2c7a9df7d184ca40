"""Virtual enterprise cards for tests and the demo: an in-process ISO 7816-4 card
(``VirtualCard``, also a Transport), the vendor's blank layout (``blank_card``), image files
(``persistent_card``), and ``VpcdCard`` to put a card into vsmartcard-vpcd's readers.

``python -m iccard.virtual`` runs a persistent card attached to vpcd (see __main__.py).
"""

from iccard.virtual.card import VirtualCard
from iccard.virtual.enterprise import (
    DEMO_PIN,
    blank_card,
    card_serial,
    load_image,
    persistent_card,
    save_image,
)
from iccard.virtual.vpcd import VpcdCard, reader_name

__all__ = [
    "DEMO_PIN",
    "VirtualCard",
    "VpcdCard",
    "blank_card",
    "card_serial",
    "load_image",
    "persistent_card",
    "reader_name",
    "save_image",
]
