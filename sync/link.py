"""The workstation's centre: its addresses, the CA it trusts, and the folder of what this
workstation keeps for it (local stores, the offline verifiers, the users' sealed keys, the
enrolled devices).

The embedded default has no address until main.py has started the in-process centre (on a
worker, while the login window waits for the password): `attach` gives it one, and whatever
needs the centre before then waits for it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path


from client.settings import data_dir
from client.version import Release
from sync.centre_client import CentreClient, CentreUnreachable

log = logging.getLogger(__name__)

#: seconds the release question may take (asked at the login window: it must not hang a worker)
RELEASE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class DeviceRecord:
    id: str
    office_code: str | None
    district_code: str | None


class CentreLink:
    def __init__(self, addresses: list[str] | None = None, *, ca_file: str | None = None,
                 identity: str | None = None, embedded_database: str | None = None, base: Path | None = None):
        self.ca_file = ca_file
        #: the embedded default's SQLite URL (its in-process centre serves it); None: a real centre
        self.embedded_database = embedded_database
        self.identity = identity or (f"embedded:{embedded_database}" if embedded_database else
                                     ",".join(addresses or []))
        self._base = base
        self._addresses = list(addresses or [])
        self._client: CentreClient | None = None
        self._ready = threading.Event()
        if self._addresses:
            self._ready.set()
        self._lock = threading.Lock()
        self._starting_failed: str | None = None
        #: (list of demo account names, password) when the embedded demo offers them
        self.demo_accounts: tuple[list[str], str] | None = None
        #: the centre's release policy as last heard (client.version.Release): at the login
        #: window's warm-up (`learn_release`) and at every sync round (`keep_release`)
        self.release: Release | None = None

    @property
    def is_embedded(self) -> bool:
        return self.embedded_database is not None

    @property
    def addresses(self) -> list[str]:
        return list(self._addresses)

    def attach(self, addresses: list[str]) -> None:
        """The embedded centre is up at these addresses."""
        with self._lock:
            self._addresses = list(addresses)
            old, self._client = self._client, None
        if old is not None:
            old.close()
        self._ready.set()

    def lazy_client(self) -> "LinkClient":
        """A client that asks the link at each call: sessions made now keep working after an
        embedded centre was started again elsewhere, or the link's client was made again."""
        return LinkClient(self)

    def failed_to_start(self, message: str) -> None:
        self._starting_failed = message
        self._ready.set()

    def client(self, timeout: float = 30.0) -> CentreClient:
        """The HTTP client; waits (off the GUI thread) for an embedded centre still starting."""
        if not self._ready.wait(timeout) or not self._addresses:
            raise CentreUnreachable(self._starting_failed or "内置中心服务尚未启动")
        with self._lock:
            if self._client is None:
                self._client = CentreClient(self._addresses, ca_file=self.ca_file)
            return self._client

    @property
    def label(self) -> str:
        """For the status bar: "内置中心" or the address in use."""
        if self.is_embedded:
            return "内置中心（SQLite 演示库）"
        client = self._client
        return client.label if client is not None else (self._addresses[0] if self._addresses else "")

    @property
    def folder(self) -> Path:
        """<data dir>/stores/<hash of the centre's identity>/."""
        digest = hashlib.sha256(self.identity.encode("utf-8")).hexdigest()[:12]
        return (self._base or data_dir()) / "stores" / digest

    def ping(self) -> bool:  # (a worker's question: it may wait for a network timeout)
        try:
            self.client(timeout=5).call("GET", "/health")
            return True
        except Exception:  # noqa: BLE001 - any failure means "not reachable now"
            return False

    def learn_release(self) -> Release | None:
        """Ask the centre (`GET /version`, no session) what it announces; kept in `release`.
        None when it cannot be asked now (the last answer stays). On a worker: it may wait."""
        try:
            data = self.client(timeout=RELEASE_TIMEOUT_S).call("GET", "/version", timeout=RELEASE_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - unreachable or refused: nothing to tell the user
            log.info("release policy not learned: %s", exc)
            return None
        if not isinstance(data, dict) or "latest" not in data:
            return None
        return self.keep_release(Release.from_json(data))

    def keep_release(self, release: Release) -> Release:
        self.release = release
        return release

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
            self._client = None

    # --- enrolled devices, one per unit (an office, a district bureau, the city) -------------------

    def device(self, unit: str) -> DeviceRecord | None:
        entry = self._devices().get(unit)
        return DeviceRecord(**entry) if entry else None

    def keep_device(self, unit: str, record: DeviceRecord) -> None:
        data = self._devices()
        data[unit] = {"id": record.id, "office_code": record.office_code, "district_code": record.district_code}
        path = self.folder / "devices.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)

    def _devices(self) -> dict:
        try:
            return json.loads((self.folder / "devices.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}


class LinkClient:
    def __init__(self, link: CentreLink):
        self._link = link

    def call(self, *args, **kwargs):
        return self._link.client().call(*args, **kwargs)


def address_problem(address: str) -> str | None:
    """What is wrong with a centre address a user typed: "invalid", "scheme" (plain http only to
    this computer), or None."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "invalid"
    if not parts.hostname:
        return "invalid"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"):
        return None
    return "scheme" if parts.scheme in ("http", "") or "://" in address else "invalid"


def ca_problem(path: str) -> str | None:
    """"missing", "invalid" (not a PEM certificate), or None."""
    import ssl

    file = Path(path)
    if not file.is_file():
        return "missing"
    try:
        ssl.create_default_context(cafile=str(file))
    except (ssl.SSLError, OSError, ValueError):
        return "invalid"
    return None


def unit_of(office_code: str | None, district_code: str | None) -> str:
    return office_code or (f"district-{district_code}" if district_code else "city")


