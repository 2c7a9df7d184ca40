"""The whole schema in one place: the kernel's tables and every area's, on one metadata.

Alembic (migrations/env.py), the DDL script for DBAs (`hongdun db sql`) and the schema tests
see every model through `metadata()`; nothing else imports the areas' models wholesale.
"""
from __future__ import annotations

import importlib

import sqlalchemy as sa


def metadata() -> sa.MetaData:
    """Base.metadata with every area's models imported (each area keeps them in models.py)."""
    from client.kernel.models import Base
    from client.kernel.registry import area_packages

    for area in area_packages():
        try:
            importlib.import_module(f"{area.__name__}.models")
        except ModuleNotFoundError as e:
            if e.name != f"{area.__name__}.models":
                raise  # an area without tables of its own is fine; a broken import is not
    return Base.metadata
