"""What a bundle needs of the system it runs on: the glibc version and the packages.

    python3 installer/elfdeps.py glibc BUNDLE      the highest GLIBC_x.y any file needs
    python3 installer/elfdeps.py packages BUNDLE   the Debian packages providing the libraries the
                                                   bundle's files need and do not carry, as dpkg
                                                   on this (the build) machine knows them

readelf (binutils) reads the ELF files: no library of ours would parse them better, and
pyelftools is not among the project's dependencies for one build step. The packages are found
the way dpkg-shlibdeps would (ldconfig's cache, then `dpkg -S`); dpkg-shlibdeps itself wants a
debian/ source tree, which a PyInstaller bundle is not.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

#: glibc's own libraries: covered by the libc6 (>= version) dependency
GLIBC_SONAMES = re.compile(r"^(libc|libm|libdl|libpthread|librt|libutil|libresolv|libanl|ld-linux[-\w]*|"
                           r"libmvec|libnsl|libBrokenLocale)\.so")
VERSION_NEED = re.compile(r"Name: (GLIBC_[0-9.]+)")


def elf_files(bundle: Path) -> list[Path]:
    files = []
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def glibc_needed(bundle: Path) -> str:
    best = (2, 17)
    for path in elf_files(bundle):
        out = subprocess.run(["readelf", "-V", "-W", str(path)], capture_output=True, text=True).stdout
        for name in VERSION_NEED.findall(out):
            version = tuple(int(p) for p in name.removeprefix("GLIBC_").split("."))
            best = max(best, version)
    return ".".join(str(p) for p in best)


def needed_sonames(bundle: Path) -> set[str]:
    carried = {p.name for p in bundle.rglob("*")}
    needed: set[str] = set()
    for path in elf_files(bundle):
        out = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    return {s for s in needed if s not in carried and not GLIBC_SONAMES.match(s)}


def packages(bundle: Path) -> tuple[list[str], list[str]]:
    """(packages, sonames no package here provides)."""
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    paths: dict[str, str] = {}
    for line in cache.splitlines():
        m = re.match(r"\s+(\S+) \(([^)]*)\) => (\S+)", line)
        if m and ("x86-64" in m.group(2) or "AArch64" in m.group(2) or "64bit" in m.group(2)):
            paths.setdefault(m.group(1), m.group(3))
    found, missing = set(), []
    for soname in sorted(needed_sonames(bundle)):
        path = paths.get(soname)
        owner = None
        if path:
            real = str(Path(path).resolve())
            for candidate in (path, real, real.replace("/usr/lib/", "/lib/", 1)):
                res = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
                if res.returncode == 0:
                    owner = res.stdout.split(":")[0].strip()
                    break
        if owner:
            found.add(owner)
        else:
            missing.append(soname)
    return sorted(found), missing


def main(argv: list[str]) -> int:
    what, bundle = argv[1], Path(argv[2])
    if what == "glibc":
        print(glibc_needed(bundle))
    elif what == "packages":
        found, missing = packages(bundle)
        for soname in missing:
            print(f"elfdeps: no package here provides {soname} (a plugin needing it will not load)",
                  file=sys.stderr)
        print(", ".join(found))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
