"""The centre's services as the workstation uses them, over `CentreClient`.

- `UserSession`: a user signed in with the password; refreshed before it expires.
- `DeviceSession`: the device signed in with its key, for the sync round (it needs no user).
- `RemoteApplier` and `RemoteFeed`: the push and the pull of the sync engine.
- `RemoteQueries`: an area's query function asked of the centre (centre.queries), arguments
  and answer carried by the function's own annotations (pydantic).
- `RemoteBus`: commands of district and city users, signed and applied at once.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import threading
import typing
from functools import lru_cache
from typing import Any, Callable

from pydantic import TypeAdapter

from client.kernel import proofs
from client.kernel.bus import REJECTED, Listener, Outcome
from client.kernel.clock import utcnow
from client.kernel.commands import Command
from client.kernel.errors import FieldError
from client.kernel.registry import query_name
from client.kernel.roles import Principal, parse_roles
from client.kernel.wire import query_type
from sync.centre_client import CentreClient, CentreRefused

API = "/api/v1"
#: a token is renewed when less than this is left of it
RENEW_BEFORE = dt.timedelta(minutes=5)


def principal_from(data: dict) -> Principal:
    return Principal(user_id=data["user_id"], username=data["username"], full_name=data["full_name"],
                     roles=parse_roles(",".join(data["roles"])), office_code=data.get("office_code"),
                     district_code=data.get("district_code"))


class UserSession:
    def __init__(self, client: CentreClient, token: str, expires_at: dt.datetime, principal: Principal):
        self.client = client
        self.principal = principal
        self._token = token
        self._expires_at = expires_at
        self._lock = threading.Lock()

    @classmethod
    def sign_in(cls, client: CentreClient, username: str, password: str) -> "UserSession":
        """CentreRefused (wrong password, locked, too many attempts) or CentreUnreachable."""
        data = client.call("POST", f"{API}/sessions", json={"username": username, "password": password})
        return cls(client, data["token"], dt.datetime.fromisoformat(data["expires_at"]),
                   principal_from(data["principal"]))

    def token(self) -> str:
        with self._lock:
            if self._expires_at - utcnow() < RENEW_BEFORE:
                data = self.client.call("POST", f"{API}/sessions/refresh", token=self._token)
                self._token = data["token"]
                self._expires_at = dt.datetime.fromisoformat(data["expires_at"])
            return self._token

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.client.call(method, path, token=self.token(), **kwargs)

    def sign_out(self) -> None:
        try:
            self.client.call("DELETE", f"{API}/sessions", token=self._token)
        except Exception:  # noqa: BLE001 - the session expires by itself anyway
            pass


class DeviceSession:
    """The device's own session: made with its key when needed, made again when refused."""

    def __init__(self, client: CentreClient, device_id: str, device_key: bytes, *, clock=utcnow):
        self.client = client
        self.device_id = device_id
        self._key = device_key
        self._clock = clock
        self._token: str | None = None
        self._expires_at = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        self._lock = threading.Lock()

    def _sign_in(self) -> str:
        at = self._clock().isoformat()
        signature = proofs.sign(self._key, {"device_session": self.device_id, "at": at})
        data = self.client.call("POST", f"{API}/sessions/device",
                                json={"device_id": self.device_id, "signed_at": at, "signature": signature})
        self._token = data["token"]
        self._expires_at = dt.datetime.fromisoformat(data["expires_at"])
        return self._token

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        with self._lock:
            token = self._token
            if token is None or self._expires_at - utcnow() < RENEW_BEFORE:
                token = self._sign_in()
        try:
            return self.client.call(method, path, token=token, **kwargs)
        except CentreRefused as exc:
            if exc.status != 401:
                raise
        with self._lock:  # expired on the centre's clock, or the centre forgot it: once more
            token = self._sign_in()
        return self.client.call(method, path, token=token, **kwargs)


def outcome_from(data: dict) -> Outcome:
    return Outcome(status=data["status"], result=data.get("result") or {}, message=data.get("message"),
                   field=data.get("field"),
                   errors=tuple(FieldError(e["field"], e["message"]) for e in data.get("errors") or ()),
                   changes=frozenset(data.get("changes") or ()), replayed=bool(data.get("replayed")))


