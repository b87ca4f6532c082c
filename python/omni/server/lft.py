"""LFT: large file transfer over plain HTTP beside the ConnLib socket.

Upload: ``POST {lft}/content/`` opens an upload and answers its content id;
``PUT {lft}/content/`` with ``Content-ID``, ``Content-Start`` and
``Multipart-Chunk-Size`` writes one part (parts may come in parallel and in any
order); ``create_asset {content_id}`` on ConnLib then checks that the parts
cover the file without gaps, makes it a durable blob and names it.

Download: ``read_asset_version`` of a file above the threshold answers a
``uri_redirection`` to ``{lft}/content/<ticket>``, read with ``Range`` requests.

A GET that carries ``X-Omni-Accept-Presigned-Redirect: 1`` (our own client's extension,
docs/protocol.md) of content in an object store that can presign is answered, after the
same checks, by a ``307`` to a URL of the object valid for PRESIGNED_TTL_S seconds.
Clients that do not send it (NVIDIA's, which would send its session token on to the
object store) are streamed the content.

Every request must carry ``Authorization-Token``: the session token that
``authorize_token`` gave this client's ConnLib connection, here or on another server
process on the same store (tokens and tickets are signed: see :mod:`.signed`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import AsyncIterator, Dict, Optional

from aiohttp import web

from . import paths as P
from .acl import Principal
from .limits import Limits
from .signed import MAX_TOKEN, Signer
from .storage.base import INLINE_MAX, READ, WRITE, BlobRef, BlobStore, Staging
from .urls import LFT_PATH

ONE_READ_MAX = 2 << 20  # a download of a file up to this size is read at once, not streamed
# (held whole until the client took it: a slow client holds this much, not 64 KiB)

DOWNLOAD_TTL_S = 3600
PRESIGNED_TTL_S = 60  # life of a presigned URL a download is redirected to
ACCEPT_PRESIGNED = "X-Omni-Accept-Presigned-Redirect"
MAX_REQUEST_LINE = MAX_TOKEN + 1024  # a download's URL holds its (signed) ticket
MAX_OPEN_BODY = 1 << 16  # what is read of an upload's opening request
_WRITE_SIZE = 1 << 20  # bytes of a part gathered before they are written


class LftError(Exception):
    """An upload that cannot become a file; ``status`` is the omni1 status."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


@dataclass
class Upload:
    owner: str
    staging: Staging
    chunk_size: int
    created: float = field(default_factory=time.monotonic)
    parts: Dict[int, int] = field(default_factory=dict)  # offset -> size
    writing: int = 0


class Uploads:
    def __init__(self, blobs: BlobStore, chunk_size: int, max_size: int, limits: Limits):
        self.blobs = blobs
        self.chunk_size = chunk_size
        self.max_size = max_size
        self.limits = limits
        self._ids = itertools.count(secrets.randbelow(1 << 30) + 1000)
        self._uploads: Dict[int, Upload] = {}
        self._bytes: Dict[str, int] = {}  # user -> bytes of parts received or arriving

    def _charge(self, owner: str, size: int) -> None:
        held = self._bytes.get(owner, 0) + size
        if held > self.limits.lft_user_bytes:
            raise web.HTTPInsufficientStorage(text="upload quota reached")
        self._bytes[owner] = held

    def _refund(self, owner: str, size: int) -> None:
        held = self._bytes.get(owner, 0) - size
        if held > 0:
            self._bytes[owner] = held
        else:
            self._bytes.pop(owner, None)

    def open(self, owner: str) -> int:
        if sum(1 for u in self._uploads.values() if u.owner == owner) >= \
                self.limits.lft_user_uploads:
            raise web.HTTPTooManyRequests(text="too many open uploads")
        content_id = next(self._ids)
        self._uploads[content_id] = Upload(owner, self.blobs.staging(), self.chunk_size)
        return content_id

    def _get(self, content_id: int, owner: str) -> Optional[Upload]:
        upload = self._uploads.get(content_id)
        return upload if upload is not None and upload.owner == owner else None

    async def write_part(self, content_id: int, owner: str, start: int, length: int,
                         body: AsyncIterator[bytes]) -> None:
        """Write one part as it arrives; it counts only once all ``length`` bytes are in."""
        upload = self._get(content_id, owner)
        if upload is None:
            raise web.HTTPNotFound(text="unknown content id: not opened by this server "
                                        "process (see --lft-address in docs/server.md)")
        if start < 0 or start % upload.chunk_size or length > upload.chunk_size:
            raise web.HTTPBadRequest(text="part not aligned to the chunk size")
        if start + length > self.max_size:
            raise web.HTTPRequestEntityTooLarge(max_size=self.max_size, actual_size=start + length)
        # a part sent again no longer counts (its bytes are being overwritten) until it is in
        self._refund(owner, upload.parts.pop(start, 0))
        self._charge(owner, length)
        upload.writing += 1
        received = written = 0
        pending: list = []
        chunks = body.__aiter__()
        try:
            # The socket hands over ~64 KiB at a time: gather up to _WRITE_SIZE before each
            # write, which costs a hop to the storage thread (one vectored write, no copy).
            while True:
                try:  # a body that stalls loses its part (and lets the upload expire)
                    chunk = await asyncio.wait_for(chunks.__anext__(),
                                                   self.limits.lft_body_timeout)
                except StopAsyncIteration:
                    break
                except asyncio.TimeoutError:
                    raise web.HTTPRequestTimeout(text="the part's body stalled") from None
                if received + len(chunk) > length:
                    raise web.HTTPBadRequest(text="body longer than Content-Length")
                pending.append(chunk)
                received += len(chunk)
                if received - written >= _WRITE_SIZE:
                    await upload.staging.write_at(start + written, *pending)
                    pending.clear()
                    written = received
            if pending:
                await upload.staging.write_at(start + written, *pending)
            if received != length:
                raise web.HTTPBadRequest(text="body shorter than Content-Length")
        except BaseException:
            self._refund(owner, length)
            raise
        finally:
            upload.writing -= 1
        upload.parts[start] = length

    async def take(self, content_id: int, owner: str) -> BlobRef:
        """Turn a finished upload into a durable blob (the upload is gone afterwards)."""
        upload = self._get(content_id, owner)
        if upload is None or upload.writing:
            raise LftError("INVALID_CONTENT_ID")
        del self._uploads[content_id]
        self._refund(owner, sum(upload.parts.values()))
        offsets = sorted(upload.parts)
        if not offsets:  # nothing was uploaded: not an empty file
            await upload.staging.discard()
            raise LftError("CONTENT_LENGTH_MISMATCH")
        expected = 0
        for i, offset in enumerate(offsets):
            size = upload.parts[offset]
            last = i == len(offsets) - 1
            if offset != expected or (not last and size != upload.chunk_size):
                await upload.staging.discard()
                raise LftError("CONTENT_LENGTH_MISMATCH")
            expected = offset + size
        return await upload.staging.commit(expected)

    async def expire(self) -> None:
        limit = time.monotonic() - self.limits.lft_upload_ttl
        for content_id, upload in list(self._uploads.items()):
            if upload.created < limit and not upload.writing:
                del self._uploads[content_id]
                self._refund(upload.owner, sum(upload.parts.values()))
                await upload.staging.discard()

    async def close(self) -> None:
        for upload in self._uploads.values():
            await upload.staging.discard()
        self._uploads.clear()


