"""Which handler runs which command: one table for the whole program."""
from __future__ import annotations

from typing import Callable

from client.services import cards, inspections, registration
from client.services.commands import Command

_HANDLERS: dict[type[Command], Callable] = {
    **registration.HANDLERS,
    **inspections.HANDLERS,
    **cards.HANDLERS,
}


def handler_for(command: Command) -> Callable:
    try:
        return _HANDLERS[type(command)]
    except KeyError:
        raise LookupError(f"no handler for command {command.name}") from None
