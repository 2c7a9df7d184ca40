"""How business areas join the program.

Each area is a package under `client/` whose `register(registry)` adds its commands (with
their handlers and titles), the domain events it follows, its query functions, and its
tables with their replication scope and the change tags a screen refreshes by. The registry
is built once, on first use, from the kernel's own registrations and every area found:
adding an area edits no shared table (docs/architecture.md, "How to add a business area").
"""
from __future__ import annotations

import importlib
import pkgutil
import threading
from collections import defaultdict
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable

#: (session, record) -> (office_code, district_code) of the workstations that replicate it;
#: (None, None): reference data every workstation takes
ScopeFn = Callable[[Any, Any], tuple[str | None, str | None]]

#: packages under client/ that are not business areas
NOT_AREAS = {"kernel", "db"}


@dataclass(frozen=True)
class Area:
    name: str  # the package name, e.g. "registration"
    title: str  # what users call it, e.g. "登记注册"
    order: int  # where it comes on the rail and in 关于


@dataclass(frozen=True)
class Replicated:
    model: type
    scope: ScopeFn
    #: what a change to one of its rows may change on screen, e.g. {"entities"}
    tags: frozenset[str]


class Registry:
    def __init__(self) -> None:
        self.areas: list[Area] = []
        self.handlers: dict[type, Callable[[Any, Any], dict | None]] = {}
        self.subscribers: dict[type, list[Callable[[Any, Any], None]]] = defaultdict(list)
        self.queries: dict[str, Callable[..., Any]] = {}
        #: queries office staff may ask the centre (wider than their office's replica)
        self.wide_queries: set[str] = set()
        self.replicated: dict[type, Replicated] = {}
        #: (session, entity_ids) -> {entity_id: users}: who dealt with an entity in an area
        self.dealings: list[Callable[[Any, list[str]], dict[str, set[str]]]] = []
        #: kind -> (session, number, digest) -> a dataclass: the public check of a printed QR code
        self.verifiers: dict[str, Callable[[Any, str, str], Any]] = {}

    # --- what an area's register() calls ----------------------------------------------------

    def area(self, name: str, title: str, *, order: int) -> None:
        self.areas.append(Area(name, title, order))
        self.areas.sort(key=lambda a: a.order)

    def command(self, command: type, handler: Callable[[Any, Any], dict | None]) -> None:
        """`handler(cmd, uow)` runs `command`; the command class carries its name and title."""
        if command in self.handlers:
            raise ValueError(f"command {command.__name__} registered twice")
        self.handlers[command] = handler

    def subscribe(self, event: type, handler: Callable[[Any, Any], None]) -> None:
        """`handler(event, uow)` runs whenever a command publishes `event` (same transaction)."""
        self.subscribers[event].append(handler)

    def query(self, fn: Callable[..., Any], *, name: str | None = None, wide: bool = False) -> None:
        """A read function `fn(session, ...)` screens may ask for by name (local or central).

        Its parameters and return value are annotated with types the centre can send (plain
        values, dates, dataclasses of them): the centre's query API is made from them
        (centre.queries). `wide`: office staff may ask the centre too (a question wider
        than their office's replica, e.g. the district-wide name check)."""
        key = name or query_name(fn)
        if key in self.queries and self.queries[key] is not fn:
            raise ValueError(f"query {key} registered twice")
        self.queries[key] = fn
        if wide:
            self.wide_queries.add(key)

    def replicate(self, model: type, scope: ScopeFn, *, tags: set[str] | frozenset[str]) -> None:
        self.replicated[model] = Replicated(model, scope, frozenset(tags))

    def verifier(self, kind: str, check: Callable[[Any, str, str], Any]) -> None:
        """The public check of a document's QR code (`GET /verify/<kind>/<number>?d=<digest>` on the
        centre, no session): `check(session, number, digest)` answers what the register says."""
        self.verifiers[kind] = check

    def dealing(self, provider: Callable[[Any, list[str]], dict[str, set[str]]]) -> None:
        """Who this area's records tie to an entity (client.kernel.register.dealt_with)."""
        self.dealings.append(provider)

    # --- what the kernel, sync and screens ask -----------------------------------------------

    def handler_for(self, command: Any) -> Callable[[Any, Any], dict | None]:
        try:
            return self.handlers[type(command)]
        except KeyError:
            raise LookupError(f"no handler for command {command.name}") from None

    def replicated_models(self) -> dict[str, type]:
        """table name -> model of every replicated table."""
        return {m.__tablename__: m for m in self.replicated}

    def change_tags(self, tables: set[str] | None = None) -> frozenset[str]:
        """What changes to these tables (all replicated tables: None) may change on screen."""
        return frozenset(tag for r in self.replicated.values()
                         if tables is None or r.model.__tablename__ in tables for tag in r.tags)


def query_name(fn: Callable[..., Any]) -> str:
    """"<area>.<function>": the name a query is asked for by, on the wire too."""
    return f"{fn.__module__.split('.')[1]}.{fn.__name__}"


_lock = threading.Lock()
_registry: Registry | None = None


def registry() -> Registry:
    """The program's registry: the kernel's registrations, then every area's, built on first use."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                built = Registry()
                from client.kernel import replication

                replication.register(built)
                for area in area_packages():
                    area.register(built)
                _registry = built
    return _registry


def area_packages() -> list[ModuleType]:
    """Every business area under client/, in no particular order (their `Area.order` sorts them).

    An area's `__init__` is light (it imports its modules inside `register`), so finding the
    areas costs little at start-up."""
    import client

    found = []
    for info in pkgutil.iter_modules(client.__path__):
        if info.ispkg and info.name not in NOT_AREAS:
            module = importlib.import_module(f"client.{info.name}")
            if hasattr(module, "register"):
                found.append(module)
    return found
