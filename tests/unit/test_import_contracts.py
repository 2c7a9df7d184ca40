"""The import contracts of pyproject.toml hold (DESIGN.md "Layers and folders"): widgets -> sync ->
client -> iccard; nothing below widgets/ imports Qt, client/ no HTTP; the kernel knows no area;
the business areas, and their screens, do not import each other. Checked by import-linter on
every import, function-level ones included."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from client.kernel.registry import registry

ROOT = Path(__file__).resolve().parents[2]
#: areas every other area may use (and that use none): the flow engine
SHARED = {"flows"}
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_every_import_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    print(out.stdout)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in out.stdout


def test_every_business_area_is_under_the_independence_contracts():
    """A new area is found by the registry; it must also be kept apart from the others."""
    everything = {a.name for a in registry().areas}
    # the flow engine is shared: areas run their approvals on it, it imports none of them
    areas = everything - SHARED
    independent = {tuple(c["modules"])[0].split(".")[0]: set(c["modules"])
                   for c in CONTRACTS if c["type"] == "independence"}
    assert independent["client"] == {f"client.{a}" for a in areas}
    screens = {a for a in areas if (ROOT / "widgets" / a / "__init__.py").exists()}
    assert independent["widgets"] == {f"widgets.{a}" for a in screens}
    kernel = next(c for c in CONTRACTS if c.get("source_modules") == ["client.kernel"])
    assert {f"client.{a}" for a in everything} <= set(kernel["forbidden_modules"])
    for shared in SHARED:
        own = next(c for c in CONTRACTS if c.get("source_modules") == [f"client.{shared}"])
        assert {f"client.{a}" for a in areas} <= set(own["forbidden_modules"])
        screens_of = next(c for c in CONTRACTS if c.get("source_modules") == [f"widgets.{shared}"])
        assert {f"widgets.{a}" for a in screens} <= set(screens_of["forbidden_modules"])
