"""The query API: the areas' read functions, answered by the centre (DESIGN.md "Reads").

Every function an area registers (`registry.query(fn)`) becomes `POST /api/v1/queries/<name>`,
with a request model made from its signature and an answer typed by its return annotation,
so the OpenAPI schema documents each one. The same function answers on a workstation's
replica and here: the centre only adds two things.

- **Who asks is the session's user.** A parameter typed `Principal` is never read from the
  request: the centre passes the signed-in user, re-read at this request.
- **Office staff ask wide questions only.** Their own office's data is on their replica; the
  centre answers them only the questions registered `wide=True` (the district-wide name
  check), never a record of another office. District and city users have no replica: every
  query is theirs, and each query that takes a `Principal` keeps to that user's jurisdiction.
"""
from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, TypeAdapter, create_model

from client.kernel.registry import registry
from client.kernel.roles import Principal
from client.kernel.wire import query_type


@dataclass(frozen=True)
class RemoteQuery:
    name: str
    fn: Callable[..., Any]
    request: type[BaseModel]
    #: parameters the centre fills with the session's user
    principal_params: tuple[str, ...]
    answer: TypeAdapter
    answer_type: Any
    wide: bool

    def run(self, session, principal: Principal, body: BaseModel) -> Any:
        kwargs = {name: getattr(body, name) for name in type(body).model_fields}
        kwargs.update({name: principal for name in self.principal_params})
        return self.fn(session, **kwargs)

    def allowed(self, principal: Principal) -> bool:
        return self.wide or not principal.office_code


def remote_queries() -> dict[str, RemoteQuery]:
    reg = registry()
    return {name: describe(name, fn, wide=name in reg.wide_queries) for name, fn in sorted(reg.queries.items())}


def describe(name: str, fn: Callable[..., Any], *, wide: bool = False) -> RemoteQuery:
    hints = typing.get_type_hints(fn)
    fields: dict[str, Any] = {}
    principal_params: list[str] = []
    params = list(inspect.signature(fn).parameters.values())[1:]  # (the session comes first)
    for p in params:
        annotation = hints.get(p.name, Any)
        if annotation is Principal:
            principal_params.append(p.name)
            continue
        default = ... if p.default is inspect.Parameter.empty else p.default
        fields[p.name] = (query_type(annotation), default)
    model_name = "".join(part.capitalize() for part in name.replace(".", "_").split("_")) + "Request"
    request = create_model(model_name, __config__=ConfigDict(extra="forbid"), **fields)
    answer_type = query_type(hints.get("return", Any))
    return RemoteQuery(name, fn, request, tuple(principal_params), TypeAdapter(answer_type), answer_type, wide)
