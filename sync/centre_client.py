"""The workstation's connection to the centre: HTTPS to a list of addresses, tried in order.

A workstation is configured with the centre's addresses (two instances behind their own
addresses, or one load balancer) and the CA certificate it trusts, never with a database.
A request that cannot reach one address (refused, timed out, cut, or a proxy's 502/503/504)
is sent to the next; the address that answered is tried first next time. Sending a push
again elsewhere is safe: the centre applies each op_id once.

Errors come back as two kinds: `CentreUnreachable` (a ConnectionError: "offline", the worker
backs off) and `CentreRefused` (the centre answered no: its Chinese message, the field);
`UpgradeRequired` is the refusal of a push from a version older than the centre's minimum.

Every request names the workstation's version (header X-Hongdun-Version, client.version): the
centre refuses pushes from one older than the minimum it announces (centre.releases).
"""
from __future__ import annotations

import logging
import ssl
import threading
from typing import Any

import httpx

from client.version import VERSION, VERSION_HEADER

log = logging.getLogger(__name__)

#: statuses that mean "this address cannot serve now", not "the centre says no"
_TRY_NEXT = {502, 503, 504}


class CentreUnreachable(ConnectionError):
    pass


class CentreRefused(Exception):
    def __init__(self, status: int, message: str, *, field: str | None = None, errors: list | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.errors = errors or []


class UpgradeRequired(CentreRefused):
    """HTTP 426: this workstation's version is below the centre's minimum; nothing of the request
    was applied. The message says which version to install and where to get it."""


class CentreClient:
    def __init__(self, addresses: list[str] | str, *, ca_file: str | None = None, connect_timeout: float = 5.0,
                 read_timeout: float = 120.0, version: str = VERSION):
        """`version`: what this workstation says it is (tests name an older one)."""
        self.addresses = [a.rstrip("/") for a in ([addresses] if isinstance(addresses, str) else addresses) if a]
        if not self.addresses:
            raise ValueError("no centre address")
        self.ca_file = ca_file
        verify: Any = ssl.create_default_context(cafile=ca_file) if ca_file else True
        self._http = httpx.Client(verify=verify, timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
                                  headers={"Accept-Encoding": "gzip", VERSION_HEADER: version})
        self._first = 0
        self._lock = threading.Lock()

    @property
    def label(self) -> str:
        return self.addresses[self._first]

    def call(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
             token: str | None = None, timeout: float | None = None) -> Any:
        """The answer's JSON (None for 204); CentreRefused for a 4xx or 500, CentreUnreachable
        when no address answers. `timeout`: seconds for this request instead of the client's."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with self._lock:
            first = self._first
        order = self.addresses[first:] + self.addresses[:first]
        last_error: Exception | None = None
        for address in order:
            try:
                response = self._http.request(method, address + path, json=json, params=params, headers=headers,
                                              **({"timeout": timeout} if timeout is not None else {}))
            except (httpx.TransportError, ssl.SSLError) as exc:
                if _is_certificate_problem(exc):
                    raise CentreRefused(0, f"中心服务器的证书不受信任（{address}）：请检查本机配置的根证书"
                                           "（规则：只连接证书由指定根证书签发的中心）") from exc
                log.info("centre %s not reachable: %r", address, exc)
                last_error = exc
                continue
            if response.status_code in _TRY_NEXT:
                last_error = CentreUnreachable(f"{address}: HTTP {response.status_code}")
                continue
            with self._lock:
                self._first = self.addresses.index(address)
            return _answer(response)
        raise CentreUnreachable(f"无法连接中心服务（{'、'.join(self.addresses)}）：{last_error}") from last_error

    def close(self) -> None:
        self._http.close()


def _answer(response: httpx.Response) -> Any:
    if response.status_code == 204:
        return None
    try:
        data = response.json()
    except ValueError:
        data = None
    if response.is_success:
        return data
    kind = UpgradeRequired if response.status_code == 426 else CentreRefused
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        raise kind(response.status_code, data["message"], field=data.get("field"),
                   errors=data.get("errors") or [])
    raise kind(response.status_code, f"中心服务拒绝了请求（HTTP {response.status_code}）")


def _is_certificate_problem(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)
