"""The central side of a conflict: the record as it is now, for the mine/theirs dialog."""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from client.kernel.replication import replicated_models


def central_record_reader(central: sa.Engine) -> Callable[[str], dict | None]:
    def read(key: str) -> dict | None:
        table, _, row_id = key.partition(":")
        model = replicated_models().get(table)
        if model is None:
            return None
        t = model.__table__
        (pk,) = t.primary_key.columns
        with central.connect() as conn:
            row = conn.execute(sa.select(t).where(pk == row_id)).first()
        if row is None:
            return None
        return {k: (v if isinstance(v, (str, int, float, bool, type(None))) else str(v))
                for k, v in row._mapping.items() if k not in ("password_hash",)}
    return read
