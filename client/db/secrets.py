"""Database passwords from the OS keyring, never from a file."""
from __future__ import annotations

import sqlalchemy as sa

SERVICE = "hongdun"


def _key(url: sa.URL) -> str:
    return f"db:{url.username}@{url.host}:{url.port or ''}/{url.database}"


def url_with_password(url: str | sa.URL) -> sa.URL:
    """Fill in the password from the keyring when the URL names a user but no password."""
    url = sa.make_url(url)
    if url.get_backend_name() == "sqlite" or not url.username or url.password:
        return url
    import keyring

    password = keyring.get_password(SERVICE, _key(url))
    return url.set(password=password) if password else url


def store_password(url: str | sa.URL, password: str) -> None:
    import keyring

    keyring.set_password(SERVICE, _key(sa.make_url(url)), password)
