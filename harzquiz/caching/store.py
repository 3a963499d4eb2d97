"""The per-process store behind every cache: entries tagged with a stamp, optionally timed.

A `VersionedCache` empties itself whenever the stamp it is asked with moves (the stamps live
in the database: harzquiz.caching.stamps), so a process never serves an entry older than the
last committed change it guards. The board memo (services.leaderboard) stores plain values;
shared pages (caching.pages) and kept riddles and quizzes (caching.content) store them with
a time limit as well (`recall`/`keep`): the bound for writes made past the session, which no
listener sees (raw SQL by hand, another program).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, MutableMapping
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

MISSING = object()  # what `recall` answers for nothing (kept values may be None)


@dataclass(frozen=True)
class _Timed:
    value: object
    expires: float  # monotonic seconds


class VersionedCache:
    """A bounded dict that empties itself whenever the version it is asked with moves.

    Thread-safe (gthread workers): every entry always belongs to `self.version`.
    Version None means "no stamp": nothing is stored or found then.
    """

    def __init__(self, max_entries: int = 20_000):
        self.max_entries = max_entries
        self.version: str | None = None
        self.entries: dict[Hashable, object] = {}
        self._lock = threading.Lock()

    def get(self, version: str | None, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for `key` at `version`, computing it on a miss (None: no caching)."""
        if version is None:
            return compute()
        with self._lock:
            self._align(version)
            if key in self.entries:
                return self.entries[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: other threads keep reading meanwhile
        self.put(version, key, value)
        return value

    def peek(self, version: str | None, key: Hashable) -> object | None:
        """The value stored for `key` at `version`, or None."""
        if version is None:
            return None
        with self._lock:
            self._align(version)
            return self.entries.get(key)

    def put(self, version: str | None, key: Hashable, value: object) -> None:
        """Remember `value` for `key`, computed at `version` (version None: not at all)."""
        if version is None:
            return
        with self._lock:
            self._align(version)
            if len(self.entries) >= self.max_entries:
                self.entries.clear()  # crude but bounded: own rows of many players
            self.entries[key] = value

    def recall(self, version: str | None, key: Hashable) -> object:
        """The value kept for `key` at `version` while its time lasts, else MISSING."""
        entry = self.peek(version, key)
        if isinstance(entry, _Timed) and entry.expires > time.monotonic():
            return entry.value
        return MISSING

    def keep(self, version: str | None, key: Hashable, value: object, seconds: float) -> None:
        """Remember `value` for `key` at `version` for `seconds` (0 or less: not at all)."""
        if seconds > 0:
            self.put(version, key, _Timed(value, time.monotonic() + seconds))

    def _align(self, version: str) -> None:
        if version != self.version:
            self.entries.clear()
            self.version = version


def named_cache(
    extensions: MutableMapping[str, Any], name: str, max_entries: int
) -> VersionedCache:
    """The VersionedCache kept as `name` in an app's `extensions`, made on first use.

    Not `extensions.setdefault(name, VersionedCache(...))`: that builds (and drops) a new
    cache with its lock on every call, a dozen times per page."""
    cache = extensions.get(name)
    if cache is None:
        cache = extensions.setdefault(name, VersionedCache(max_entries))
    return cache
