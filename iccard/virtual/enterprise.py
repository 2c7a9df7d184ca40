"""A blank enterprise card as the vendor delivers it (layout.py's files), and its image file.

The image (JSON) keeps a virtual card across runs of ``python -m iccard.virtual``: every
UPDATE BINARY is saved at once (write to a temp file, then rename, so a killed process never
leaves half an image).
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path

from iccard import layout
from iccard.virtual.card import VirtualCard
from iccard.virtual.filesystem import DF, EF, Access, path_text

DEMO_PIN = b"12345678"  # the write PIN of virtual cards; real cards get theirs from the vendor
APP_NAME = b"HONGDUN.ENTCARD"


def blank_card(
    serial: bytes | None = None,
    *,
    pin: bytes = DEMO_PIN,
    slot_size: int = layout.SLOT_SIZE,
    fill: int = 0x00,
    **options,
) -> VirtualCard:
    """A never-personalised enterprise card with a random 8-byte serial unless one is given.
    ``options`` go to VirtualCard (t0, strict_le, ...)."""
    serial = serial if serial is not None else secrets.token_bytes(8)
    mf = DF(0x3F00)
    mf.add(EF(layout.EF_SERIAL, bytearray(layout.encode_serial(serial)), Access.ALWAYS, Access.NEVER))
    app = mf.add(DF(layout.DF_APP, APP_NAME))
    app.add(EF(layout.EF_MARKER, bytearray([fill]) * layout.MARKER_SIZE, sfi=1))
    for i, fid in enumerate(layout.EF_SLOTS):
        app.add(EF(fid, bytearray([fill]) * slot_size, sfi=2 + i))
    return VirtualCard(mf, pin=pin, pin_owner=app, pin_reference=layout.PIN_REFERENCE, **options)


def card_serial(card: VirtualCard) -> bytes:
    return layout.parse_serial(bytes(card.ef(*layout.PATH_SERIAL).data))


# ------------------------------------------------------------------------------ image file


def to_image(card: VirtualCard) -> dict:
    return {
        "format": "hongdun-virtual-card/1",
        "pin": card.pin.hex(),
        "pin_tries_left": card.pin_tries_left,
        "files": {path_text(path): ef.data.hex() for path, ef in card.mf.walk()},
    }


def from_image(image: dict, **options) -> VirtualCard:
    files = image["files"]
    serial = layout.parse_serial(bytes.fromhex(files[path_text(layout.PATH_SERIAL)]))
    slot_size = len(bytes.fromhex(files[path_text(layout.PATH_SLOTS[0])]))
    card = blank_card(serial, pin=bytes.fromhex(image["pin"]), slot_size=slot_size, **options)
    card.pin_tries_left = int(image.get("pin_tries_left", card.pin_max))
    for path, ef in card.mf.walk():
        stored = bytes.fromhex(files.get(path_text(path), ""))
        ef.data[: len(stored)] = stored[: ef.size]
    return card


def save_image(card: VirtualCard, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(to_image(card), f, indent=1)
    os.replace(tmp, path)


def load_image(path: Path, **options) -> VirtualCard:
    return from_image(json.loads(Path(path).read_text()), **options)


def persistent_card(path: Path, *, serial: bytes | None = None, **options) -> VirtualCard:
    """The card kept in ``path`` (a new blank one if the file does not exist), saving itself
    after every write."""
    path = Path(path)
    card = load_image(path, **options) if path.exists() else blank_card(serial, **options)
    card.on_change = lambda c: save_image(c, path)
    save_image(card, path)
    return card
