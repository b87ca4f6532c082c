"""Content-addressed blob folder: ``<root>/blobs/<sha[:2]>/<sha>``.

A blob becomes visible only by an atomic rename of a temporary file that was
fully written and fsync'd, followed by an fsync of its folder; a crash at any
point leaves either no blob or the whole blob, never part of one.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

from .base import INLINE_MAX, BlobRef, BlobStore, Staging

_HASH_CHUNK = 4 << 20
_IOV_MAX = 1024  # buffers per pwritev (Linux's limit)


def _is_sha256(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


def _hash_fd(fd: int, size: int) -> str:
    digest = hashlib.sha256()
    offset = 0
    while offset < size:
        chunk = os.pread(fd, min(_HASH_CHUNK, size - offset), offset)
        digest.update(chunk)
        offset += len(chunk)
    return digest.hexdigest()


def _pwritev_all(fd: int, pieces: tuple, offset: int) -> None:
    """``pieces`` one after the other from ``offset``, in as few system calls as the
    kernel allows (no joined copy of them in memory)."""
    views = [memoryview(p) for p in pieces if len(p)]
    while views:
        written = os.pwritev(fd, views[:_IOV_MAX], offset)
        offset += written
        while views and written >= len(views[0]):
            written -= len(views[0])
            views.pop(0)
        if written:
            views[0] = views[0][written:]


def patch_file(src_path: Path, tmp: Path, offset: int, data: bytes) -> BlobRef:
    """Write to the new file ``tmp`` the file ``src_path`` with ``data`` written at ``offset``
    (extending it), fsync'd; return its address.  One pass over the base: each chunk is
    overlaid with ``data`` where they meet, hashed and written; ``data`` past the base's end
    follows (after zeros for a gap)."""
    digest = hashlib.sha256()
    end = offset + len(data)
    pos = 0
    with open(src_path, "rb") as src, \
            os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as dst:
        def put(chunk: bytes) -> None:
            nonlocal pos
            digest.update(chunk)
            dst.write(chunk)
            pos += len(chunk)
        while chunk := src.read(_HASH_CHUNK):
            lo, hi = max(pos, offset), min(pos + len(chunk), end)
            if lo < hi:
                chunk = chunk[:lo - pos] + data[lo - offset:hi - offset] + chunk[hi - pos:]
            put(chunk)
        if offset > pos:
            put(bytes(offset - pos))
        if end > pos:
            put(data[pos - offset:])
        dst.flush()
        os.fsync(dst.fileno())
    return BlobRef(digest.hexdigest(), pos)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalBlobStore(BlobStore):
    durable_staging = True  # a staged file becomes the blob: it is fsync'd first

    def __init__(self, root: Path, threads: int = 4, inline_max: int = INLINE_MAX):
        self.inline_max = inline_max
        self.blob_dir = Path(root) / "blobs"
        self.tmp_dir = Path(root) / "tmp"
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="blobs")
        # held while a blob is marked as used or checked and removed by GC, so that a blob
        # is either kept (marked first) or stored again by the writer (removed first)
        self._claims = threading.Lock()

    def open(self) -> None:
        self.blob_dir.mkdir(parents=True, exist_ok=True)
        # Anything left in tmp/ was never acknowledged: a crash cut it short.
        shutil.rmtree(self.tmp_dir, ignore_errors=True)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def _path(self, sha256: str) -> Path:
        return self.blob_dir / sha256[:2] / sha256

    def local_path(self, sha256: str) -> Path:
        return self._path(sha256)

    def _tmp_path(self) -> Path:
        return self.tmp_dir / secrets.token_hex(12)

    async def _run(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def _drop(self, tmp: Path) -> None:
        """Remove a temporary file that turned out not to be needed, in the background:
        freeing a large file's blocks takes milliseconds (~15 for 64 MiB on ext4)."""
        self._pool.submit(tmp.unlink, missing_ok=True)

    def _publish(self, tmp: Path, sha256: str) -> None:
        """Atomically move a complete, fsync'd temporary file to its address."""
        final = self._path(sha256)
        if self._touch(final):
            self._drop(tmp)
            return
        final.parent.mkdir(exist_ok=True)
        os.replace(tmp, final)
        _fsync_dir(final.parent)

    def _put_sync(self, data: bytes) -> BlobRef:
        sha = hashlib.sha256(data).hexdigest()
        ref = BlobRef(sha, len(data))
        if self._touch(self._path(sha)):
            return ref
        tmp = self._tmp_path()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            _pwritev_all(fd, (data,), 0)
            os.fsync(fd)
        finally:
            os.close(fd)
        self._publish(tmp, sha)
        return ref

    async def put(self, data: bytes) -> BlobRef:
        if len(data) <= self.inline_max:  # hashing this little costs less than a thread hop
            return BlobRef(hashlib.sha256(data).hexdigest(), len(data), inline=bytes(data))
        return await self._run(self._put_sync, data)

    def _patch_sync(self, base: str, offset: int, data: bytes) -> BlobRef:
        tmp = self._tmp_path()
        ref = patch_file(self._path(base), tmp, offset, data)
        self._publish(tmp, ref.sha256)
        return ref

    async def patch(self, base: str, offset: int, data: bytes) -> BlobRef:
        return await self._run(self._patch_sync, base, offset, data)

    def _read_sync(self, sha256: str, offset: int, length: Optional[int]) -> bytes:
        with open(self._path(sha256), "rb") as f:
            f.seek(offset)
            return f.read() if length is None else f.read(length)

    async def read(self, sha256: str, offset: int = 0, length: Optional[int] = None) -> bytes:
        return await self._run(self._read_sync, sha256, offset, length)

    def _held(self, sha256: str) -> bool:
        """Whether the blob is stored (then just used: :meth:`remove` leaves it a while)."""
        return self._touch(self._path(sha256))

    def _touch(self, path: Path) -> bool:
        """Mark a blob as just used (so that :meth:`remove` leaves it alone for a while)."""
        with self._claims:
            try:
                os.utime(path)
                return True
            except FileNotFoundError:
                return False

    def _exists_sync(self, sha256: str) -> Optional[BlobRef]:
        path = self._path(sha256)
        try:
            self._touch(path)
            return BlobRef(sha256, path.stat().st_size)
        except (OSError, ValueError):
            return None

    def _remove_sync(self, names: list, grace_s: float) -> list:
        cutoff = time.time() - grace_s
        absent, folders = [], set()
        for name in names:
            path = self._path(name)
            with self._claims:  # a blob just stored or looked up again is kept
                try:
                    if path.stat().st_mtime > cutoff:
                        continue
                    path.unlink()
                    folders.add(path.parent)
                except FileNotFoundError:
                    pass
            absent.append(name)
        for folder in folders:
            _fsync_dir(folder)
        return absent

    async def remove(self, names, grace_s: float) -> list:
        return await self._run(self._remove_sync, [n for n in names if _is_sha256(n)], grace_s)

    def _shard_sync(self, index: int) -> list:
        try:
            return [p.name for p in (self.blob_dir / f"{index:02x}").iterdir()
                    if _is_sha256(p.name)]
        except FileNotFoundError:
            return []

    async def shard(self, index: int) -> list:
        return await self._run(self._shard_sync, index)

    async def exists(self, sha256: str) -> Optional[BlobRef]:
        if not _is_sha256(sha256):
            return None
        return await self._run(self._exists_sync, sha256)

    def staging(self) -> "LocalStaging":
        return LocalStaging(self)


