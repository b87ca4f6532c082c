"""The storage interfaces: metadata store and blob store.

Nothing here knows about the network.  The SQLite store and the local blob
folder are the embedded implementations; the PostgreSQL store and the S3 blob
store (several server processes) are second implementations of the same two
interfaces, which speak in whole operations (create a file, move a subtree, resolve
the ACLs of some paths), each of which must be atomic and durable when it returns.
"""

from __future__ import annotations

import abc
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterable, Iterator, NamedTuple, Optional

FOLDER = "folder"
ASSET = "asset"
CHANNEL = "channel"  # a place to exchange messages; it has no content
LIVE_OBJECT = "omniobject"  # content changed by numbered updates (live_create / live_update)

READ, WRITE, ADMIN = 1, 2, 4
ALL = READ | WRITE | ADMIN


class StoreError(Exception):
    """Base of the errors a store raises for a refused operation."""


class NotFound(StoreError):
    pass


class UserNotFound(NotFound):
    pass


class GroupNotFound(NotFound):
    pass


class NotMember(NotFound):
    pass


class AlreadyExists(StoreError):
    pass


class AlreadyMember(AlreadyExists):
    pass


class WrongType(StoreError):
    """The item exists but is not of the kind the operation needs."""


class NotEmpty(StoreError):
    pass


class Locked(StoreError):
    """The item (or one below it) is locked by another user."""


class Conflict(StoreError):
    """An invalid operation on the tree, e.g. moving a folder into itself."""


# Content of at most this size is kept by the metadata store, in the transaction that names
# it: a small write then costs one commit (one fsync) instead of a blob file's three.
INLINE_MAX = 64 << 10
STREAM_PIECE = 4 << 20  # bytes per read of a streamed blob
NOT_NOW = object()  # what a read that cannot be made without waiting answers


@dataclass(frozen=True)
class BlobRef:
    sha256: str
    size: int
    # small content not stored yet: the metadata store keeps it with the change naming it
    inline: Optional[bytes] = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Lock:
    owner: str
    etag: str  # the version locked
    since_us: int
    duration_s: float

    def active(self, now_us: int) -> bool:
        return now_us < self.since_us + self.duration_s * 1_000_000


@dataclass(frozen=True)
class Node:
    path: str
    kind: str  # FOLDER, ASSET or CHANNEL
    version: int  # etag and transaction id
    size: int
    blob: Optional[str]
    created_us: int
    modified_us: int
    created_by: str
    modified_by: str
    has_children: bool = False
    checkpoints: int = 0  # how many checkpoints the item has
    checkpointed: bool = False  # this version is a checkpoint
    deleted_us: int = 0  # set for an item in the trash
    deleted_by: str = ""
    lock: Optional[Lock] = None  # possibly expired


class LiveUpdate(NamedTuple):  # (made twice per update: a frozen dataclass took 1.3 us, this 0.4)
    """One version of a live object: ``sequence`` counts from 1 (the creation) per object."""

    object_id: int
    sequence: int
    data: bytes
    received_us: int  # when the server received it
    est_us: int = 0  # the writer's estimate of the server's time, when it sent one

    def __repr__(self) -> str:  # without the content
        return (f"LiveUpdate(object_id={self.object_id}, sequence={self.sequence}, "
                f"{len(self.data)} bytes, received_us={self.received_us}, est_us={self.est_us})")


@dataclass(frozen=True)
class CheckpointInfo:
    id: int  # per path, from 1
    version: int
    message: str
    author: str
    created_us: int


@dataclass(frozen=True)
class Event:
    """One committed change, to be told to subscribers."""

    seq: int  # unique among this process's events (a shared store: among all processes')
    kind: str  # a PathEvent of the IDL: create | delete | full | delta | rename | copy |
    # change_acl | set_path_options | checkpoints_changed | replace_version | lock | unlock
    path: str
    node: Optional[Node]
    destination: Optional[str] = None
    # of a deletion: the explicit ACL entries of the item, what was below it and its
    # folders as they were before (the item has none left to decide who may hear of it)
    acl_before: Optional[dict] = None
    # of the other events: an awaitable of the explicit ACL entries of the paths and their
    # folders, read as the event was published (a later change cannot alter who hears of it)
    acl_after: Any = None


