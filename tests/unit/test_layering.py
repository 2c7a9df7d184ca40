"""Dependency direction (DESIGN.md): widgets -> sync -> client -> iccard.

Nothing below widgets/ imports Qt, so the core runs without a display. Every import is checked,
including imports inside functions, relative imports and importlib.import_module("...") with a
literal name. main.py and widgets/ may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

QT = {"PySide6", "shiboken6", "widgets"}
FORBIDDEN: dict[str, set[str]] = {
    "iccard": QT | {"client", "sync"},
    "client": QT | {"sync"},
    "sync": QT,
}


def _package_of(path: Path, root: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1]  # the package a module (or an __init__) lives in


def imported_modules(source: str, package: list[str]) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in ``source``; relative imports are
    resolved against ``package`` (the list of package names containing the module)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                keep = len(package) - (node.level - 1)
                base = package[: max(keep, 0)]
            else:
                base = []
            if node.module:
                found.append((node.lineno, ".".join([*base, node.module])))
            elif base:
                found += [(node.lineno, ".".join([*base, a.name])) for a in node.names]
            else:  # `from .. import x` reaching above the top-level package
                found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.Call) and node.args:
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            arg = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and not arg.value.startswith(".")
            ):
                found.append((node.lineno, arg.value))
    return found


def violations(root: Path) -> tuple[list[str], int]:
    """('file:line: layer imports module' lines, number of files checked)."""
    bad: list[str] = []
    checked = 0
    for layer, forbidden in FORBIDDEN.items():
        for path in sorted((root / layer).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            checked += 1
            rel = path.relative_to(root)
            try:
                imports = imported_modules(path.read_text(encoding="utf-8"), _package_of(path, root))
            except SyntaxError as e:
                bad.append(f"{rel}:{e.lineno}: cannot parse: {e.msg}")
                continue
            for line, module in imports:
                top = module.split(".")[0]
                if top in forbidden:
                    bad.append(f"{rel}:{line}: {layer}/ must not import {module}")
    return bad, checked


def test_dependency_direction():
    bad, checked = violations(ROOT)
    assert checked >= 3, "found no modules under client/, sync/, iccard/"
    for line in bad:
        print(line)
    assert not bad, "layering violations (widgets -> sync -> client -> iccard):\n" + "\n".join(bad)


def test_checker_catches_violations(tmp_path):
    files = {
        "iccard/__init__.py": "",
        "iccard/apdu.py": "from client.domain import codes\n",
        "client/__init__.py": "",
        "client/services/__init__.py": "",
        "client/services/entity.py": (
            "import os\n"
            "from ..domain import uscc\n"  # fine: client.domain
            "from iccard import apdu\n"  # fine: downwards
            "def later():\n"
            "    from PySide6.QtCore import QObject\n"  # function-level import
            "    import sync.bus\n"
        ),
        "client/reports/pdf.py": "import importlib\nimportlib.import_module('shiboken6')\n",
        "client/x.py": "from .. import widgets\n",  # relative beyond the top package
        "sync/__init__.py": "",
        "sync/bus.py": "from client.services import entity\nfrom widgets.main import MainWindow\n",
        "widgets/__init__.py": "import PySide6\nimport sync\n",  # widgets may import anything
        "main.py": "import widgets\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    bad, checked = violations(tmp_path)
    assert checked == 9
    assert bad == [
        "iccard/apdu.py:1: iccard/ must not import client.domain",
        "client/reports/pdf.py:2: client/ must not import shiboken6",
        "client/services/entity.py:5: client/ must not import PySide6.QtCore",
        "client/services/entity.py:6: client/ must not import sync.bus",
        "client/x.py:1: client/ must not import widgets",
        "sync/bus.py:2: sync/ must not import widgets.main",
    ]
