"""Real centres for the tests, over real HTTP on 127.0.0.1.

- `CentreProcess.start(db_url)`: `hongdun centre serve` in a process of its own (what the
  security, crash and failover tests need: it can be killed, and it shares nothing with the
  workstation's process); optionally with TLS.
- `centre_thread(db_url)`: the same application under uvicorn on a thread of this process (the
  embedded default's way), for the many tests whose subject is the workstation.

The listening socket is bound here (port 0) and handed to the process, so no port is guessed.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class CentreProcess:
    url: str
    process: subprocess.Popen
    log: Path
    _sock: socket.socket | None = field(default=None, repr=False)

    @classmethod
    def start(cls, db_url: str, log: Path, *, cert: str | None = None, key: str | None = None,
              ca: str | None = None, env: dict | None = None, port: int = 0,
              password_file: str | None = None, extra: list[str] | None = None) -> "CentreProcess":
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # (inherited by what it accepts)
        sock.listen(512)
        sock.set_inheritable(True)
        port = sock.getsockname()[1]
        tls = ["--cert", cert, "--key", key] if cert else ["--insecure-http"]
        cmd = [sys.executable, "-m", "hongdun_cli", "centre", "serve", "--url", db_url,
               "--listen-fd", str(sock.fileno()), "--log-level", "warning", *tls,
               *(["--password-file", password_file] if password_file else []), *(extra or [])]
        out = open(log, "ab")
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, pass_fds=[sock.fileno()],
                                   env={**os.environ, **(env or {})})
        out.close()
        scheme = "https" if cert else "http"
        centre = cls(f"{scheme}://127.0.0.1:{port}", process, log, sock)
        centre.wait_healthy(ca=ca)
        return centre

    def wait_healthy(self, *, ca: str | None = None, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        import ssl

        verify = ssl.create_default_context(cafile=ca) if ca else True
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"centre exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/health", timeout=2, verify=verify).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"centre not healthy after {timeout} s: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, a transaction in flight is cut."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self._close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._close()

    def _close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def centre_thread(db_url: str):
    """centre.server.EmbeddedCentre over `db_url` (any backend): `.url`, `.stop()`."""
    from centre.server import start_embedded

    return start_embedded(db_url)
