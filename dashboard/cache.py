"""A cache backend for the dashboard's tables: Django's local-memory cache without pickling.

The attainment table of every indicator is thousands of small frozen rows; LocMemCache pickles a
value on every set and unpickles it on every get, which costs more than the page itself at scale.
This backend keeps the objects as they are (they are never mutated after they are built), so a hit
is a dictionary lookup. It is chosen by the `dashboard` entry of `CACHES`; with several app servers
set that entry to a shared cache (Redis, Memcached) instead, and every process sees the same tables.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class InProcessCache(BaseCache):
    def __init__(self, name, params):
        super().__init__(params)
        self._data: OrderedDict[str, tuple[object, float | None]] = OrderedDict()
        self._lock = threading.Lock()

    def _expired(self, key) -> bool:
        found = self._data.get(key)
        return found is not None and found[1] is not None and found[1] <= time.monotonic()

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if key not in self._data or self._expired(key):
                self._data.pop(key, None)
                return default
            self._data.move_to_end(key)
            return self._data[key][0]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        expiry = self.get_backend_timeout(timeout)
        with self._lock:
            self._data[key] = (value, None if expiry is None else time.monotonic() + (expiry - time.time()))
            self._data.move_to_end(key)
            while len(self._data) > self._max_entries:
                self._data.popitem(last=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout, version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, self, version=version)
        if value is self:
            return False
        self.set(key, value, timeout, version)
        return True

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            return self._data.pop(key, None) is not None

    def has_key(self, key, version=None):
        return self.get(key, self, version=version) is not self

    def clear(self):
        with self._lock:
            self._data.clear()
