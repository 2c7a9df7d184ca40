"""What the shell says about where the data lives (the login window, the status bar).

Computed from the URL text alone: the connection itself (sync/central_database.py) is made on a
worker once the login window is on screen.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

from sync.central_database import backend_of, sqlite_path


def database_label(url: str) -> str:
    """"SQLite 本地库 (central.db)", "PostgreSQL hongdun@db01"…"""
    backend = backend_of(url)
    if backend == "sqlite":
        path = sqlite_path(url)
        return QCoreApplication.translate("Database", "SQLite local database ({name})").format(name=path.name if path else ":memory:")
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    if "," in (parts.netloc.rsplit("@", 1)[-1]):  # several hosts (failover): name the first
        host = parts.netloc.rsplit("@", 1)[-1].split(",")[0].split(":")[0]
    database = parts.path.lstrip("/") or ""
    kind = {"postgresql": "PostgreSQL", "oracle": "Oracle"}.get(backend, backend)
    return f"{kind} {database}@{host}" if database else f"{kind} {host}"