@dataclass
class Change:
    """What a mutating store operation did."""

    nodes: list[Node] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # of a store several processes share: the other processes' events committed before
    # this change (from the last one this process has heard of), to be told first
    preceding: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class User:
    name: str
    admin: bool
    password_hash: str


@dataclass(frozen=True)
class TokenRecord:
    kind: str  # access | refresh | api
    username: str
    expires_us: int
    name: str = ""
    login: str = ""  # the tokens of one sign-in (an API token is one): revoked together


@dataclass(frozen=True)
class DeviceCode:
    user_code: str
    client_id: str
    expires_us: int
    username: Optional[str]  # set once approved


AclMap = dict  # principal -> permission bits


class Store(abc.ABC):
    """Metadata: the tree, versions, ACLs, users, groups, tokens, event log."""

    # -- lifecycle
    @abc.abstractmethod
    async def open(self) -> None: ...

    @abc.abstractmethod
    async def close(self) -> None: ...

    async def follow(self, publish, live_appended=None) -> bool:
        """From now on, await ``publish(events)`` with the events committed to this store,
        in commit order, as ``(event, own)`` pairs (``own``: this process's change, told by
        the change itself), and call ``live_appended(object_id)`` after a version of a live
        object is committed (by any process; ``None``: versions of any object may have been
        missed); whether it will.  A store one process serves has none to tell."""
        return False

    def connection_ids(self) -> Iterator[int]:
        """The numbers of this process's connections, unique among the processes on the
        store (called once it is open)."""
        return itertools.count(1)

    def channel_relay(self):
        """What tells the other processes on the store what channel members do (a
        :class:`..channels.Relay` with ``start(hub)`` and ``stop()``); None: there are none."""
        return None

    # -- tree, reads
    @abc.abstractmethod
    async def get(self, path: str) -> Optional[Node]: ...

    async def kind_and_version(self, path: str) -> Optional[tuple[str, int]]:
        """``(kind, version)`` of the item at ``path``, None if there is none: all a channel
        message needs, where a backend may answer it for less than :meth:`get`."""
        node = await self.get(path)
        return None if node is None else (node.kind, node.version)

    @abc.abstractmethod
    async def children(self, path: str) -> list[Node]: ...

    @abc.abstractmethod
    async def subtree(self, path: str) -> list[Node]:
        """The node at ``path`` and everything below it, parents before children."""

    @abc.abstractmethod
    async def get_with_content(self, path: str, checkpoint: Optional[int] = None
                               ) -> tuple[Optional[Node], Optional[bytes]]:
        """The file (at ``checkpoint``, if given) and, when the store keeps it (small
        content, see INLINE_MAX), its content: one lookup for a small read."""

    @abc.abstractmethod
    async def inline_content(self, sha256: str) -> Optional[bytes]:
        """Content the store keeps (see INLINE_MAX), by its address."""

    # -- tree, writes (each atomic and durable on return)
    @abc.abstractmethod
    async def holders(self, sha256: str, limit: int) -> list[str]:
        """Up to ``limit`` live files whose content is the blob ``sha256``."""

    @abc.abstractmethod
    async def make_folder(self, path: str, user: str, parents: bool) -> Change: ...

    @abc.abstractmethod
    async def make_channel(self, path: str, user: str) -> Change:
        """A new channel (missing parent folders are created)."""

    # -- live objects (their node's version is their object id; see tree_live)
    @abc.abstractmethod
    async def live_create(self, path: str, first: LiveUpdate, user: str, overwrite: bool
                          ) -> Change:
        """A new live object at ``path`` (``first``'s object id and sequence are ignored):
        its node's version is its object id, its first version has sequence 1."""

    @abc.abstractmethod
    def live_append(self, path: str, take: Callable[[], tuple],
                    done: Callable[[bool, object], None]) -> None:
        """Add versions to the object at ``path``: ``take()``, called once the change runs
        (on the store's writer: whatever waits then goes in), gives ``(updates of one object,
        in order, the user who sent the last)``; they become its next versions (NotFound
        unless it is still the object ``updates[0].object_id``), numbered by the store
        (their sequences are ignored), in one change.  Older versions beyond the history
        bound are dropped.  ``done(True, what was stored)`` or ``done(False, the error)`` on
        the event loop, once committed.  ``take`` is not called when the change fails before
        it runs, and must give the same again when the change is run again (a lost race)."""

    @abc.abstractmethod
    async def live_latest(self, path: str) -> tuple[Optional[Node], Optional[LiveUpdate]]:
        """The live object at ``path`` (or whatever is there) and its newest version."""

    @abc.abstractmethod
    async def live_since(self, object_id: int, sequence: int) -> Optional[list[LiveUpdate]]:
        """The versions of ``object_id`` after ``sequence``, oldest first; None when the
        history no longer holds all of them."""

    @abc.abstractmethod
    async def put_asset(self, path: str, blob: BlobRef, user: str, overwrite: bool,
                        message: str = "", base: Optional[int] = None,
                        event: str = "full") -> Change:
        """Create or replace a file; missing parent folders are created.  A non-empty
        ``message`` also makes the new version a checkpoint with that message.  With
        ``base`` the file must exist at that version (else NotFound or Conflict): the new
        content was made from it (a delta update, told as ``event``)."""

    @abc.abstractmethod
    async def set_options(self, path: str, created_by: Optional[str], modified_by: Optional[str],
                          created_us: Optional[int], modified_us: Optional[int]) -> Change:
        """Set the authors and times of an item (those given); no new version."""

    # -- locks (writes, moves and deletes of an item locked by another user raise Locked)
    @abc.abstractmethod
    async def lock(self, path: str, owner: str, etag: str, duration_s: float) -> Change:
        """Lock a file for ``owner`` (again: renew); ``etag`` "0" or "" is the latest
        version, another etag than the latest raises Conflict."""

    @abc.abstractmethod
    async def unlock(self, path: str, owner: str, force: bool) -> Change: ...

    # -- versions and checkpoints
    @abc.abstractmethod
    async def checkpoint(self, path: str, user: str, message: str, force: bool) -> tuple[int, Change]:
        """Make the current version of a file a checkpoint; return its number.  Without
        ``force`` a version that already is a checkpoint keeps its number (no change)."""

    @abc.abstractmethod
    async def checkpoints(self, path: str) -> list[CheckpointInfo]: ...

    @abc.abstractmethod
    async def at_checkpoint(self, path: str, checkpoint: int) -> Optional[Node]:
        """The file as it was at one of its checkpoints."""

    @abc.abstractmethod
    async def restore(self, src: str, checkpoint: int, dst: str, user: str,
                      message: str = "") -> Change:
        """Make the content of ``src`` at ``checkpoint`` the new version of ``dst``."""

    @abc.abstractmethod
    async def delete(self, path: str, recursive: bool, user: str = "system") -> Change:
        """Move an item (and, when ``recursive``, what is below it) to the trash."""

    @abc.abstractmethod
    async def deleted(self, folder: str) -> list[Node]:
        """The items in the trash whose parent is ``folder`` (every deletion of each)."""

    @abc.abstractmethod
    async def trash_acls(self, paths: Iterable[str]) -> dict[str, AclMap]:
        """The explicit ACL entries stored with the item last deleted at each of ``paths``
        that is in the trash (an empty map when it had none)."""

    @abc.abstractmethod
    async def restorable(self, path: str) -> list[str]:
        """The trash paths :meth:`undelete` of ``path`` would bring back: the item, what was
        deleted with it below it, and deleted folders on the way."""

    @abc.abstractmethod
    async def trash_below(self, path: str) -> list[str]:
        """Every path at or below ``path`` that is in the trash."""

    @abc.abstractmethod
    async def undelete(self, path: str, user: str) -> Change:
        """Bring back the item last deleted at ``path`` with what was deleted with it
        below it, its checkpoints and ACLs; missing parents are brought back (or made)."""

    @abc.abstractmethod
    async def obliterate(self, path: str) -> Change:
        """Remove ``path`` and everything below it for good: live items and the trash."""

    # -- blob references: live items, deleted items and checkpoints reference blobs; the
    # store counts them in the transaction of each change (blob GC reads the counts)
    @abc.abstractmethod
    async def unreferenced_blobs(self, before_us: int, after: str, limit: int) -> list[str]:
        """Up to ``limit`` blobs, by name after ``after``, that nothing has referenced
        since before ``before_us``."""

    @abc.abstractmethod
    async def known_blobs(self, names: Iterable[str]) -> set[str]:
        """Those of ``names`` the store has counted (referenced now or before)."""

    @abc.abstractmethod
    async def forget_blobs(self, names: Iterable[str]) -> None:
        """Drop the counts of removed blobs that are still unreferenced."""

    @abc.abstractmethod
    async def copy(self, src: str, dst: str, user: str, overwrite: bool,
                   message: str = "") -> Change: ...

    @abc.abstractmethod
    async def move(self, src: str, dst: str, user: str) -> Change: ...

    # -- ACLs: explicit entries per path
    @abc.abstractmethod
    async def acls(self, paths: Iterable[str]) -> dict[str, AclMap]:
        """Explicit ACL entries of each of ``paths`` that has any."""

    def acls_now(self, paths: Iterable[str]) -> Optional[dict[str, AclMap]]:
        """:meth:`acls` of a few paths (one item's levels) for a caller on the event loop that
        cannot wait, as committed when this pass of the loop began; None when the store
        cannot read them without waiting."""
        return None

    @abc.abstractmethod
    async def granted_paths(self, principals: Iterable[str], bits: int) -> list[str]:
        """Paths with an explicit entry giving one of ``principals`` any of ``bits``."""

    @abc.abstractmethod
    async def set_acl(self, path: str, acl: AclMap) -> Change:
        """Replace the explicit ACL of ``path`` (which must exist)."""

    # -- users and groups
    @abc.abstractmethod
    async def add_user(self, name: str, password_hash: str, admin: bool) -> None: ...

    @abc.abstractmethod
    async def set_password(self, name: str, password_hash: str) -> None: ...

    @abc.abstractmethod
    async def get_user(self, name: str) -> Optional[User]: ...

    @abc.abstractmethod
    async def users(self) -> list[str]: ...

    @abc.abstractmethod
    async def groups(self) -> list[str]: ...

    @abc.abstractmethod
    async def group_members(self, group: str) -> list[str]: ...

    @abc.abstractmethod
    async def user_groups(self, user: str) -> list[str]: ...

    @abc.abstractmethod
    async def create_group(self, group: str) -> None: ...

    @abc.abstractmethod
    async def rename_group(self, group: str, new_name: str) -> None: ...

    @abc.abstractmethod
    async def remove_group(self, group: str) -> int:
        """Remove a group, its memberships and ACL entries; return how many rows changed."""

    @abc.abstractmethod
    async def add_member(self, group: str, user: str) -> None: ...

    @abc.abstractmethod
    async def remove_member(self, group: str, user: str) -> None: ...

    # -- tokens (stored by hash) and device codes
    @abc.abstractmethod
    async def put_token(self, token_hash: str, record: TokenRecord) -> None: ...

    @abc.abstractmethod
    async def get_token(self, token_hash: str) -> Optional[TokenRecord]: ...

    @abc.abstractmethod
    async def delete_token(self, token_hash: str) -> None: ...

    @abc.abstractmethod
    async def tokens(self, username: Optional[str] = None, hash_prefix: str = ""
                     ) -> list[tuple[str, TokenRecord]]:
        """``(hash, record)`` of the tokens (of ``username``, whose hash starts so)."""

    @abc.abstractmethod
    async def delete_logins(self, logins: Iterable[str]) -> int:
        """Delete every token of the sign-ins ``logins``; return how many went."""

    @abc.abstractmethod
    async def delete_user_tokens(self, username: str) -> int:
        """Delete every token of ``username``; return how many went."""

    @abc.abstractmethod
    async def live_logins(self, logins: Iterable[str]) -> set[str]:
        """Those of ``logins`` that still have a token."""

    @abc.abstractmethod
    async def signing_secret(self) -> bytes:
        """The secret every server process on this store signs its session tokens and
        download tickets with: made by the first to ask, then the same for all."""

    @abc.abstractmethod
    async def put_device_code(self, device_hash: str, code: DeviceCode) -> None: ...

    @abc.abstractmethod
    async def get_device_code(self, device_hash: str) -> Optional[DeviceCode]: ...

    @abc.abstractmethod
    async def approve_device_code(self, user_code: str, username: str, now_us: int) -> bool: ...

    @abc.abstractmethod
    async def delete_device_code(self, device_hash: str) -> None: ...


