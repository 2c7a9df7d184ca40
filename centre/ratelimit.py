"""Sign-in attempts per account and per address, counted in a sliding window.

The database's lockout (client.kernel.auth) stops a guesser at one account; this stops a
guesser who walks through many accounts from one address, or hammers one account from many,
before each guess costs an argon2 verification. Counted in each centre process's memory:
two instances allow at most twice the rate, which still bounds guessing; a shared counter
would put a write on every attempt (no library is needed for a dictionary of deques).
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class SlidingWindow:
    def __init__(self, limit: int, window_s: float, *, clock=time.monotonic):
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str) -> float:
        """Count an attempt; 0 when allowed, else the seconds until the next one would be."""
        now = self._clock()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window_s - now
            hits.append(now)
            if len(self._hits) > 100_000:  # a flood of distinct keys must not grow memory for ever
                self._forget_idle(now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window_s]:
            del self._hits[key]


class SignInLimits:
    """Per account 10 a minute, per address 30 a minute (an office behind NAT shares one)."""

    def __init__(self, *, per_account: int = 10, per_address: int = 30, window_s: float = 60.0, clock=time.monotonic):
        self.per_account = SlidingWindow(per_account, window_s, clock=clock)
        self.per_address = SlidingWindow(per_address, window_s, clock=clock)

    def check_device(self, device_id: str) -> str | None:
        """A device's sign-in: counted per device only. It proves itself with a signature, which
        no one guesses, and the 173 offices may sit behind few addresses."""
        wait = self.per_account.hit(f"d:{device_id}")
        if wait <= 0:
            return None
        return f"设备登录过于频繁，请{int(wait) + 1}秒后再试（规则：同一设备每分钟最多{self.per_account.limit}次）"

    def check(self, username: str, address: str) -> str | None:
        """None when this attempt may go on, else the message for the 429 answer."""
        wait = max(self.per_address.hit(f"a:{address}"), self.per_account.hit(f"u:{username.strip().lower()}"))
        if wait <= 0:
            return None
        return (f"登录尝试过于频繁，请{int(wait) + 1}秒后再试（规则：同一账号每分钟最多{self.per_account.limit}次，"
                f"同一地址每分钟最多{self.per_address.limit}次）")
