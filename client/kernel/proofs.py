"""Who sent a command, proved: Ed25519 signatures over the canonical JSON of what is pushed.

Two signatures travel with every command (docs/sync-protocol.md, "Proof"):

- the **user's**, by a key pair made on the workstation at that user's first online sign-in
  there; its private half is kept sealed under a key derived from the user's password
  (argon2id, AES-GCM), so it can sign only after that user typed the password on that
  workstation, online or offline. The centre holds the public half, registered for the pair
  (user, device) by the signed-in user.
- the **device's**, by the workstation's own key pair (private half in the OS keyring), over
  the command and the user's signature: a command edited in the outbox, or copied to another
  workstation, no longer verifies.

Canonical = sorted keys, no spaces, UTF-8: the workstation and the centre compute the same
bytes from the same command, and any edit (payload, user, office, op_id) changes them.
"""
from __future__ import annotations

import base64
import json
import os
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

#: argon2id for the sealing key: ~0.1 s on an office PC, paid once per sign-in
_KDF = {"time_cost": 2, "memory_cost": 64 * 1024, "parallelism": 2}


class WrongPassword(Exception):
    """The sealed key did not open: the password is not the one it was sealed with."""


def canonical(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def new_key() -> tuple[bytes, str]:
    """A fresh key pair: (private half, 32 raw bytes; public half as hex)."""
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    return raw, public_hex(raw)


def public_hex(private_raw: bytes) -> str:
    public = Ed25519PrivateKey.from_private_bytes(private_raw).public_key()
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def sign(private_raw: bytes, body: Any) -> str:
    return Ed25519PrivateKey.from_private_bytes(private_raw).sign(canonical(body)).hex()


def verify(public_key_hex: str | None, body: Any, signature: Any) -> bool:
    """False for anything that is not a valid signature by that key (malformed input included)."""
    if not isinstance(public_key_hex, str) or not isinstance(signature, str):
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(bytes.fromhex(signature), canonical(body))
    except (ValueError, InvalidSignature):
        return False
    return True


def is_public_key(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 64:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(value))
    except ValueError:
        return False
    return True


# --- what a user signs, and what the device signs over it -----------------------------------

def user_body(device_id: str, command: dict) -> dict:
    return {"device_id": device_id, "command": command}


def device_body(device_id: str, command: dict, user_signature: str) -> dict:
    return {"device_id": device_id, "command": command, "user_signature": user_signature}


# --- the user's private half at rest ----------------------------------------------------------

def seal(private_raw: bytes, password: str) -> dict:
    """The private half encrypted under a key derived from the password (JSON-ready)."""
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _derive(password, salt, _KDF)
    sealed = AESGCM(key).encrypt(nonce, private_raw, b"hongdun-user-key")
    return {"kdf": "argon2id", **_KDF, "salt": _b64(salt), "nonce": _b64(nonce), "sealed": _b64(sealed)}


def unseal(blob: dict, password: str) -> bytes:
    try:
        params = {k: int(blob[k]) for k in _KDF}
        key = _derive(password, base64.b64decode(blob["salt"]), params)
        return AESGCM(key).decrypt(base64.b64decode(blob["nonce"]), base64.b64decode(blob["sealed"]),
                                   b"hongdun-user-key")
    except (InvalidTag, KeyError, ValueError, TypeError) as exc:
        raise WrongPassword() from exc


def _derive(password: str, salt: bytes, params: dict) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, hash_len=32, type=Type.ID, **params)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