class LocalStaging(Staging):
    """A temporary file written with positioned writes (for a store with ``_tmp_path``,
    ``_run``, ``_held``, ``_publish`` and ``_drop``: the S3 store stages so too).

    The SHA-256 is computed while parts arrive: whenever the range that starts
    where the hashed prefix ends has been written, one writer thread (never more,
    and without holding up the others) reads it back from the page cache and
    hashes it, so ``commit`` has little left to do.  A range written twice (a
    retried part) makes ``commit`` hash the whole file instead.
    """

    def __init__(self, store: LocalBlobStore):
        self._store = store
        self._tmp = store._tmp_path()
        self._fd = os.open(self._tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        self._lock = threading.Lock()
        self._digest = hashlib.sha256()
        self._claimed = 0  # end of the prefix hashed or being hashed
        self._written: dict = {}  # offset -> length of ranges past that prefix
        self._hashing = False
        self._rewritten = False

    def _advance(self, offset: int, length: int) -> None:
        with self._lock:
            if offset < self._claimed or offset in self._written:
                self._rewritten = True
                return
            self._written[offset] = length
            if self._hashing or self._rewritten:
                return
            self._hashing = True
        while True:
            with self._lock:
                start = self._claimed
                length = self._written.pop(start, None)
                if length is None or self._rewritten:
                    self._hashing = False
                    return
                self._claimed = start + length
            self._digest.update(os.pread(self._fd, length, start))

    def _write_sync(self, offset: int, pieces: tuple) -> None:
        _pwritev_all(self._fd, pieces, offset)
        self._advance(offset, sum(len(p) for p in pieces))

    async def write_at(self, offset: int, *pieces: bytes) -> None:
        await self._store._run(self._write_sync, offset, pieces)

    def _commit_sync(self, size: int) -> BlobRef:
        os.ftruncate(self._fd, size)  # drop bytes of parts that never completed
        with self._lock:
            if self._rewritten or self._claimed != size:  # hash the file as it is
                sha = _hash_fd(self._fd, size)
            else:
                sha = self._digest.hexdigest()
        held = self._store._held(sha)
        if not held and self._store.durable_staging:
            os.fsync(self._fd)
        os.close(self._fd)
        self._fd = -1
        if held:  # content stored before (durable): this copy need not reach the disk
            self._store._drop(self._tmp)
        else:
            self._store._publish(self._tmp, sha)
        return BlobRef(sha, size)

    async def commit(self, size: int) -> BlobRef:
        return await self._store._run(self._commit_sync, size)

    def _discard_sync(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self._tmp.unlink(missing_ok=True)

    async def discard(self) -> None:
        await self._store._run(self._discard_sync)