@dataclass(frozen=True)
class Ticket:
    """A download of the content ``blob`` of ``path`` (at ``checkpoint``, if given)."""

    blob: str
    size: int
    owner: str
    expires: float
    path: str
    checkpoint: Optional[int]


class Downloads:
    """Download tickets: signed (see :mod:`.signed`), so any server process on the store
    takes a ticket another one made."""

    def __init__(self, signer: Signer) -> None:
        self.signer = signer

    def ticket(self, blob: str, size: int, owner: str, path: str,
               checkpoint: Optional[int]) -> str:
        return self.signer.sign({"b": blob, "s": size, "o": owner, "p": path,
                                 "c": checkpoint}, DOWNLOAD_TTL_S)

    def get(self, name: str) -> Optional[Ticket]:
        fields = self.signer.open(name)
        if fields is None:
            return None
        return Ticket(fields["b"], fields["s"], fields["o"], fields["x"], fields["p"], fields["c"])


async def _principal(request: web.Request) -> Principal:
    """Who sends the request: the bearer of its ``Authorization-Token``, a session open on
    this process or one a process on the same store signed."""
    bearer = await request.app["server"].bearer_of(request.headers.get("Authorization-Token", ""))
    if bearer is None:
        raise web.HTTPUnauthorized(text="no valid Authorization-Token")
    return bearer.principal


def _int_header(request: web.Request, *names: str) -> int:
    for name in names:
        value = request.headers.get(name)
        if value is not None:
            try:
                return int(value)
            except ValueError:
                raise web.HTTPBadRequest(text=f"{name} is not a number") from None
    raise web.HTTPBadRequest(text=f"missing {names[0]}")


async def _may_upload(request: web.Request, principal) -> bool:
    """Whether the user may write where the upload is going: the ``path`` the client
    names in the body (the original client does), else anywhere (``create_asset`` checks
    the destination again in any case)."""
    server = request.app["server"]
    try:
        path = json.loads(await request.content.read(MAX_OPEN_BODY)).get("path")
        path.encode("utf-8")  # no lone surrogates (UnicodeError is a ValueError)
        target = P.normalize(path).path
    except (ValueError, AttributeError, P.InvalidPath):
        target = None
    if target is not None:
        return bool(await server.acls.bits_one(principal, target) & WRITE)
    return principal.superuser or bool(await server.store.granted_paths(principal.names, WRITE))


async def open_upload(request: web.Request) -> web.Response:
    principal = await _principal(request)
    if not await _may_upload(request, principal):
        raise web.HTTPForbidden(text="no write permission there")
    content_id = request.app["server"].uploads.open(principal.name)
    return web.json_response({"content_id": str(content_id), "content_id_numeric": content_id})


