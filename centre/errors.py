"""Every refusal of the API as JSON with a Chinese message that names the field and the rule.

`{"message": "...", "field": "username", "errors": [{"field": ..., "message": ...}]}`, with a
4xx status; never a traceback. A failure of our own is a 500 with a plain message, logged with
its traceback on the centre, where an operator can read it.
"""
from __future__ import annotations

import logging
import re
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from client.kernel.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation

log = logging.getLogger(__name__)

#: C0 controls but tab, newline and carriage return; and DEL
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def body(message: str, field: str | None = None, errors: list[dict] | None = None) -> dict:
    return {"message": message, "field": field, "errors": errors or ([{"field": field, "message": message}]
                                                                   if field else [])}


def field_name(loc: tuple | list) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or None


def explain(error: dict[str, Any]) -> str:
    """One pydantic error in Chinese: what the rule is."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    rules = {
        "missing": "必须填写",
        "extra_forbidden": "不是本接口认识的字段（规则：只接受接口文档列出的字段）",
        "string_type": "须为文本",
        "string_too_long": f"长度不能超过{ctx.get('max_length')}个字符",
        "string_too_short": f"长度不能少于{ctx.get('min_length')}个字符",
        "string_pattern_mismatch": "格式不正确",
        "int_type": "须为整数", "int_parsing": "须为整数", "int_from_float": "须为整数",
        "float_type": "须为数字", "float_parsing": "须为数字",
        "bool_type": "须为 true 或 false", "bool_parsing": "须为 true 或 false",
        "greater_than_equal": f"不能小于{ctx.get('ge')}", "greater_than": f"须大于{ctx.get('gt')}",
        "less_than_equal": f"不能大于{ctx.get('le')}", "less_than": f"须小于{ctx.get('lt')}",
        "list_type": "须为列表", "dict_type": "须为对象", "model_type": "须为对象", "dataclass_type": "须为对象",
        "too_long": f"最多{ctx.get('max_length')}项", "too_short": f"至少{ctx.get('min_length')}项",
        "date_type": "须为日期（YYYY-MM-DD）", "date_parsing": "须为日期（YYYY-MM-DD）",
        "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）",
        "datetime_type": "须为时间（ISO 8601）", "datetime_parsing": "须为时间（ISO 8601）",
        "datetime_from_date_parsing": "须为时间（ISO 8601）",
        "decimal_parsing": "须为数字", "decimal_type": "须为数字",
        "enum": "取值不在允许的范围内", "literal_error": "取值不在允许的范围内",
        "json_invalid": "请求体不是合法的JSON", "json_type": "请求体不是合法的JSON",
        "control_characters": "不能含有控制字符（规则：文本中只允许可见字符、空格、制表和换行）",
    }
    return rules.get(kind, f"不符合要求（{kind}）")


def validation_response(errors: list[dict[str, Any]]) -> JSONResponse:
    listed = []
    for error in errors:
        name = field_name(error.get("loc", ()))
        if error.get("type") in ("json_invalid", "json_type"):
            name = None
        rule = explain(error)
        listed.append({"field": name, "message": f"字段 {name}：{rule}" if name else rule})
    first = listed[0] if listed else {"field": None, "message": "请求不符合接口要求"}
    message = "；".join(e["message"] for e in listed[:5]) + ("等" if len(listed) > 5 else "")
    return JSONResponse(status_code=422, content=body(message, first["field"], listed))


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(list(exc.errors()))

    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content=body(exc.message, exc.field))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "没有这个接口（规则：见 /docs 列出的接口）", 405: "该接口不接受这种请求方法"}
        message = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else \
            messages.get(exc.status_code, f"请求被拒绝（HTTP {exc.status_code}）")
        return JSONResponse(status_code=exc.status_code, content=body(message), headers=exc.headers)

    @app.exception_handler(PermissionDenied)
    async def _denied(_request: Request, exc: PermissionDenied) -> JSONResponse:
        return JSONResponse(status_code=403, content=body(str(exc), getattr(exc, "field", None)))

    @app.exception_handler(NotFound)
    async def _missing(_request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content=body(str(exc), getattr(exc, "field", None)))

    @app.exception_handler(InvalidInput)
    async def _input(_request: Request, exc: InvalidInput) -> JSONResponse:
        errors = [{"field": e.field, "message": e.message} for e in exc.errors]
        return JSONResponse(status_code=422, content=body(str(exc), exc.field, errors))

    @app.exception_handler(RuleViolation)
    async def _rule(_request: Request, exc: RuleViolation) -> JSONResponse:
        return JSONResponse(status_code=422, content=body(str(exc), getattr(exc, "field", None)))

    @app.exception_handler(sa.exc.OperationalError)
    @app.exception_handler(sa.exc.InterfaceError)
    async def _database_away(request: Request, exc: sa.exc.DBAPIError) -> JSONResponse:
        # the database is down, failing over, or cut the connection: this instance cannot serve
        # now. A 503 is what the workstation's client takes as "try the next address, else
        # offline and back off" (sync.centre_client); a push sent again is answered from applied_op.
        first = (str(exc.orig or exc).splitlines() or [type(exc).__name__])[0][:200]
        log.warning("request %s %s: database unavailable: %s", request.method, request.url.path, first)
        return JSONResponse(status_code=503, headers={"Retry-After": "5"}, content=body(
            "中心数据库暂时无法访问，请稍后再试（本机办理的业务保留在队列中，恢复后自动同步）"))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request %s %s failed", request.method, request.url.path)
        return JSONResponse(status_code=500, content=body("中心处理请求时出错，已记录日志，请稍后再试或联系系统管理员"))


class BodyLimit:
    """Refuse a request body over `limit` bytes (`push_limit` for pushes) with a 413, before
    reading it whole: by Content-Length when given, else while it streams in."""

    def __init__(self, app: ASGIApp, *, limit: int, push_limit: int):
        self.app = app
        self.limit = limit
        self.push_limit = push_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.push_limit if scope["path"].endswith("/sync/push") else self.limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        seen = 0
        answered = False

        async def counted() -> Message:
            nonlocal seen, answered
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # answered here and now; the application sees the client go away
                    answered = True
                    await _too_large(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            if not answered:
                await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not answered:
                raise


async def _too_large(send: Send, limit: int) -> None:
    response = JSONResponse(status_code=413, content=body(
        f"请求体过大（规则：不超过{limit // (1024 * 1024)}MB），请分批提交"))
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
