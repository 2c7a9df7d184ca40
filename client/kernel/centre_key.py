"""The centre's Ed25519 signing key as PEM files.

One key, several uses (the audit log's signed checkpoints first, client.kernel.audit_checkpoints):
the private key is PKCS8 PEM readable by its owner only; the public key is a SubjectPublicKeyInfo
PEM beside it (`<file>.pub`) for whoever verifies. A verifier may also be handed the private PEM
(the public key is derived from it), which is what an operator on the centre's own host has.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class KeyFileError(ValueError):
    """A key file the operator named is missing, unreadable or not an Ed25519 key (message in Chinese)."""


def generate_key(path: str | os.PathLike) -> Ed25519PrivateKey:
    """A new key: `path` (PKCS8 PEM, mode 0600) and `path`.pub (public PEM).

    An existing file is never overwritten: replacing the centre's key would orphan everything
    it signed, so that must be a deliberate move of the old file first.
    """
    path = Path(path)
    if Path(f"{path}.pub").exists():  # checked first, so a refusal leaves no half-made pair behind
        raise FileExistsError(f"{path}.pub")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    _write_new(path, private_pem, 0o600)
    _write_new(Path(f"{path}.pub"), public_pem(key.public_key()), 0o644)
    return key


def public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(public_key: Ed25519PublicKey) -> str:
    """The first 16 hex digits of sha256 over the raw 32-byte public key: names the key in what it signed."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_private_key(path: str | os.PathLike) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(_read(path), password=None)
    except TypeError:  # encrypted: cryptography wants a password
        raise KeyFileError(f"密钥文件 {path} 有口令保护，本程序只读取不加密的 PKCS8 PEM") from None
    except ValueError:
        raise KeyFileError(f"{path} 不是 PEM 格式的私钥文件") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} 不是 Ed25519 私钥")
    return key


def load_public_key(path: str | os.PathLike) -> Ed25519PublicKey:
    """A public key PEM, or the public half of a private key PEM."""
    pem = _read(path)
    if b"PRIVATE KEY" in pem:
        return load_private_key(path).public_key()
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        raise KeyFileError(f"{path} 不是 PEM 格式的公钥文件") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path} 不是 Ed25519 公钥")
    return key


def _read(path: str | os.PathLike) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise KeyFileError(f"找不到密钥文件：{path}") from None
    except OSError as exc:
        raise KeyFileError(f"无法读取密钥文件 {path}：{exc.strerror}") from None


def _write_new(path: Path, data: bytes, mode: int) -> None:
    # O_EXCL: never replace a key; the mode is set at creation, so the secret is never readable by others
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
