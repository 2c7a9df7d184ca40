"""Bring up the PC/SC stack without hardware: pcscd in the foreground with the vsmartcard-vpcd
reader driver, for tests, benchmarks and the demo (PLATFORM.md, "PC/SC smart cards without
hardware"). Production machines run their own pcscd (systemd socket activation) or WinSCard.

There is one pcscd per machine (its socket path is fixed), so:
- a pcscd that is already running and shows the vpcd readers is reused, and left running;
- stale ``/run/pcscd/pcscd.comm`` and ``pcscd.pid`` of a dead pcscd are removed first;
- a pcscd we started is stopped by its PID, never by name.
Readiness is seen by listing readers (SCardListReaders, what smartcard.System.readers() does),
never by connecting to vpcd's port: vpcd would take such a connection for a card.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from iccard.errors import CardIOError
from iccard.pcsc_transport import PcscContext

RUN_DIR = Path("/run/pcscd")
SOCKET_FILE = RUN_DIR / "pcscd.comm"
PID_FILE = RUN_DIR / "pcscd.pid"
VPCD_DRIVERS = (
    Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
    Path("/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so"),
)
VPCD_READERS = ("Virtual PCD 00 00", "Virtual PCD 00 01")


class StackError(RuntimeError):
    pass


def find_pcscd() -> str | None:
    return shutil.which("pcscd") or next(
        (p for p in ("/usr/sbin/pcscd", "/usr/local/sbin/pcscd") if os.access(p, os.X_OK)), None
    )


def missing_parts() -> list[str]:
    """What is missing to run the virtual stack ([] when pcscd and vpcd are installed)."""
    missing = []
    if find_pcscd() is None:
        missing.append("pcscd (Debian package pcscd)")
    if not any(p.exists() for p in VPCD_DRIVERS):
        missing.append("the vpcd reader driver (Debian package vsmartcard-vpcd)")
    return missing


def _alive_pcscd(pid: int) -> bool:
    """A running pcscd (not a zombie left unreaped by a container's init)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    name, _, rest = stat.partition(" (")[2].rpartition(") ")
    return name == "pcscd" and not rest.startswith(("Z", "X"))


def running_pcscd() -> int | None:
    """PID of the pcscd named by the PID file, if it is alive."""
    try:
        pid = int(PID_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if _alive_pcscd(pid) else None


def list_readers_or_none() -> list[str] | None:
    """Reader names, or None while the service cannot be reached."""
    try:
        with PcscContext() as ctx:
            return ctx.list_readers()
    except CardIOError:
        return None


def wait_for_readers(
    names=VPCD_READERS, timeout: float = 10.0, process: subprocess.Popen | None = None
) -> list[str]:
    """Poll the reader list until every name in ``names`` is there; StackError on timeout or
    when ``process`` (our pcscd) exits first."""
    deadline = time.monotonic() + timeout
    readers: list[str] | None = None
    while time.monotonic() < deadline:
        readers = list_readers_or_none()
        if readers is not None and all(n in readers for n in names):
            return readers
        if process is not None and process.poll() is not None:
            raise StackError(f"pcscd exited with code {process.returncode}")
        time.sleep(0.01)
    raise StackError(f"readers {list(names)} did not appear within {timeout:.0f} s (seen: {readers})")


class PcscDaemon:
    """``PcscDaemon().start()`` ... ``.stop()``; ``owned`` is False for a reused pcscd."""

    def __init__(self, *, log_path: Path | None = None, debug: bool = False):
        self.log_path = Path(log_path) if log_path else Path(tempfile.gettempdir()) / "hongdun-pcscd.log"
        self.debug = debug
        self.process: subprocess.Popen | None = None
        self.pid: int | None = None
        self.owned = False
        self.ready_seconds: float | None = None  # start to readers listed

    def start(self, timeout: float = 10.0, readers=VPCD_READERS) -> PcscDaemon:
        missing = missing_parts()
        if missing:
            raise StackError("missing: " + ", ".join(missing))
        t = time.perf_counter()
        other = running_pcscd()
        if other is not None:
            wait_for_readers(readers, timeout)  # someone else's pcscd: use it if it has vpcd
            self.pid, self.owned = other, False
            self.ready_seconds = time.perf_counter() - t
            return self
        for stale in (SOCKET_FILE, PID_FILE):
            stale.unlink(missing_ok=True)
        args = [find_pcscd(), "--foreground"] + (["--debug", "--apdu"] if self.debug else [])
        log = open(self.log_path, "wb")
        try:
            self.process = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        finally:
            log.close()
        self.pid, self.owned = self.process.pid, True
        try:
            wait_for_readers(readers, timeout, self.process)
        except StackError as e:
            self.stop()
            raise StackError(f"{e}; pcscd log {self.log_path}:\n{self.log_tail()}") from None
        self.ready_seconds = time.perf_counter() - t
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the pcscd we started (SIGTERM, then SIGKILL), by PID; a reused one stays."""
        if not self.owned or self.pid is None:
            return
        proc, pid = self.process, self.pid
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        if proc is not None:
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(pid, signal.SIGKILL)
                proc.wait(timeout)
        self.process, self.pid, self.owned = None, None, False
        for stale in (SOCKET_FILE, PID_FILE):  # pcscd removes them itself on SIGTERM; a KILL does not
            stale.unlink(missing_ok=True)

    def restart(self, timeout: float = 10.0) -> PcscDaemon:
        self.stop()
        return self.start(timeout)

    @property
    def running(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        return self.pid is not None and _alive_pcscd(self.pid)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> PcscDaemon:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
