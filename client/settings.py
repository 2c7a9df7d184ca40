"""Workstation settings: a small JSON file in the user's config directory.

A workstation knows the centre's addresses and the CA certificate it trusts; never a
database URL or password. Only the embedded default (no centre configured) has a database:
the SQLite file its in-process centre serves. `database_url` is otherwise for the `hongdun`
command on the centre's server (DBA and operator tasks).
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

APP_NAME = "hongdun"
ENV_URL = "HONGDUN_DATABASE_URL"
#: the centre's addresses, comma-separated (overrides the settings file; tests, field support)
ENV_CENTRE = "HONGDUN_CENTRE"
ENV_CENTRE_CA = "HONGDUN_CENTRE_CA"
ENV_CONFIG_DIR = "HONGDUN_CONFIG_DIR"
ENV_DATA_DIR = "HONGDUN_DATA_DIR"


def config_dir() -> Path:
    return Path(os.environ.get(ENV_CONFIG_DIR) or platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(os.environ.get(ENV_DATA_DIR) or platformdirs.user_data_dir(APP_NAME))


def default_database_url() -> str:
    """The embedded default: an SQLite central database in the user's data directory."""
    return f"sqlite:///{data_dir() / 'central.db'}"


@dataclass
class Settings:
    #: the centre's addresses, tried in order (https://centre1.example:8443, ...); none: the
    #: embedded centre, started inside the program over the SQLite demo database
    centre_urls: list[str] = field(default_factory=list)
    #: the CA certificate (PEM) the workstation trusts for the centre; empty: the system's CAs
    centre_ca_file: str = ""
    #: the embedded centre's database (SQLite); on a centre's server, the `hongdun` command's
    database_url: str = ""
    #: the public page of an entity, printed as the licence's QR code: base + credit code
    public_base_url: str = "https://www.gsxt.gov.cn/hongdun/entity/"
    idle_lock_minutes: int = 15
    #: pre-printed licence paper: where this printer puts (0, 0), in millimetres (x right, y down)
    preprint_offset_original_mm: tuple[float, float] = (0.0, 0.0)
    preprint_offset_duplicate_mm: tuple[float, float] = (0.0, 0.0)
    language: str = "zh_CN"
    #: offline work (DESIGN.md "Offline policy"): how long a login cached at the last online
    #: sign-in stays usable, how long the workstation may go without synchronising before it
    #: refuses new work, and how often the background worker synchronises while online
    offline_login_days: int = 7
    max_unsynced_days: int = 7
    sync_interval_s: int = 30

    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        path = path or config_dir() / "settings.json"
        settings = cls()
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            known = {f.name for f in fields(cls)}
            for key, value in data.items():
                if key in known:
                    if key.startswith("preprint_offset"):
                        value = tuple(float(v) for v in value)
                    setattr(settings, key, value)
        return settings

    def save(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)  # atomic: a crash never leaves half a settings file

    def resolve_centre(self, option: str | None = None) -> tuple[list[str], str | None]:
        """(addresses, CA file): option, then environment, then settings; no addresses: embedded."""
        text = option or os.environ.get(ENV_CENTRE) or ""
        addresses = [a.strip() for a in text.split(",") if a.strip()] or list(self.centre_urls)
        ca = os.environ.get(ENV_CENTRE_CA) or self.centre_ca_file or None
        return addresses, ca

    def resolve_database_url(self, option: str | None = None) -> str:
        """Option, then environment, then settings, then the embedded default."""
        return option or os.environ.get(ENV_URL) or self.database_url or default_database_url()