async def put_part(request: web.Request) -> web.Response:
    principal = await _principal(request)
    uploads: Uploads = request.app["server"].uploads
    content_id = _int_header(request, "Content-ID-Numeric", "Content-ID")
    start = _int_header(request, "Content-Start")
    if "Multipart-Chunk-Size" in request.headers and \
            _int_header(request, "Multipart-Chunk-Size") != uploads.chunk_size:
        raise web.HTTPBadRequest(text="Multipart-Chunk-Size differs from the server's")
    if request.content_length is None:
        raise web.HTTPLengthRequired()
    if request.content_length > uploads.chunk_size:
        raise web.HTTPRequestEntityTooLarge(max_size=uploads.chunk_size,
                                            actual_size=request.content_length)
    try:
        # chunks as they came off the socket (iter_any would join those waiting: a copy)
        await uploads.write_part(content_id, principal.name, start, request.content_length,
                                 (chunk async for chunk, _ in request.content.iter_chunks()))
    except ConnectionResetError:  # the client went away mid-part: the part does not count
        raise web.HTTPBadRequest(text="connection lost") from None
    return web.Response(status=200)


async def download(request: web.Request) -> web.StreamResponse:
    """Ranged (or whole) GET of a blob: ``200``, ``206`` for the one ``Range`` asked, or
    ``416``."""
    principal = await _principal(request)
    server = request.app["server"]
    ticket = server.downloads.get(request.match_info["ticket"])
    if ticket is None or (ticket.owner != principal.name and not principal.superuser):
        raise web.HTTPNotFound()
    # rights and the file are checked when the URL is used: a revoked right or a deleted
    # or rewritten file ends the download, as it would end a read
    if not await server.acls.bits_one(principal, ticket.path) & READ:
        raise web.HTTPNotFound()
    node = (await server.store.get(ticket.path) if ticket.checkpoint is None
            else await server.store.at_checkpoint(ticket.path, ticket.checkpoint))
    if node is None or node.blob != ticket.blob:
        raise web.HTTPNotFound()
    # small content is kept by the metadata store, not in a file (LFT serves it only when
    # the threshold is below INLINE_MAX)
    content = await server.store.inline_content(ticket.blob) if ticket.size <= INLINE_MAX else None
    if content is not None:
        status, wanted, headers = _range(request, len(content))
        return web.Response(status=status, body=content[wanted.start:wanted.stop], headers=headers)
    local = server.blobs.local_path(ticket.blob)
    if local is not None and ticket.size <= ONE_READ_MAX:
        # one read in the blob store's thread and one write: FileResponse would take the loop
        # through an open, a read per 256 KiB and a close in the executor (uvloop has no sendfile)
        status, wanted, headers = _range(request, ticket.size)
        try:
            body = await server.blobs.read(ticket.blob, wanted.start, len(wanted))
        except FileNotFoundError:  # obliterated meanwhile
            raise web.HTTPNotFound() from None
        return web.Response(status=status, body=body, headers=headers)
    if local is not None:
        return web.FileResponse(local, headers={"Content-Type": "application/octet-stream"})
    if request.headers.get(ACCEPT_PRESIGNED) == "1":
        url = await server.blobs.presigned_url(ticket.blob, PRESIGNED_TTL_S)
        if url is not None:  # no body: a client's data callback would take it for content
            return web.Response(status=307, headers={"Location": url, "Cache-Control": "no-store"})
    # a remote blob store: the content passes through, a piece at a time
    status, wanted, headers = _range(request, ticket.size)
    response = web.StreamResponse(status=status, headers=headers)
    response.content_length = len(wanted)
    await response.prepare(request)
    async for piece in server.blobs.stream(ticket.blob, wanted.start, len(wanted)):
        await response.write(piece)
    await response.write_eof()
    return response


def _range(request: web.Request, size: int) -> tuple:
    """``(status, range of bytes, headers)`` of the answer to a GET of ``size`` bytes, as
    FileResponse answers for a file: whole, the one ``Range`` asked (206), or 416 when that
    range is invalid or holds nothing."""
    headers = {"Content-Type": "application/octet-stream", "Accept-Ranges": "bytes"}
    if "Range" not in request.headers:
        return 200, range(size), headers
    try:
        wanted = range(size)[request.http_range]
    except ValueError:
        wanted = range(0)
    if not wanted or wanted.step != 1:
        raise web.HTTPRequestRangeNotSatisfiable(headers={"Content-Range": f"bytes */{size}"})
    headers["Content-Range"] = f"bytes {wanted.start}-{wanted.stop - 1}/{size}"
    return 206, wanted, headers


def add_routes(app: web.Application) -> None:
    app.router.add_post(f"{LFT_PATH}/content/", open_upload)
    # a live object's content (live_create, live_update): then create_/update_object
    app.router.add_post(f"{LFT_PATH}/object/", open_upload)
    app.router.add_patch(f"{LFT_PATH}/content/", open_upload)
    app.router.add_put(f"{LFT_PATH}/content/", put_part)
    app.router.add_get(LFT_PATH + "/content/{ticket}", download)


async def expire_loop(uploads: Uploads) -> None:
    while True:
        await asyncio.sleep(min(60.0, uploads.limits.lft_upload_ttl / 2))
        await uploads.expire()
