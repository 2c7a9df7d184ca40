"""Commands: every user action that changes data, as a small frozen record.

A command is made on the workstation (op_id, who, where, when) and may be executed
twice — locally and centrally — so it carries everything its handler needs and
nothing about where it runs. `to_dict`/`from_dict` give the outbox its wire form.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from client.kernel.clock import utcnow
from client.kernel.types import new_id

_REGISTRY: dict[str, type["Command"]] = {}


@dataclass(frozen=True, kw_only=True)
class Command:
    #: the wire name, "area.verb" (the outbox, the applied-ops table, the audit log)
    name: ClassVar[str] = ""
    #: what users call it (the sync window's queue)
    title: ClassVar[str] = ""

    user_id: str
    device_id: str = "local"
    op_id: str = field(default_factory=new_id)
    issued_at: dt.datetime = field(default_factory=utcnow)

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        if cls.name:
            if cls.name in _REGISTRY:
                raise TypeError(f"command name {cls.name} used twice")
            _REGISTRY[cls.name] = cls

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        data["name"] = self.name
        return data


def from_dict(data: dict[str, Any]) -> Command:
    if data["name"] not in _REGISTRY:
        _load_areas()
    cls = _REGISTRY[data["name"]]
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _typed(data[f.name], hints[f.name])
    return cls(**kwargs)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)  # slow (evaluates every annotation); a push parses thousands


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _typed(value: Any, hint: Any) -> Any:
    if value is None:
        return None
    if hint is dt.datetime or dt.datetime in typing.get_args(hint):
        return dt.datetime.fromisoformat(value)
    if hint is dt.date or dt.date in typing.get_args(hint):
        return dt.date.fromisoformat(value)
    if isinstance(value, list) and typing.get_origin(hint) is tuple:
        return tuple(value)
    return value


def command_title(name: str) -> str:
    """What the sync window calls a command (the queue, the refused list): its class's title."""
    _load_areas()
    cls = _REGISTRY.get(name)
    return cls.title if cls is not None and cls.title else name


def _load_areas() -> None:
    """Command classes register by name when their area's commands module is imported: the
    registry imports every area."""
    from client.kernel.registry import registry

    registry()
