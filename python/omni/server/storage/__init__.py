"""Storage: the store and blob interfaces and their embedded implementations."""

from .base import BlobStore, Store
from .blobs import LocalBlobStore
from .sqlite import SqliteStore

__all__ = ["BlobStore", "Store", "LocalBlobStore", "SqliteStore"]
