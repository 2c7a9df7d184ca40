"""Where the program's read-only files live.

One place decides, so the same code works from a source checkout, a PyInstaller bundle
and a .deb install (which points HONGDUN_RESOURCES_DIR at /usr/share/...).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _find_resources_dir() -> Path:
    override = os.environ.get("HONGDUN_RESOURCES_DIR")
    if override:
        return Path(override)
    # PyInstaller unpacks bundled data under sys._MEIPASS.
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"  # client/kernel/paths.py -> the root


RESOURCES_DIR: Path = _find_resources_dir()


def resources_dir() -> Path:
    return RESOURCES_DIR


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/, e.g. resource_path("reference", "districts.json")."""
    return RESOURCES_DIR.joinpath(*parts)
