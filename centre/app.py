"""The centre's HTTP API (FastAPI): sign-in, devices, push, pull, queries, health.

`create_app(sessions)` makes the application over a session factory of the central database;
`hongdun centre serve` (centre.server) runs it under uvicorn with TLS. Endpoints are plain
`def`: FastAPI runs them on its thread pool, one database session each.
"""
# no `from __future__ import annotations`: FastAPI reads the endpoints' annotations, and the
# dependencies they name (DB, User) are local to create_app

import datetime as dt
import logging
from dataclasses import asdict
from typing import Annotated, Any, Callable

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import Response
from pydantic import TypeAdapter
from sqlalchemy.orm import Session, sessionmaker

from centre import devices, errors, feed, schemas
from centre import releases as release_rules
from centre import sessions as auth
from centre.apply import CentralApplier, Envelope
from centre.errors import ApiError
from centre.queries import RemoteQuery, remote_queries
from centre.ratelimit import SignInLimits
from centre.releases import ReleasePolicy
from centre.scope import Scope
from client.kernel.bus import Outcome
from client.kernel.devices import DeviceRow
from client.kernel.models import Device
from client.kernel.registry import registry
from client.kernel.roles import Principal
from client.version import VERSION, VERSION_HEADER

log = logging.getLogger(__name__)

API = "/api/v1"
#: request bodies: 1 MB; a push of up to 1000 commands (inspection photos ride in them): 64 MB
BODY_LIMIT = 1024 * 1024
PUSH_LIMIT = 64 * 1024 * 1024
#: log rows per pull page, rows per first-download page
PULL_PAGE = 20_000
SNAPSHOT_PAGE = 20_000

NOT_SIGNED_IN = "未登录或登录已过期（规则：每次请求须带有效的会话令牌），请重新登录"


def version() -> str:
    """The centre's version: client.version, not the package metadata (a PyInstaller bundle has none)."""
    return VERSION


