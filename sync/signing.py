"""Device signatures: HMAC-SHA256 over the canonical JSON of what is pushed.

Canonical = sorted keys, no spaces, UTF-8: the workstation and the centre compute the
same bytes from the same command, and any edit of the outbox row (payload, user, office,
op_id) changes them.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any


def canonical(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(secret_hex: str, device_id: str, command: dict) -> str:
    return hmac.new(bytes.fromhex(secret_hex), canonical({"device_id": device_id, "command": command}),
                    hashlib.sha256).hexdigest()


def verify(secret_hex: str, device_id: str, command: dict, signature: str) -> bool:
    return hmac.compare_digest(sign(secret_hex, device_id, command), signature or "")


def new_secret() -> str:
    return secrets.token_hex(32)
