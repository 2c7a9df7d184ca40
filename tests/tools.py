"""Helpers for tests that need a command of the system (installed by scripts/install-system-packages.sh)."""
from __future__ import annotations

import shutil

import pytest


def require_tool(name: str, package: str) -> str:
    """The path of a command the suite needs; without it a failure that names the Debian package
    (never a skip: the README's test command installs everything the suite uses)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install {package} (scripts/install-system-packages.sh)", pytrace=False)
    return path