def create_app(sessions: sessionmaker[Session], *, limits: SignInLimits | None = None,
               clock: Callable[[], dt.datetime] | None = None, releases: ReleasePolicy | None = None) -> FastAPI:
    """`releases`: the release policy announced at /version and enforced on pushes (centre.releases);
    None: this centre's own version is the latest, with no minimum."""
    app = FastAPI(title="红盾工作台 中心服务", version=version(),
                  description="The centre of Hongdun Workbench: the only holder of the central database's "
                              "credentials. Workstations sign in, push signed commands, pull their scope's "
                              "changes and ask wider questions here. Errors: JSON with a Chinese `message` "
                              "naming the field and the rule.")
    errors.install(app)
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(errors.BodyLimit, limit=BODY_LIMIT, push_limit=PUSH_LIMIT)
    applier = CentralApplier(sessions, **({"clock": clock} if clock else {}))
    limits = limits or SignInLimits()
    purger = auth.Purger()
    releases = releases or ReleasePolicy()
    app.state.sessions = sessions
    app.state.applier = applier
    app.state.releases = releases

    def announced(request: Request) -> schemas.VersionOut:
        """The release policy as the asking workstation (its X-Hongdun-Version) gets it."""
        release = release_rules.for_workstation(releases.current(), request.headers.get(VERSION_HEADER))
        return schemas.VersionOut(**release.to_json())

    def db() -> Session:
        with sessions() as session:
            yield session

    DB = Annotated[Session, Depends(db)]

    def caller(request: Request, session: DB) -> auth.Caller:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, NOT_SIGNED_IN)
        found = auth.caller_of(session, token.strip())
        if found is None:
            raise ApiError(401, NOT_SIGNED_IN)
        return found

    def principal(found: Annotated[auth.Caller, Depends(caller)]) -> Principal:
        if found.principal is None:
            raise ApiError(403, "该接口须由用户登录后使用（规则：设备会话只能同步）")
        return found.principal

    def device(found: Annotated[auth.Caller, Depends(caller)]) -> Device:
        if found.device is None:
            raise ApiError(403, "该接口须由登记的设备使用（规则：同步须以设备会话进行）")
        return found.device

    User = Annotated[Principal, Depends(principal)]
    ThisDevice = Annotated[Device, Depends(device)]

    # --- health -------------------------------------------------------------------------------

    @app.get("/health", response_model=schemas.HealthOut, tags=["operations"])
    def health(response: Response) -> schemas.HealthOut:
        """For the load balancer and the operator: 200 when the database answers, else 503."""
        try:
            with sessions() as session:
                revision = session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            return schemas.HealthOut(status="ok", database=True, schema_version=revision, version=version())
        except Exception:  # noqa: BLE001 - any failure: not healthy
            log.warning("health: database not reachable", exc_info=True)
            response.status_code = 503
            return schemas.HealthOut(status="database unreachable", database=False, schema_version=None,
                                     version=version())

    @app.get("/version", response_model=schemas.VersionOut, tags=["operations"])
    def version_announced(request: Request) -> schemas.VersionOut:
        """What workstations are told about releases, without a session (the login window asks
        before anyone signs in): the centre's version, the newest workstation version, the oldest
        whose pushes are accepted, where to get it, what is new; and, for a workstation that named
        its version in the `X-Hongdun-Version` header, the refusal its pushes would get."""
        return announced(request)

    # --- sessions -----------------------------------------------------------------------------

    @app.post(f"{API}/sessions", response_model=schemas.SessionOut, tags=["sessions"],
              responses={401: {"description": "用户名或密码错误"}, 429: {"description": "尝试过于频繁"}})
    def sign_in(body: schemas.SignInRequest, request: Request, session: DB) -> schemas.SessionOut:
        address = request.client.host if request.client else "?"
        if (refusal := limits.check(body.username, address)) is not None:
            raise ApiError(429, refusal)
        result, issued = auth.sign_in(session, body.username, body.password, address=address)
        if issued is None:
            raise ApiError(401, result.message or NOT_SIGNED_IN)
        purger.maybe(session)  # ended sessions are forgotten now and then
        return _session_out(issued)

    @app.post(f"{API}/sessions/device", response_model=schemas.DeviceSessionOut, tags=["sessions"],
              responses={401: {"description": "签名无效、时间不符或设备已停用"}})
    def device_sign_in(body: schemas.DeviceSignInRequest, request: Request, session: DB) -> schemas.DeviceSessionOut:
        """A session for a device, proved by its key: it pushes and pulls for the workstation."""
        address = request.client.host if request.client else "?"
        if (refusal := limits.check_device(body.device_id)) is not None:
            raise ApiError(429, refusal)
        issued = auth.device_sign_in(session, body.device_id, body.signed_at, body.signature, address=address)
        if issued is None:
            raise ApiError(401, "设备身份校验失败：本机未登记、已停用、签名无效或本机时钟与中心相差超过10分钟"
                                "（规则：设备须以登记的密钥签名登录）")
        return schemas.DeviceSessionOut(token=issued.token, expires_at=issued.expires_at, device_id=body.device_id)

    @app.post(f"{API}/sessions/refresh", response_model=schemas.SessionOut, tags=["sessions"])
    def refresh(request: Request, session: DB, _user: User) -> schemas.SessionOut:
        issued = auth.refresh(session, _token(request))
        if issued is None:
            raise ApiError(401, NOT_SIGNED_IN)
        return _session_out(issued)

    @app.delete(f"{API}/sessions", status_code=204, tags=["sessions"])
    def sign_out(request: Request, session: DB, _user: User) -> Response:
        auth.sign_out(session, _token(request))
        return Response(status_code=204)

    # --- devices ------------------------------------------------------------------------------

    @app.post(f"{API}/devices", response_model=schemas.EnrolledOut, tags=["devices"])
    def enrol(body: schemas.EnrolRequest, user: User) -> schemas.EnrolledOut:
        done = devices.enrol(sessions, user, body.label, body.public_key, body.proof)
        return schemas.EnrolledOut(**asdict(done))

    @app.put(f"{API}/devices/{{device_id}}/user-key", status_code=204, tags=["devices"])
    def register_user_key(device_id: str, body: schemas.UserKeyRequest, user: User) -> Response:
        devices.register_user_key(sessions, user, device_id, body.public_key, body.device_signature,
                                  body.user_signature)
        return Response(status_code=204)

    @app.get(f"{API}/devices", response_model=list[DeviceRow], tags=["devices"])
    def list_devices(session: DB, user: User) -> list[DeviceRow]:
        """The devices in the administrator's jurisdiction, newest first (the kernel's rows as they are)."""
        from client.kernel.devices import list_devices as listed

        return listed(session, user)

    @app.post(f"{API}/devices/{{device_id}}/revoke", response_model=schemas.RevokedOut, tags=["devices"])
    def revoke(device_id: str, user: User) -> schemas.RevokedOut:
        try:
            changed = devices.revoke(sessions, user, device_id)
        except LookupError:
            raise ApiError(404, "没有这台设备，或不在您的管辖范围内", field="device_id") from None
        return schemas.RevokedOut(device_id=device_id, revoked=changed)

    # --- sync ---------------------------------------------------------------------------------

    def scope_of(device: Device) -> Scope:
        return Scope(device.office_code, device.district_code)

    @app.post(f"{API}/sync/hello", response_model=schemas.HelloOut, tags=["sync"])
    def hello(body: schemas.HelloRequest, request: Request, device: ThisDevice) -> schemas.HelloOut:
        """The probe of a round: the centre's time; the device's clock skew is recorded; the
        release policy as at /version (a workstation whose pushes would be refused keeps its
        queue and does not send it)."""
        answer = applier.hello(device.id, body.device_now)
        return schemas.HelloOut(**answer, version=version(), release=announced(request))

    @app.post(f"{API}/sync/push", response_model=schemas.PushOut, tags=["sync"],
              responses={426: {"model": schemas.ErrorOut,
                               "description": "本机版本低于中心要求的最低版本（X-Hongdun-Version，见 /version）："
                                              "整批不予处理，说明须安装的版本"}})
    def push(body: schemas.PushRequest, request: Request, session: DB, device: ThisDevice) -> schemas.PushOut:
        """Signed commands, applied in one transaction; an outcome for each, in order. The
        session authenticates the connection only: each command carries its user's proof.
        A workstation older than the announced minimum (or naming no version while there is one)
        is refused as a whole with 426 before anything is applied: its commands stay in its
        queue until it is upgraded. The version header is a compatibility guard, not a security
        boundary: the signatures are."""
        refused = release_rules.refusal(releases.current(), request.headers.get(VERSION_HEADER))
        if refused is not None:
            raise ApiError(426, refused, field=VERSION_HEADER)
        if body.device_id != device.id or any(env.device_id != device.id for env in body.envelopes):
            raise ApiError(403, "一批命令须来自本会话的设备（规则：设备只能提交自己签名的命令）", field="device_id")
        session.close()  # (the batch runs in a unit of work of its own)
        outcomes = applier.apply_batch([Envelope(e.device_id, e.command, e.user_signature, e.device_signature)
                                        for e in body.envelopes])
        return schemas.PushOut(outcomes=[_outcome_out(o) for o in outcomes])

    @app.get(f"{API}/sync/changes", response_model=schemas.ChangesOut, tags=["sync"])
    def changes(session: DB, device: ThisDevice, after: Annotated[int, Query(ge=0)] = 0,
                limit: Annotated[int, Query(ge=1, le=PULL_PAGE)] = PULL_PAGE) -> schemas.ChangesOut:
        """What changed in the device's scope after `after` (the workstation's cursor)."""
        page = feed.changes(session.connection(), scope_of(device), after, limit)
        return schemas.ChangesOut(cursor=page.cursor, changes=page.changes, remaining=page.remaining,
                                  rows=page.rows, gone=page.gone)

    @app.get(f"{API}/sync/snapshot", response_model=schemas.SnapshotOut, tags=["sync"])
    def snapshot(session: DB, device: ThisDevice) -> schemas.SnapshotOut:
        """A first download begins: the log's cursor to continue from, the tables to read."""
        return schemas.SnapshotOut(cursor=feed.snapshot_start(session.connection()), tables=feed.snapshot_tables())

    @app.get(f"{API}/sync/snapshot/{{table}}", response_model=schemas.SnapshotPageOut, tags=["sync"])
    def snapshot_page(table: str, session: DB, device: ThisDevice,
                      after: Annotated[str | None, Query(max_length=80)] = None,
                      limit: Annotated[int, Query(ge=1, le=SNAPSHOT_PAGE)] = SNAPSHOT_PAGE
                      ) -> schemas.SnapshotPageOut:
        """One page of a table of the device's scope, by primary key after `after`."""
        if table not in feed.snapshot_tables():
            raise ApiError(404, f"没有可下载的表 {table}", field="table")
        rows, following = feed.snapshot_page(session.connection(), scope_of(device), table, after, limit)
        return schemas.SnapshotPageOut(rows=rows, next=following)

    @app.post(f"{API}/sync/records", response_model=schemas.RecordsOut, tags=["sync"])
    def records(body: schemas.RecordsRequest, session: DB, device: ThisDevice) -> schemas.RecordsOut:
        """The current central rows of records ("table:id") in the device's scope."""
        keys = [tuple(k.split(":", 1)) for k in body.keys if ":" in k]
        return schemas.RecordsOut(rows=feed.read_rows(session.connection(), scope_of(device), keys))

    # --- the public check of printed documents ----------------------------------------------------

    @app.get("/verify/{kind}/{number}", tags=["public"])
    def verify(kind: str, number: str, session: DB,
               d: Annotated[str, Query(max_length=64, pattern="^[0-9a-f]*$")] = "") -> Response:
        """What a printed document's QR code opens: the register's facts of that document, and
        whether the printed digest matches them. No session: anyone holding the paper may ask."""
        check = registry().verifiers.get(kind)
        if check is None or len(number) > 60:
            raise ApiError(404, "无法识别的核验类型")
        found = check(session, number, d)
        return Response(TypeAdapter(type(found)).dump_json(found), media_type="application/json")

    # --- queries ------------------------------------------------------------------------------

    for query in remote_queries().values():
        _add_query(app, query, DB, User)
    return app


