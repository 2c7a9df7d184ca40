"""Where a screen's question is answered (DESIGN.md "Reads").

Query functions take a session first and return plain dataclasses, so the same function serves
the office's replica and the centre. A question within the office's scope is answered by the
replica, online or not, so screens look the same either way. A question wider than the office
(the district's names, the city's register) goes to the centre while it answers; offline the
replica answers and says so (`Answer.local_only`), and the screen tells the user it covers this
office only. District and city users have no replica: their "local" is the centre.

Runs on worker threads only (widgets/common/operations.py); nothing here knows Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


@dataclass(frozen=True)
class Answer(Generic[T]):
    value: T
    #: the centre did not answer: the value covers this office's replica only
    local_only: bool = False


class Reads:
    def __init__(self, local: sessionmaker[Session], central: sessionmaker[Session] | None = None,
                 online: Callable[[], bool | None] | None = None):
        self._local = local
        self._central = central
        self._online = online or (lambda: True)

    @property
    def backend(self) -> str:
        """The dialect of the data the screens read ("sqlite" for a replica or the embedded
        demo): known from the engine, without a connection."""
        bind = self._local.kw.get("bind")
        return bind.dialect.name if bind is not None else ""

    def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """fn(session, *args, **kwargs) on this office's data (the centre for bureau users)."""
        with self._local() as session:
            return fn(session, *args, **kwargs)

    def run_wide(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Answer[T]:
        """fn(session, ...) on the centre while it answers, else on the replica (local_only)."""
        if self._central is None:
            return Answer(self.run(fn, *args, **kwargs))
        if self._online() is False:
            return Answer(self.run(fn, *args, **kwargs), local_only=True)
        with self._central() as session:
            return Answer(fn(session, *args, **kwargs))
