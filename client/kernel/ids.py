"""Record ids. Records are made offline, so ids are UUIDs made by the client, never sequences.

A record a command creates gets an id *derived* from the command (its op_id, or ids the command
carries): the workstation's run and the centre's run of the same command then create the same
key, and the pulled row replaces the local one instead of doubling it. One namespace for every
area: the parts (op_id:n, op_id:action, plan:entity) keep them apart.
"""
from __future__ import annotations

import uuid

_DERIVED = uuid.UUID("6f1d2c3e-8a4b-4c5d-9e0f-1a2b3c4d5e6f")


def new_id() -> str:
    """A fresh random id (records that no second run has to agree on)."""
    return str(uuid.uuid4())


def derived_id(*parts: str) -> str:
    """The same id for the same parts, on every machine, in every run."""
    return str(uuid.uuid5(_DERIVED, ":".join(parts)))
