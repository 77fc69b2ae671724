"""Giving freed heap memory back to the operating system."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc: freed pages are reused, just not returned
        return None


def return_freed_memory() -> None:
    """Return the heap pages freed so far to the system (glibc's malloc_trim; elsewhere nothing).

    glibc keeps freed memory for reuse, so a process that briefly needed a lot (loading weights,
    parsing a batch of long documents) otherwise keeps that peak as resident memory for good.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
