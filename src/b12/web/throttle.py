"""Rate limiting of sign-in: a password cannot be guessed faster than a few tries an hour.

Failures are counted per account name and per client address over a sliding window.
While an account has ``per_account`` failures in the window, every try for it is refused
(429 with Retry-After) without checking the password, even a right one, so a guesser
learns nothing; an address with ``per_client`` failures is refused for any account (one
machine trying many names). A successful sign-in clears its account's count. Counts live
in this process's memory: a restart forgets them, and one ``b12 serve`` is one process.
The clock is a parameter so tests can move time instead of waiting.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 15 * 60
PER_ACCOUNT = 5
PER_CLIENT = 20  # a clinic's staff may share one address behind its router


class SignInThrottle:
    def __init__(
        self,
        per_account: int = PER_ACCOUNT,
        per_client: int = PER_CLIENT,
        window_seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = {"account": per_account, "client": per_client}
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, account: str, client: str) -> int | None:
        """Seconds until ``account`` may try again from ``client``; None: it may now."""
        now = self.clock()
        waits = []
        with self._lock:
            for key in (("account", account), ("client", client)):
                times = self._recent(key, now)
                if len(times) >= self.limits[key[0]]:
                    waits.append(times[0] + self.window - now)
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, account: str, client: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (("account", account), ("client", client)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(("account", account), None)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times
