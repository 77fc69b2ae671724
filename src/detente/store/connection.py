"""Opening the store file: where it is, waiting for other processes' locks, one writer thread at a time.

DuckDB lets one process open a file read-write, or many processes open it read-only, never both at
once. So no connection is kept between calls: each call opens the file, runs its statements and closes
it again, retrying for ``lock_timeout`` seconds while another process holds the file (docs/store.md).
"""

from __future__ import annotations

import os
import random
import threading
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterator

import duckdb

from ..errors import InputError, StoreError
from . import schema

DEFAULT_DB_FILE = "detente.duckdb"
DB_ENV_VAR = "DETENTE_DB"
LOCK_TIMEOUT_ENV_VAR = "DETENTE_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0  # seconds a call waits for another process to release the file
DUCKDB_MAGIC = b"DUCK"
# Never fetch or load DuckDB extensions behind the user's back (detente runs offline).
CONNECTION_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _process_write_lock(path: Path) -> threading.Lock:
    """The lock that lets one thread of this process at a time write the store at ``path``."""
    key = str(path.resolve())
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


def default_db_path() -> Path:
    """``$DETENTE_DB`` if set, else ``./detente.duckdb``."""
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB_FILE)


def lock_timeout_from_env(lock_timeout: float | None) -> float:
    if lock_timeout is None:
        raw = os.environ.get(LOCK_TIMEOUT_ENV_VAR)
        try:
            lock_timeout = float(raw) if raw else DEFAULT_LOCK_TIMEOUT
        except ValueError:
            raise InputError(f"{LOCK_TIMEOUT_ENV_VAR}={raw!r} is not a number of seconds") from None
    return max(0.0, float(lock_timeout))


def first_line(exc: BaseException) -> str:
    message = str(exc).strip()
    return message.splitlines()[0] if message else exc.__class__.__name__


def damaged(path: Path, exc: BaseException) -> StoreError:
    """The one-line error for a store whose file turns out unreadable after it was opened."""
    return StoreError(f"{path} is damaged or unreadable ({first_line(exc)}); detente left it untouched "
                      "(restore a backup, or ingest again into a new store)")


class StoreFile:
    """The store's file: opening it (read-only or for writing) with the schema checked or brought current."""

    def __init__(self, path: Path, lock_timeout: float):
        self.path = path
        self.lock_timeout = lock_timeout

    def exists(self) -> bool:
        return self.path.is_file()

    def connect_raw(self, write: bool) -> duckdb.DuckDBPyConnection:
        """Open the file, waiting up to ``lock_timeout`` seconds for other processes to let go of it."""
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file")
        if not self.path.exists():
            if not write:
                raise StoreError(f"no event store at {self.path} (ingest documents into it first, or name another store)")
            parent = self.path.parent if str(self.path.parent) else Path(".")
            if not parent.is_dir():
                raise StoreError(f"cannot create {self.path}: folder {parent} does not exist")
        elif not self._looks_like_duckdb():
            raise StoreError(f"{self.path} is not a DuckDB database (corrupt or another kind of file); "
                             "detente left it untouched")
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=not write, config=dict(CONNECTION_CONFIG))
            except duckdb.Error as exc:
                message = str(exc)
                other_process = "Could not set lock" in message or "Conflicting lock" in message
                # DuckDB refuses a read-only and a read-write connection to one file in one process.
                this_process = ("different configuration than existing connections" in message
                                or "Unique file handle conflict" in message)
                if other_process or this_process:
                    if time.monotonic() < deadline:
                        time.sleep(min(delay, max(0.0, deadline - time.monotonic())) * (0.5 + random.random()))
                        delay = min(delay * 1.6, 0.5)
                        continue
                    if this_process:
                        raise StoreError(f"{self.path} is held by another connection in this process; "
                                         f"gave up after {self.lock_timeout:g} s") from None
                    holder = ""
                    if "(PID " in message:
                        holder = " (PID " + message.split("(PID ", 1)[1].split(")", 1)[0] + ")"
                    raise StoreError(f"{self.path} is locked by another process{holder}; "
                                     f"gave up after {self.lock_timeout:g} s") from None
                if "not a valid DuckDB database" in message:
                    raise StoreError(f"{self.path} is not a DuckDB database (corrupt or another kind of file); "
                                     "detente left it untouched") from None
                raise StoreError(f"cannot open {self.path}: {first_line(exc)}") from None

    def _looks_like_duckdb(self) -> bool:
        """Whether the file starts with DuckDB's header (its magic bytes sit at offset 8).

        Checked before DuckDB sees the file, because DuckDB recognises some foreign formats (SQLite)
        and would try to load an extension for them instead of refusing.
        """
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(12)
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        return len(header) == 12 and header[8:12] == DUCKDB_MAGIC

    @contextmanager
    def write_turn(self) -> Iterator[None]:
        """Wait until no other thread of this process writes the store.

        DuckDB would let two threads write at once and fail one of them on a conflict; writers in
        different processes are kept apart by DuckDB's file lock instead.
        """
        guard = _process_write_lock(self.path)
        if not guard.acquire(timeout=max(self.lock_timeout, 0.001)):
            raise StoreError(f"{self.path} is being written by another thread of this process; "
                             f"gave up after {self.lock_timeout:g} s")
        try:
            yield
        finally:
            guard.release()

    @contextmanager
    def connection(self, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection whose schema is current (created or migrated when writing), closed afterwards.

        A DuckDB failure that is not about the caller's input (a truncated file, overwritten pages, an
        I/O error found only when a page is read) becomes the one-line StoreError ``damaged``.
        """
        with self.write_turn() if write else nullcontext():
            con = self.connect_raw(write)
            try:
                try:
                    if write:
                        schema.ensure_schema(con, self.path)
                    else:
                        schema.check_schema(con, self.path)
                    yield con
                except (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException,
                        duckdb.FatalException) as exc:
                    raise damaged(self.path, exc) from None
                except duckdb.TransactionException as exc:
                    raise damaged(self.path, exc) from None
            finally:
                try:
                    con.close()
                except duckdb.Error:
                    pass

    @contextmanager
    def snapshot(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection inside one transaction: every query sees the same state."""
        with self.connection(write=False) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            finally:
                try:
                    con.execute("ROLLBACK")
                except duckdb.Error:
                    pass

    def migrate(self) -> tuple[int, int]:
        """Bring the store to this detente's schema version (creating it if needed): (before, after)."""
        with self.write_turn():
            con = self.connect_raw(write=True)
            try:
                return schema.ensure_schema(con, self.path)
            finally:
                con.close()
