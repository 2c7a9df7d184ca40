"""The API's requests and answers (pydantic): what the OpenAPI schema publishes.

Every request model forbids unknown fields and refuses text with control characters; the
lengths follow the columns they end up in.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from centre.errors import CONTROL

HexKey = Annotated[str, Field(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$")]
Signature = Annotated[str, Field(min_length=128, max_length=128, pattern=r"^[0-9a-f]{128}$")]
DeviceId = Annotated[str, Field(min_length=1, max_length=36)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and CONTROL.search(value):
            raise PydanticCustomError("control_characters", "control characters")
        return value


class SignInRequest(Request):
    username: Annotated[str, Field(min_length=1, max_length=40)]
    password: Annotated[str, Field(min_length=1, max_length=200)]


class PrincipalOut(BaseModel):
    user_id: str
    username: str
    full_name: str
    roles: list[str]
    office_code: str | None
    district_code: str | None


class SessionOut(BaseModel):
    token: str
    expires_at: dt.datetime
    principal: PrincipalOut


class EnrolRequest(Request):
    label: Annotated[str, Field(min_length=1, max_length=60)]
    public_key: HexKey
    #: the device's signature over {"enrol": label, "public_key": ..., "user_id": <signed-in user>}
    proof: Signature


class EnrolledOut(BaseModel):
    device_id: str
    office_code: str | None
    district_code: str | None


class UserKeyRequest(Request):
    public_key: HexKey
    device_signature: Signature
    user_signature: Signature


class RevokedOut(BaseModel):
    device_id: str
    revoked: bool


class DeviceSignInRequest(Request):
    device_id: DeviceId
    #: when the device signed, ISO 8601 with its offset (within 10 minutes of the centre's clock);
    #: signed as sent
    signed_at: Annotated[str, Field(min_length=19, max_length=40)]
    #: the device's signature over {"device_session": device_id, "at": signed_at as ISO 8601}
    signature: Signature


class DeviceSessionOut(BaseModel):
    token: str
    expires_at: dt.datetime
    device_id: str


class HelloRequest(Request):
    device_now: dt.datetime


class VersionOut(BaseModel):
    """The release policy (centre.releases), as `GET /version` and the sync hello announce it."""

    #: the centre's own version
    centre: str
    #: the newest workstation version: an older workstation tells its user
    latest: str
    #: the oldest workstation version whose pushes are accepted (null: every version)
    minimum: str | None = None
    #: where to get the latest version: an address, or a share path in words
    download: str | None = None
    #: what is new (Chinese text, shown as written)
    notes: str | None = None
    #: for a request that named its version (header X-Hongdun-Version): the message its pushes
    #: would be refused with, or null when they are accepted
    refusal: str | None = None


class HelloOut(BaseModel):
    ok: bool
    now: dt.datetime
    skew_s: int
    message: str | None = None
    #: the centre's version
    version: str
    #: the release policy, as at /version (a workstation tells its user when a newer one exists,
    #: and keeps its queue when its pushes would be refused)
    release: VersionOut | None = None


class Envelope(Request):
    device_id: DeviceId
    command: dict[str, Any]
    user_signature: Annotated[str, Field(max_length=128)]
    device_signature: Annotated[str, Field(max_length=128)]


class PushRequest(Request):
    device_id: DeviceId
    envelopes: Annotated[list[Envelope], Field(min_length=1, max_length=1000)]


class FieldErrorOut(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every refusal (centre.errors): a Chinese message naming the field and the rule."""

    message: str
    field: str | None = None
    errors: list[FieldErrorOut] = []


class OutcomeOut(BaseModel):
    status: str
    result: dict[str, Any] = {}
    message: str | None = None
    field: str | None = None
    errors: list[FieldErrorOut] = []
    changes: list[str] = []
    replayed: bool = False


class PushOut(BaseModel):
    outcomes: list[OutcomeOut]


class ChangesOut(BaseModel):
    cursor: int
    changes: int
    remaining: int
    rows: dict[str, list[dict[str, Any]]]
    gone: list[tuple[str, str]]


class SnapshotOut(BaseModel):
    cursor: int
    tables: list[str]


class SnapshotPageOut(BaseModel):
    rows: list[dict[str, Any]]
    next: str | None


class RecordsRequest(Request):
    keys: Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=1000)]


class RecordsOut(BaseModel):
    rows: dict[str, list[dict[str, Any]]]


class HealthOut(BaseModel):
    status: str
    database: bool
    schema_version: str | None
    version: str
