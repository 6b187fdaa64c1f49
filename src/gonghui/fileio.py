"""Atomic writes: a reader never sees a half-written output file, and a failed write leaves none;
a set of outputs (Turtle, TriG, page, store) is replaced as one (``OutputSet``)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextlib.contextmanager
def atomic_open(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, in place only when the block ends without an
    error (a temporary file beside it, then ``os.replace``): a large output streams to disk
    instead of being held whole in memory first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that opens files itself (Oxigraph's dump),
    put in place only when the block ends without an error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def replace_dir(staging: Path, target: Path) -> Path:
    """Put a fully written folder ``staging`` (made beside ``target``) in ``target``'s place."""
    if target.exists():
        shutil.rmtree(target)
    os.replace(staging, target)
    return target


# --- a set of outputs replaced as one -------------------------------------------------------

STAGING_PREFIX = ".gonghui-build-"
STAGING_SUFFIX = ".tmp"
COMMIT_NAME = ".gonghui-commit"  # a complete new set, being moved into place


class OutputSet:
    """Write several outputs into ``folder`` so that it holds the whole old set or the whole new
    set, never a mix (a new ``.ttl`` beside an old ``.trig``).

        with OutputSet(out_dir) as outputs:
            write_turtle(outputs.path("gonghui.ttl"))
            ...

    The outputs are written into a hidden staging folder inside ``folder`` (same file system).
    An error or an interrupt while writing removes it and leaves the old set as it was. When
    every output is written and synced, one rename makes the staging folder the commit folder
    (the commit point), and the outputs are moved into place with Ctrl-C held off. A process
    killed in those few renames leaves the commit folder, and the next ``OutputSet`` of that
    folder (``recover``) finishes the moves before anything else: the new set is complete from
    the commit point on. A lock on the folder keeps two commits apart; a staging folder whose
    process no longer runs, and any ``.tmp`` file in the folder itself, are a killed build's
    litter, and are removed.

    Any ``OSError`` (the folder is a file, read-only, the disk full) becomes an ``OutputError``
    naming the folder.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.staging: Path | None = None
        self._discarded = False

    def path(self, name: str) -> Path:
        """Where to write the output ``name`` (a file or a folder); ``""``: the staging folder."""
        assert self.staging is not None, "OutputSet used outside its with block"
        return self.staging / name if name else self.staging

    def discard(self) -> None:
        """Write nothing after all: the old set stays as it is."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        self._discarded = True

    def final(self, name: str) -> Path:
        return self.folder / name

    def __enter__(self) -> OutputSet:
        with _as_output_error(self.folder):
            if self.folder.exists() and not self.folder.is_dir():
                raise OutputError(f"{self.folder}: the output folder is a file, not a folder")
            self.folder.mkdir(parents=True, exist_ok=True)
            with _locked(self.folder):
                recover(self.folder)
                self.staging = Path(tempfile.mkdtemp(
                    prefix=f"{STAGING_PREFIX}{os.getpid()}-", suffix=STAGING_SUFFIX,
                    dir=self.folder))
        return self

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if exc is not None:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _output_error(self.folder, exc) from exc
            return
        if not self._discarded:
            with _as_output_error(self.folder):
                self._commit()

    def _commit(self) -> None:
        assert self.staging is not None
        try:
            for entry in self.staging.iterdir():
                _sync(entry)
            _sync(self.staging)
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        commit = self.folder / COMMIT_NAME
        # Ctrl-C between the commit point and the last move would leave a mix until the next
        # build; held off, it is delivered when the set is whole.
        with _locked(self.folder), _signals_held():
            os.replace(self.staging, commit)  # the commit point
            _sync(self.folder)
            _move_into_place(commit, self.folder)


def recover(folder: Path) -> None:
    """Finish a killed build's moves, and remove the staging folders of builds that died
    before their commit point and any ``.tmp`` file (every write goes through a staging
    folder, so one left in the folder itself is a dead writer's). Call it holding the lock."""
    folder = Path(folder)
    commit = folder / COMMIT_NAME
    if commit.is_dir():
        _move_into_place(commit, folder)
    for entry in folder.iterdir():
        if not (entry.name.startswith(".") and entry.name.endswith(STAGING_SUFFIX)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            if not _writer_alive(entry.name):
                shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _writer_alive(name: str) -> bool:
    """Whether the process that made the staging folder ``name`` still runs (its pid is in the
    name; a name without one is from no live build)."""
    pid = name[len(STAGING_PREFIX):].split("-", 1)[0]
    if not name.startswith(STAGING_PREFIX) or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def _move_into_place(commit: Path, folder: Path) -> None:
    for entry in sorted(commit.iterdir()):
        target = folder / entry.name
        if entry.is_dir() and not entry.is_symlink():
            replace_dir(entry, target)
        else:
            os.replace(entry, target)
    commit.rmdir()
    _sync(folder)


class _locked:
    """An exclusive lock on the folder itself (no lock file among the outputs), held only while
    a build looks for litter and makes its staging folder, and while it commits: never while
    worker processes are forked, which would inherit it and could outlive their parent."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> None:
        import fcntl

        self.fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)  # another build's commit: a few renames
        except BaseException:
            os.close(self.fd)
            raise

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # closing releases the lock


def _sync(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for entry in path.iterdir():
            if entry.is_file() and not entry.is_symlink():
                _fsync(entry, os.O_RDONLY)
        _fsync(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    elif path.is_file():
        _fsync(path, os.O_RDONLY)


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _signals_held:
    """Hold SIGINT and SIGTERM off for a few renames (main thread only; elsewhere a no-op)."""

    SIGNALS = {signal.SIGINT, signal.SIGTERM}

    def __enter__(self) -> None:
        self.held = threading.current_thread() is threading.main_thread()
        if self.held:
            self.old = signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)

    def __exit__(self, *exc: object) -> None:
        if self.held:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)


# What an error without an errno (RocksDB's, under the Oxigraph store) says of a full disk.
_FULL = ("No space left", "File too large", "Disk quota exceeded")


def _output_error(folder: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or (str(exc).splitlines() or [type(exc).__name__])[0]
    if exc.errno is None and any(words in str(exc) for words in _FULL):
        reason = next(words for words in _FULL if words in str(exc))
        return OutputError(f"{folder}: the disk is full ({reason}); "
                           "the old outputs are left as they were")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return OutputError(f"{folder}: cannot write the outputs here ({reason}); "
                           "the old ones are left as they were")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return OutputError(f"{folder}: the disk is full ({reason}); "
                           "the old outputs are left as they were")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return OutputError(f"{folder}: the output folder is a file, not a folder")
    return OutputError(f"{folder}: cannot write the outputs ({reason})")


class _as_output_error:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, OSError):
            raise _output_error(self.folder, exc) from exc
