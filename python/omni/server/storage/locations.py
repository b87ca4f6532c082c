"""Where a server keeps its metadata and its content, named by URL.

    --store sqlite:///abs/path/meta.sqlite3 | postgresql://user[:password]@host:port/db
    --blobs file:///abs/folder | s3://bucket/prefix?endpoint=http://host:port

``--data DIR`` alone stands for ``sqlite:///DIR/meta.sqlite3`` and ``file:///DIR``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, unquote, urlsplit

from .base import BlobStore, Store

DB_NAME = "meta.sqlite3"


def without_password(url: str) -> str:
    """The URL as messages and logs show it (a password in it is not shown)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()


@dataclass(frozen=True)
class Locations:
    store: str
    blobs: str

    @classmethod
    def of(cls, data_dir: Optional[Path], store: Optional[str] = None,
           blobs: Optional[str] = None) -> "Locations":
        """The URLs given, completed by the data folder (``--data``) for those not given."""
        if (store is None or blobs is None) and data_dir is None:
            raise ValueError("give --store and --blobs, or --data")
        folder = Path(data_dir).resolve() if data_dir is not None else None
        out = cls(store or f"sqlite://{folder / DB_NAME}", blobs or f"file://{folder}")
        out.store_kind()
        out.blobs_kind()
        return out

    def store_kind(self) -> str:
        kind = urlsplit(self.store).scheme
        if kind == "postgres":
            kind = "postgresql"
        if kind not in ("sqlite", "postgresql"):
            raise ValueError(f"--store {self.store!r}: use sqlite:///path or "
                             "postgresql://user@host:port/db")
        if kind == "sqlite" and (urlsplit(self.store).netloc or
                                 not self.sqlite_path().is_absolute()):
            raise ValueError(f"--store {self.store!r}: sqlite:// takes an absolute path "
                             "(sqlite:///path)")
        return kind

    def blobs_kind(self) -> str:
        parts = urlsplit(self.blobs)
        if parts.scheme == "file" and parts.path.startswith("/"):
            return "file"
        if parts.scheme == "s3" and parts.netloc:
            return "s3"
        raise ValueError(f"--blobs {self.blobs!r}: use file:///abs/folder or "
                         "s3://bucket/prefix[?endpoint=http://host:port]")

    def sqlite_path(self) -> Path:
        return Path(unquote(urlsplit(self.store).path))

    def blob_folder(self) -> Path:
        return Path(unquote(urlsplit(self.blobs).path))

    def s3(self) -> tuple:
        """``(bucket, prefix, endpoint or None)`` of an ``s3://`` location."""
        parts = urlsplit(self.blobs)
        endpoint = parse_qs(parts.query).get("endpoint", [None])[0]
        return parts.netloc, parts.path.strip("/"), endpoint

    def is_initialized(self) -> bool:
        if self.store_kind() == "sqlite":
            return self.sqlite_path().exists()
        from .postgres import is_initialized
        return is_initialized(self.store)

    def prepare(self) -> None:
        """Before ``init``: refuse an initialised store; make the SQLite file (its folder the
        owner's only: it holds everyone's files and the password hashes)."""
        if self.is_initialized():
            raise FileExistsError(f"{without_password(self.store)} is already initialized")
        if self.store_kind() == "sqlite":
            folder = self.sqlite_path().parent
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
            os.close(os.open(self.sqlite_path(), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    def open_store(self) -> Store:
        if self.store_kind() == "sqlite":
            from .sqlite import SqliteStore
            return SqliteStore(self.sqlite_path())
        from .postgres import PostgresStore
        return PostgresStore(self.store)

    def open_blobs(self) -> BlobStore:
        if self.blobs_kind() == "file":
            from .blobs import LocalBlobStore
            return LocalBlobStore(self.blob_folder())
        from .s3 import S3BlobStore
        return S3BlobStore(*self.s3())
