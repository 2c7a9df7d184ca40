"""Where a screen's question is answered (DESIGN.md "Reads").

Query functions take a session first and return plain dataclasses, so the same function serves
the office's replica and the centre (centre.queries; sync.remote.RemoteQueries asks it there).
A question within the office's scope is answered by the replica, online or not, so screens
look the same either way. A question wider than the office (the district's names) goes to the
centre while it answers; offline the replica answers and says so (`Answer.local_only`), and
the screen tells the user it covers this office only. District and city users have no
replica: every question of theirs goes to the centre.

Runs on worker threads only (widgets/common/operations.py); nothing here knows Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


@dataclass(frozen=True)
class Answer(Generic[T]):
    value: T
    #: the centre did not answer: the value covers this office's replica only
    local_only: bool = False


class Runner(Protocol):
    def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T: ...


class SessionRunner:
    """fn(session, ...) on a database this process opens itself (the office's replica)."""

    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    @property
    def backend(self) -> str:
        bind = self.sessions.kw.get("bind")
        return bind.dialect.name if bind is not None else ""

    def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        with self.sessions() as session:
            return fn(session, *args, **kwargs)


class Reads:
    def __init__(self, local: Runner, wide: Runner | None = None, online: Callable[[], bool | None] | None = None):
        self._local = local
        self._wide = wide
        self._online = online or (lambda: True)

    @property
    def backend(self) -> str:
        """What answers the screens' questions: "sqlite" for an office's replica, "centre" for
        district and city users (the centre's own database is its business)."""
        return getattr(self._local, "backend", "centre")

    def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """fn(session, *args, **kwargs) on this office's data (the centre for bureau users)."""
        return self._local.run(fn, *args, **kwargs)

    def run_wide(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Answer[T]:
        """fn(session, ...) on the centre while it answers, else on the replica (local_only)."""
        if self._wide is None:
            return Answer(self.run(fn, *args, **kwargs))
        if self._online() is False:
            return Answer(self.run(fn, *args, **kwargs), local_only=True)
        try:
            return Answer(self._wide.run(fn, *args, **kwargs))
        except ConnectionError:  # the centre went away since the last round: this office only
            return Answer(self.run(fn, *args, **kwargs), local_only=True)
