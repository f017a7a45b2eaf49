"""Open the food index for web requests without paying for a new connection each time.

Opening the SQLite index costs about as much as a search, so each worker thread keeps its
own read-only ``FoodIndex`` and reuses it. The file is checked on every use (one ``stat``):
an index imported or rebuilt while the server runs is picked up without a restart, and a
missing one raises ``DataMissingError``, which the pages turn into the how-to-import page.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from b12.errors import DataMissingError
from b12.foods.index import FoodIndex
from b12.foods.schema import missing_index_message

_FileKey = tuple[int, int, int]


class FoodIndexProvider:
    """One read-only ``FoodIndex`` per thread, reopened when the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[FoodIndex] = []

    def available(self) -> bool:
        return self.path.is_file()

    def warm(self) -> None:
        """Ask the OS to read the whole index into its cache now, in the background, so the
        first search after start-up does not wait on the disk (the food routes search on the
        event loop). Nothing happens without an index or where the OS has no such call."""
        advise = getattr(os, "posix_fadvise", None)
        if advise is None:
            return
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        finally:
            os.close(fd)

    def get(self) -> FoodIndex:
        """The index for this thread; ``DataMissingError`` when it has not been imported."""
        try:
            st = self.path.stat()
        except OSError:
            raise DataMissingError(missing_index_message(self.path)) from None
        key: _FileKey = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached: tuple[_FileKey, FoodIndex] | None = getattr(self._local, "entry", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        index = FoodIndex(self.path)
        with self._lock:
            if cached is not None:
                self._open.remove(cached[1])
                cached[1].close()
            self._open.append(index)
        self._local.entry = (key, index)
        return index

    def close(self) -> None:
        """Close every thread's connection (at server shutdown)."""
        with self._lock:
            for index in self._open:
                index.close()
            self._open.clear()
        self._local = threading.local()
