"""The embedded default: a centre inside the workstation's process, on 127.0.0.1, over the SQLite
demo database (DESIGN.md "Two programs"). The workstation talks to it over HTTP exactly as to
the real one, so the demo exercises the production path.

main.py makes one when no centre is configured and hands it to the shell, which starts it on a
worker while the login window waits for the password, and gives its address to the link
(sync.link.CentreLink: anything with `attach`, `failed_to_start` and `demo_accounts`).
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import unquote

log = logging.getLogger(__name__)


class NotEmbeddable(ValueError):
    pass


class Embedded:
    def __init__(self, database_url: str, link, *, demo_hint: bool = True):
        # (imported before the login window is painted: no SQLAlchemy here, its import is slow)
        if database_url.split(":", 1)[0].split("+", 1)[0].lower() != "sqlite":
            raise NotEmbeddable("工作站不再直接连接中心数据库（规则：只有中心服务持有数据库的密码），"
                                "请在设置中填写中心服务的地址")
        self.database_url = database_url
        self.link = link
        self.demo_hint = demo_hint
        self._centre = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path | None:
        rest = self.database_url.split(":///", 1)[1] if ":///" in self.database_url else ""
        rest = rest.split("?", 1)[0]
        return Path(unquote(rest)) if rest and rest != ":memory:" else None

    def needs_demo_data(self) -> bool:
        return self.path is not None and not self.path.exists()

    def start(self) -> None:
        """Start the centre (idempotent; call on a worker: it imports the web stack)."""
        from centre.server import start_embedded

        with self._lock:
            if self._centre is not None:
                return
            try:
                self._centre = start_embedded(self.database_url)
            except Exception as exc:  # noqa: BLE001 - told to whoever waits for the link
                log.exception("embedded centre did not start")
                self.link.failed_to_start(f"内置中心服务未能启动：{exc}")
                raise
        if self.demo_hint:
            self.link.demo_accounts = _demo_accounts(self._centre.engine)
        self.link.attach([self._centre.url])

    def stop(self) -> None:
        with self._lock:
            if self._centre is not None:
                self._centre.stop()
                self._centre = None


def _demo_accounts(engine) -> tuple[list[str], str] | None:
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from client.kernel.users import DEMO_PASSWORD, demo_accounts

    try:
        with Session(engine) as session:
            return [row[0] for row in demo_accounts(session)], DEMO_PASSWORD
    except sa.exc.DBAPIError:
        return None