def _add_query(app: FastAPI, query: RemoteQuery, DB, User) -> None:
    def answer(body, session, user) -> Response:
        if not query.allowed(user):
            raise ApiError(403, "工商所人员的本所数据在本机查询；中心只回答跨所的问题（规则：数据按辖区授权）")
        # serialised here, on the worker thread, by the answer's own type (pydantic-core): not
        # by FastAPI's generic encoder on the event loop
        return Response(query.answer.dump_json(query.run(session, user, body)), media_type="application/json")

    # FastAPI reads the request model from the annotations: give this endpoint its own
    def endpoint(body, session, user):
        return answer(body, session, user)

    endpoint.__annotations__ = {"body": query.request, "session": DB, "user": User}

    endpoint.__name__ = query.name.replace(".", "_")
    endpoint.__doc__ = (query.fn.__doc__ or "").strip().split("\n\n")[0] or query.name
    app.post(f"{API}/queries/{query.name}", tags=["queries"], name=query.name,
             responses={200: {"content": {"application/json": {"schema": _answer_schema(query)}}}})(endpoint)


def _answer_schema(query: RemoteQuery) -> dict:
    try:
        return query.answer.json_schema(mode="serialization")
    except Exception:  # noqa: BLE001 - a type pydantic cannot describe: documented as any JSON
        return {}


def _token(request: Request) -> str:
    return request.headers.get("authorization", "").partition(" ")[2].strip()


def _session_out(issued: auth.Issued) -> schemas.SessionOut:
    p = issued.principal
    return schemas.SessionOut(token=issued.token, expires_at=issued.expires_at, principal=schemas.PrincipalOut(
        user_id=p.user_id, username=p.username, full_name=p.full_name, roles=sorted(r.code for r in p.roles),
        office_code=p.office_code, district_code=p.district_code))


def _outcome_out(outcome: Outcome) -> schemas.OutcomeOut:
    return schemas.OutcomeOut(status=outcome.status, result=_plain(outcome.result), message=outcome.message,
                              field=outcome.field, errors=[schemas.FieldErrorOut(field=e.field, message=e.message)
                                                           for e in outcome.errors],
                              changes=sorted(outcome.changes), replayed=outcome.replayed)


def _plain(value: Any) -> Any:
    from client.kernel.wire import encode

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return encode(value)
