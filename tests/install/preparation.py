"""What the install tests need before they can start: both .deb files (installer/build-all.sh)
and a clean Debian root (debootstrap). Together about two minutes, mostly the import scan of
PyInstaller and the mirror's downloads, so tests/install/conftest.py starts them as soon as the
suite is collected, at the lowest CPU and I/O priority, while the other tests run; the install
tests, which come later, then wait for what is left (usually nothing).
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITE = "bookworm"
MIRROR = os.environ.get("HONGDUN_DEBIAN_MIRROR", "http://deb.debian.org/debian")
ROOT_DIR = ROOT / "build" / "install-root"
#: niced and in the idle I/O class: the suite's own tests keep the machine
LOW_PRIORITY = ["nice", "-n", "19", "ionice", "-c", "3"]


class Failed(Exception):
    pass


def _run(argv: list[str], *, timeout: float) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise Failed(f"{shlex.join(argv)} exited {result.returncode}\n"
                     f"stdout: {result.stdout[-3000:]}\nstderr: {result.stderr[-3000:]}")
    return result.stdout


def _unmount_below(path: Path) -> None:
    """Mounts a killed run left inside the root: never remove a folder through a mount."""
    with open("/proc/mounts") as mounts:
        targets = [line.split()[1] for line in mounts if line.split()[1].startswith(str(path) + "/")]
    for target in sorted(targets, reverse=True):
        subprocess.run(["umount", "-l", target], check=False)


def bootstrap_root(path: Path = ROOT_DIR) -> float | None:
    """A minbase Debian root under build/ (kept for the next run on this machine); the seconds
    debootstrap took, None when the root was there already."""
    stamp = path / ".hongdun-bootstrapped"
    if stamp.exists():
        return None
    _unmount_below(path)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    started = time.monotonic()
    _run(LOW_PRIORITY + ["debootstrap", "--variant=minbase", SUITE, str(path), MIRROR], timeout=900)
    # services never start inside the root (there is no init): pcscd's and others' scripts ask
    policy = path / "usr" / "sbin" / "policy-rc.d"
    policy.write_text("#!/bin/sh\nexit 101\n")
    policy.chmod(0o755)
    stamp.touch()
    return round(time.monotonic() - started, 1)


def build_packages(out: Path) -> tuple[float, str]:
    started = time.monotonic()
    stdout = _run(LOW_PRIORITY + ["bash", str(ROOT / "installer" / "build-all.sh"), "--out", str(out)], timeout=1500)
    return round(time.monotonic() - started, 1), stdout


class Preparation:
    """Both jobs on threads (each waits on its own child process)."""

    def __init__(self) -> None:
        given = os.environ.get("HONGDUN_PACKAGES")  # a folder built already (working on the tests)
        self.ours = not given
        self.out = Path(given) if given else Path(tempfile.mkdtemp(prefix="hongdun-debs-"))
        self.results: dict[str, object] = {}
        self.errors: dict[str, BaseException] = {}
        self.threads = [threading.Thread(target=self._job, args=("root", bootstrap_root), daemon=True)]
        if not given:
            self.threads.append(threading.Thread(target=self._job, args=("packages", lambda: build_packages(self.out)),
                                                 daemon=True))
        for thread in self.threads:
            thread.start()

    def _job(self, name: str, work) -> None:
        try:
            self.results[name] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the test that waits for it
            self.errors[name] = exc

    def wait(self, name: str) -> object:
        for thread in self.threads:
            thread.join()
        if name in self.errors:
            raise Failed(f"preparing the {name} failed: {self.errors[name]}")
        return self.results.get(name)


    def discard(self) -> None:
        """The packages this run built (~150 MB) go when the suite ends; the root stays."""
        for thread in self.threads:
            thread.join()
        if self.ours:
            shutil.rmtree(self.out, ignore_errors=True)


_started: Preparation | None = None
_lock = threading.Lock()


def finish() -> None:
    if _started is not None:
        _started.discard()


def start() -> Preparation:
    global _started
    with _lock:
        if _started is None:
            _started = Preparation()
        return _started
