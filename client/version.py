"""The program's version: one place for the workstation, the centre and the packages.

pyproject.toml reads it (`[tool.setuptools.dynamic]`), the installers name their packages by
it, the centre announces it and compares workstations' versions with it. A PyInstaller bundle
carries no package metadata, so this module, not importlib.metadata, is the source.

Below it, what both programs need to compare versions (PEP 440, `packaging`) and what a centre
announces about releases (`Release`: the newest workstation version, the oldest one whose pushes
it accepts, where to get it). Pure: no HTTP, no Qt, no files.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from packaging.version import Version

VERSION = "0.2.0"

#: the header a workstation names its version in, on every request to the centre
VERSION_HEADER = "X-Hongdun-Version"


def parse(text: str | None) -> "Version | None":
    """The version `text` names, or None when it names none ("", "abc", None)."""
    # (imported here: widgets/app.py reads VERSION on the way to the login window)
    from packaging.version import InvalidVersion, Version

    if not text or not isinstance(text, str):
        return None
    try:
        return Version(text.strip())
    except InvalidVersion:
        return None


def is_newer(candidate: str | None, than: str | None) -> bool:
    """`candidate` is a later version than `than`; False when either is not a version (an
    unreadable announcement never nags the user)."""
    a, b = parse(candidate), parse(than)
    return a is not None and b is not None and a > b


def meets(version: str | None, minimum: str | None) -> bool:
    """`version` is at least `minimum`. No minimum: anything meets it. A minimum and no readable
    version (an old workstation that sent none): it does not."""
    floor = parse(minimum)
    if floor is None:
        return True
    own = parse(version)
    return own is not None and own >= floor


@dataclass(frozen=True)
class Release:
    """What a centre announces (its `GET /version`): the newest workstation version, the oldest
    whose pushes it accepts (None: every version), where to get it, what is new; and, when the
    asking workstation named its version, the refusal its pushes would get (None: accepted)."""

    latest: str
    minimum: str | None = None
    download: str | None = None
    notes: str | None = None
    #: the centre's own version
    centre: str | None = None
    #: the centre's message to this workstation when its pushes are refused for its version
    refusal: str | None = None

    def newer_than(self, version: str = VERSION) -> bool:
        """A newer workstation than `version` has been released."""
        return is_newer(self.latest, version)

    def accepts(self, version: str | None) -> bool:
        return meets(version, self.minimum)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Release":
        def text(key: str) -> str | None:
            value = data.get(key)
            return str(value) if value not in (None, "") else None

        return cls(latest=text("latest") or text("centre") or "0", minimum=text("minimum"),
                   download=text("download"), notes=text("notes"), centre=text("centre"),
                   refusal=text("refusal"))

    def to_json(self) -> dict[str, str | None]:
        return {"centre": self.centre, "latest": self.latest, "minimum": self.minimum,
                "download": self.download, "notes": self.notes, "refusal": self.refusal}
