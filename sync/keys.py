"""The workstation's keys: the device's (in the OS keyring) and each user's (sealed under the
user's password, in a file beside the local stores).

A user's key is made at that user's first online sign-in on this workstation and its public
half registered with the centre by that session (sync.enrolment). It is opened at every
sign-in, online or offline, with the password just typed, and held in memory while the user
is signed in: a command can be signed as a user only after that user typed the password here.
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import keyring

from client.kernel import proofs

KEYRING_SERVICE = "hongdun-workbench-device"
_LOCK = threading.RLock()


def device_key(device_id: str) -> bytes | None:
    """The device's private half from the keyring (None: lost, or never made here)."""
    value = keyring.get_password(KEYRING_SERVICE, device_id)
    try:
        return bytes.fromhex(value) if value else None
    except ValueError:
        return None


def keep_device_key(device_id: str, private_raw: bytes) -> None:
    keyring.set_password(KEYRING_SERVICE, device_id, private_raw.hex())


@dataclass(frozen=True)
class UserKey:
    username: str
    user_id: str
    device_id: str
    public_key: str
    private_raw: bytes
    #: the centre has its public half (registration can fail after the key was made)
    registered: bool = False


class UserKeys:
    """<store dir>/user-keys.json: {username: {user_id, device_id, public_key, sealed}}."""

    def __init__(self, folder: Path):
        self.path = folder / "user-keys.json"

    def open(self, username: str, device_id: str, password: str) -> UserKey | None:
        """This user's key on this device, opened with the password; None when there is none
        (or it was sealed under another password: the password changed since)."""
        entry = self._load().get(username)
        if not entry or entry.get("device_id") != device_id:
            return None
        try:
            raw = proofs.unseal(entry["sealed"], password)
        except proofs.WrongPassword:
            return None
        return UserKey(username, entry["user_id"], device_id, entry["public_key"], raw,
                       bool(entry.get("registered")))

    def open_latest(self, username: str, password: str) -> UserKey | None:
        """This user's key, whatever device it is for, opened with the password (the sign-in
        opens it while the centre checks the password; the caller checks the device)."""
        entry = self._load().get(username)
        return self.open(username, entry["device_id"], password) if entry and entry.get("device_id") else None

    def make(self, username: str, user_id: str, device_id: str, password: str) -> UserKey:
        """A new key for the user on this device, sealed under the password and kept."""
        raw, public = proofs.new_key()
        sealed = proofs.seal(raw, password)
        with _LOCK:
            data = self._load()
            data[username] = {"user_id": user_id, "device_id": device_id, "public_key": public, "sealed": sealed,
                              "registered": False}
            self._save(data)
        return UserKey(username, user_id, device_id, public, raw)

    def mark_registered(self, username: str, public_key: str) -> None:
        with _LOCK:
            data = self._load()
            if data.get(username, {}).get("public_key") == public_key:
                data[username]["registered"] = True
                self._save(data)

    def _load(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
