"""An fsspec filesystem over omni.client, so the Python data stack opens ``omniverse://`` URLs.

Registered through the ``fsspec.specs`` entry point for the ``omniverse`` and ``omni`` protocols,
so ``fsspec.open("omniverse://host/a.csv")`` and ``pandas.read_csv("omniverse://host/a.csv")``
work with no import. Paths are the URL without its scheme (``host:port/folder/file``), as s3fs
keeps ``bucket/key``. Every call goes through the public ``omni.client`` ``*_async`` API, so the
filesystem works for whatever provider the URL's scheme selects: ``OmniFileSystem(scheme="file")``
serves local paths through the library's file provider.

Reads fetch the whole file once per open file (the API has no ranged read); writes are buffered
and committed by one ``write_file`` on close, which the providers make atomic (readers see the old
or the new content, never a mix).
"""

from __future__ import annotations

import asyncio
import mmap
import os
import tempfile

from fsspec.asyn import AsyncFileSystem
from fsspec.spec import AbstractBufferedFile
from fsspec.utils import stringify_path

import omni.client as oc

from ._errors import check
from ._omniclient import _read_file_bytes

_SCHEMES = ("omniverse", "omni", "omniverses", "file")


class OmniFileSystem(AsyncFileSystem):
    """fsspec's view of omni.client URLs. ``scheme`` picks the provider ("omniverse", "file", ...)."""

    protocol = ("omniverse", "omni")
    root_marker = ""
    async_impl = True

    def __init__(self, scheme: str = "omniverse", **kwargs):
        super().__init__(**kwargs)
        self.scheme = scheme

    # --- paths and URLs ---------------------------------------------------------------------

    @classmethod
    def _strip_protocol(cls, path):
        if isinstance(path, list):
            return [cls._strip_protocol(p) for p in path]
        path = stringify_path(path)
        scheme, sep, rest = path.partition("://")
        if sep and scheme in _SCHEMES:
            path = rest
        elif path.startswith("file:"):
            path = path[len("file:"):]
        return path.rstrip("/") or ("/" if path.startswith("/") else "")

    @staticmethod
    def _get_kwargs_from_urls(path):
        scheme, sep, _ = stringify_path(path).partition("://")
        return {"scheme": scheme} if sep and scheme in _SCHEMES and scheme != "omniverse" else {}

    def url(self, path: str) -> str:
        """The omni.client URL of an fsspec path of this filesystem."""
        path = self._strip_protocol(path)
        return path if self.scheme == "file" else f"{self.scheme}://{path}"

    def unstrip_protocol(self, name: str) -> str:
        return f"{self.scheme}://{self._strip_protocol(name)}"

    def _child(self, folder: str, entry) -> str:
        return f"{folder.rstrip('/')}/{entry.relative_path.rstrip('/')}"

    def _details(self, path: str, entry) -> dict:
        is_dir = bool(entry.flags & oc.ItemFlags.CAN_HAVE_CHILDREN)
        return {
            "name": path,
            "size": 0 if is_dir else entry.size,
            "type": "directory" if is_dir else "file",
            "created": entry.created_time,
            "modified": entry.modified_time,
            "version": entry.version,
            "hash": entry.hash,
            "created_by": entry.created_by,
            "modified_by": entry.modified_by,
            "locked_by": entry.locked_by,
        }

    # --- metadata ---------------------------------------------------------------------------

    async def _info(self, path, **kwargs):
        path = self._strip_protocol(path)
        result, entry = await oc.stat_async(self.url(path))
        check(result, self.url(path))
        return self._details(path, entry)

    async def _ls(self, path, detail=True, **kwargs):
        path = self._strip_protocol(path)
        result, entries = await oc.list_async(self.url(path))
        if result != oc.Result.OK or not entries:
            # A file lists as itself; an empty folder as nothing; anything else is the error.
            info = await self._info(path)
            listing = [info] if info["type"] == "file" else []
        else:
            listing = [self._details(self._child(path, e), e) for e in entries]
        return listing if detail else [item["name"] for item in listing]

    def created(self, path):
        return self.info(path)["created"]

    def modified(self, path):
        return self.info(path)["modified"]

    def checksum(self, path):
        """The server's content hash as a number where the provider reports one."""
        digest = self.info(path).get("hash") or ""
        try:  # our server's hashes read "sha256;SIZE;HEX"
            return int(digest.rsplit(";", 1)[-1], 16)
        except ValueError:
            return super().checksum(path)

    # --- content ----------------------------------------------------------------------------

    async def _read(self, path) -> memoryview:
        url = self.url(path)
        result, _version, content = await oc.read_file_async(url)
        check(result, url)
        return memoryview(content)

    async def _cat_file(self, path, start=None, end=None, **kwargs):
        return bytes((await self._read(path))[start:end])

    def cat_file(self, path, start=None, end=None, **kwargs):
        """The bytes of a file (``start``/``end`` as slice bounds).

        Synchronous callers (``fs.cat_file``, ``fs.open(...).read()``) get the blocking
        ``read_file``: going through fsspec's event loop thread and the ``_async`` call costs two
        thread hops per read, half the rate of small reads (bench/bench_tools.py). The content
        comes as the bytes object the library read it into: copying 64 MiB into one after the
        read cost as much as the read (bench/bench_tools.py)."""
        url = self.url(path)
        result, _version, content = _read_file_bytes(url)
        check(result, url)
        return content if start is None and end is None else content[start:end]

    async def _pipe_file(self, path, value, mode="overwrite", **kwargs):
        if mode == "create" and await self._exists(path):
            raise FileExistsError(self.url(path))
        url = self.url(path)
        check(await oc.write_file_async(url, value), url)

    async def _put_file(self, lpath, rpath, callback=None, mode="overwrite", **kwargs):
        if os.path.isdir(lpath):
            return await self._makedirs(rpath, exist_ok=True)
        with open(lpath, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            # Mapped, not read: the library takes any buffer, so the upload makes no Python copy.
            # The mapping is not closed here: the library may still hold its buffer for a moment
            # after answering (it lets go on its own thread); it is unmapped with its last user.
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            await self._pipe_file(rpath, data, mode=mode)

    async def _get_file(self, rpath, lpath, callback=None, **kwargs):
        if os.path.isdir(lpath):
            return
        info = await self._info(rpath)
        if info["type"] == "directory":
            os.makedirs(lpath, exist_ok=True)
            return
        content = await self._read(rpath)
        # A temporary file renamed over the target: an interrupted get leaves no partial file.
        folder = os.path.dirname(os.path.abspath(lpath))
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".omni-get-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            os.replace(temp, lpath)
        except BaseException:
            os.unlink(temp)
            raise

    async def _cp_file(self, path1, path2, **kwargs):
        info = await self._info(path1)
        if info["type"] == "directory":
            return await self._makedirs(path2, exist_ok=True)
        src, dst = self.url(path1), self.url(path2)
        check(await oc.copy_async(src, dst, oc.CopyBehavior.OVERWRITE), f"{src} -> {dst}")

    # --- folders and deletion ---------------------------------------------------------------

    async def _mkdir(self, path, create_parents=True, **kwargs):
        if create_parents:
            return await self._makedirs(path, exist_ok=True)
        url = self.url(path)
        check(await oc.create_folder_async(url), url)

    async def _makedirs(self, path, exist_ok=False):
        path = self._strip_protocol(path)
        url = self.url(path)
        result = await oc.create_folder_async(url)
        if result == oc.Result.ERROR_NOT_FOUND and self._parent(path) not in ("", "/", path):
            await self._makedirs(self._parent(path), exist_ok=True)
            result = await oc.create_folder_async(url)
        if result == oc.Result.ERROR_ALREADY_EXISTS and exist_ok:
            if (await self._info(path))["type"] == "directory":
                return
        check(result, url)

    async def _rm_file(self, path, **kwargs):
        url = self.url(path)
        check(await oc.delete_async(url), url)

    async def _rm(self, path, recursive=False, maxdepth=None, **kwargs):
        paths = await self._expand_path(path, recursive=recursive, maxdepth=maxdepth)
        chosen = set(paths)
        # Deleting a folder deletes what is in it: one request per top-most path.
        tops = [p for p in paths if not any(a in chosen for a in _ancestors(p))]
        await asyncio.gather(*(self._rm_file(p) for p in tops))

    # --- open files -------------------------------------------------------------------------

    def _open(self, path, mode="rb", block_size=None, autocommit=True, cache_options=None, **kwargs):
        if mode not in ("rb", "wb", "xb"):
            raise ValueError(f"mode {mode!r} is not supported (use rb, wb or xb)")
        if mode == "xb" and self.exists(path):
            raise FileExistsError(self.url(path))
        return OmniFile(self, path, mode, block_size, autocommit, cache_options=cache_options, **kwargs)


class OmniFile(AbstractBufferedFile):
    """A file of an :class:`OmniFileSystem`: read whole on first access, written on close."""

    def __init__(self, fs, path, mode="rb", block_size=None, autocommit=True, cache_options=None, **kwargs):
        # The "all" cache asks for the whole file once, which is what the library can fetch.
        super().__init__(fs, path, mode, block_size, autocommit, cache_type="all",
                         cache_options=cache_options, **kwargs)

    def _fetch_range(self, start, end):
        return self.fs.cat_file(self.path, start, end)

    def _initiate_upload(self):
        pass

    def _upload_chunk(self, final=False):
        if not final:
            return False  # keep buffering: the content is committed whole on close
        self.fs.pipe_file(self.path, self.buffer.getbuffer())
        return True


def _ancestors(path: str):
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path