class Staging(abc.ABC):
    """A blob being assembled from parts that may arrive in any order."""

    @abc.abstractmethod
    async def write_at(self, offset: int, *pieces: bytes) -> None:
        """Write ``pieces``, one after the other, from ``offset``."""

    @abc.abstractmethod
    async def commit(self, size: int) -> BlobRef:
        """Make the first ``size`` bytes of the assembled content a durable blob."""

    @abc.abstractmethod
    async def discard(self) -> None: ...


class BlobStore(abc.ABC):
    """Content, addressed by SHA-256."""

    @abc.abstractmethod
    def open(self) -> None:
        """Prepare for use (and drop what a crash left half-written)."""

    @abc.abstractmethod
    def close(self) -> None: ...

    @abc.abstractmethod
    async def put(self, data: bytes) -> BlobRef:
        """Store ``data`` durably; return its address.  Content already held counts as
        new for :meth:`collect`'s grace period.  Content of at most INLINE_MAX bytes is not
        stored here: the answer carries it (``inline``) for the metadata store to keep."""

    @abc.abstractmethod
    async def read(self, sha256: str, offset: int = 0, length: Optional[int] = None) -> bytes: ...

    @abc.abstractmethod
    async def exists(self, sha256: str) -> Optional[BlobRef]:
        """The blob, if held (and then new again for :meth:`collect`'s grace period)."""

    @abc.abstractmethod
    async def patch(self, base: str, offset: int, data: bytes) -> BlobRef:
        """A new blob: blob ``base`` with ``data`` written at ``offset`` (extending it)."""

    @abc.abstractmethod
    async def remove(self, names: Iterable[str], grace_s: float) -> list[str]:
        """Remove those of ``names`` not stored or looked up in the last ``grace_s`` seconds
        (a blob being written is not referenced yet); return the names no longer held."""

    @abc.abstractmethod
    async def shard(self, index: int) -> list[str]:
        """The blobs of one of :attr:`SHARDS` parts of the store (for an incremental sweep)."""

    SHARDS = 256

    @abc.abstractmethod
    def staging(self) -> Staging: ...

    @abc.abstractmethod
    def local_path(self, sha256: str) -> Optional[Path]:
        """Where the blob lies on this machine, for zero-copy serving of LFT downloads;
        None for a remote store (LFT then streams :meth:`stream`)."""

    async def presigned_url(self, sha256: str, expires_s: int) -> Optional[str]:
        """A URL that reads the blob without further credentials for ``expires_s`` seconds,
        where the store can give one (LFT then redirects clients that accept it); None here."""
        return None

    async def stream(self, sha256: str, offset: int, length: int) -> AsyncIterator[bytes]:
        """``length`` bytes of the blob from ``offset``, a piece at a time."""
        end = offset + length
        while offset < end:
            piece = await self.read(sha256, offset, min(STREAM_PIECE, end - offset))
            if not piece:
                return
            yield piece
            offset += len(piece)