class RemoteApplier:
    """The centre's side of the push, for the sync engine: hello and apply_batch."""

    def __init__(self, device: DeviceSession):
        self.device = device

    def hello(self, device_id: str, device_now: dt.datetime) -> dict:
        try:
            data = self.device.call("POST", f"{API}/sync/hello", json={"device_now": device_now.isoformat()})
        except CentreRefused as exc:
            if exc.status in (401, 403):
                return {"ok": False, "now": utcnow(), "skew_s": 0, "message": exc.message}
            raise
        data["now"] = dt.datetime.fromisoformat(data["now"])
        return data

    def apply_batch(self, envelopes: list[dict]) -> list[Outcome]:
        data = self.device.call("POST", f"{API}/sync/push",
                                json={"device_id": self.device.device_id, "envelopes": envelopes})
        return [outcome_from(o) for o in data["outcomes"]]


class RemoteFeed:
    """The centre's side of the pull: the change log and the first download, in the device's scope."""

    def __init__(self, device: DeviceSession):
        self.device = device

    def changes(self, after: int, limit: int) -> dict:
        return self.device.call("GET", f"{API}/sync/changes", params={"after": after, "limit": limit})

    def snapshot(self) -> dict:
        return self.device.call("GET", f"{API}/sync/snapshot")

    def snapshot_page(self, table: str, after: str | None, limit: int) -> dict:
        params: dict[str, Any] = {"limit": limit}
        if after is not None:
            params["after"] = after
        return self.device.call("GET", f"{API}/sync/snapshot/{table}", params=params)

    def records(self, keys: list[str]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for start in range(0, len(keys), 1000):
            rows = self.device.call("POST", f"{API}/sync/records", json={"keys": keys[start:start + 1000]})["rows"]
            for table, found in rows.items():
                out.setdefault(table, []).extend(found)
        return out


# --- queries ----------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class _Shape:
    params: tuple[tuple[str, TypeAdapter | None], ...]  # None: the principal, filled by the centre
    answer: TypeAdapter


@lru_cache(maxsize=None)
def _shape(fn: Callable[..., Any]) -> _Shape:
    hints = typing.get_type_hints(fn)
    params = []
    for p in list(inspect.signature(fn).parameters.values())[1:]:
        annotation = hints.get(p.name, Any)
        params.append((p.name, None if annotation is Principal else TypeAdapter(query_type(annotation))))
    return _Shape(tuple(params), TypeAdapter(query_type(hints.get("return", Any))))


def remote_call(fn: Callable[..., Any], args: tuple, kwargs: dict) -> tuple[Callable[..., Any], tuple, dict]:
    """A bound method of an object that knows its remote form (`as_remote`) becomes the query
    function it stands for (e.g. RegisterList.page -> registration.page)."""
    owner = getattr(fn, "__self__", None)
    if owner is not None and hasattr(owner, "as_remote"):
        return owner.as_remote(fn.__name__, *args, **kwargs)
    return fn, args, kwargs


class RemoteQueries:
    def __init__(self, session: UserSession):
        self.session = session

    def run(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        fn, args, kwargs = remote_call(fn, args, kwargs)
        shape = _shape(fn)
        bound = inspect.signature(fn).bind(None, *args, **kwargs)
        body = {}
        for name, adapter in shape.params:
            if adapter is None or name not in bound.arguments:
                continue
            body[name] = adapter.dump_python(bound.arguments[name], mode="json")
        data = self.session.call("POST", f"{API}/queries/{query_name(fn)}", json=body)
        return shape.answer.validate_python(data)


class RemoteBus:
    """Commands of a user without a replica (district and city): signed as this user on this
    device, and applied by the centre at once. Same interface as the local bus."""

    def __init__(self, device: DeviceSession, device_key: bytes, user_key: bytes, user_id: str):
        self.device = device
        self._device_key = device_key
        self._user_key = user_key
        self._user_id = user_id
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def dispatch(self, command: Command) -> Outcome:
        if command.user_id != self._user_id:
            return Outcome(REJECTED, message="只能以本人身份办理（规则：命令须由登录的用户本人签名）")
        command = dataclasses.replace(command, device_id=self.device.device_id)
        envelope = sign_envelope(self.device.device_id, self._device_key, self._user_key, command.to_dict())
        data = self.device.call("POST", f"{API}/sync/push",
                                json={"device_id": self.device.device_id, "envelopes": [envelope]})
        outcome = outcome_from(data["outcomes"][0])
        if outcome.ok:
            for listener in self._listeners:
                listener(command, outcome)
        return outcome


def sign_envelope(device_id: str, device_key: bytes, user_key: bytes, command: dict) -> dict:
    user_signature = proofs.sign(user_key, proofs.user_body(device_id, command))
    return {"device_id": device_id, "command": command, "user_signature": user_signature,
            "device_signature": proofs.sign(device_key, proofs.device_body(device_id, command, user_signature))}
