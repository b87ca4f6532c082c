"""Content in an S3-compatible object store: ``<prefix>/<sha[:2]>/<sha>`` in one bucket.

boto3 runs on a pool of threads.  Content arrives as it does for the local blob folder (a
staged temporary file, hashed while its parts arrive, :class:`~.blobs.LocalStaging`); a
blob is stored once its upload (multipart for large content) has completed, which S3
acknowledges only once the object is durable.  Credentials and region come from the
standard AWS environment variables and files.

Blob GC's grace period reads an object's LastModified: storing content the bucket holds
already, or naming it by its hash, copies the object onto itself to make it new again.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import io
import os
import secrets
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import AsyncIterator, Optional

from .base import INLINE_MAX, BlobRef, BlobStore, StoreError
from .blobs import LocalStaging, _is_sha256, patch_file

PART_SIZE = 16 << 20  # multipart upload part (and the size above which uploads go in parts)
# Bytes per ranged GET of a streamed blob: the LFT part clients ask for (the server's 8 MiB
# multipart_chunk_size), so that each part costs one GET; also the range AWS advises and boto3
# downloads in.  A GET has a fixed cost (moto's reads the whole object: with 4 MiB ranges the
# 64 MiB LFT read made twice boto3's GETs and reached 0.6-0.7x of it, 8 MiB brings it level).
RANGE_GET = 8 << 20
READ_AHEAD = 4  # ranged GETs in flight while a blob is streamed


class S3BlobStore(BlobStore):
    durable_staging = False  # the uploaded object is the durable copy, not the staged file

    def __init__(self, bucket: str, prefix: str = "", endpoint: Optional[str] = None,
                 threads: int = 8, inline_max: int = INLINE_MAX):
        self.bucket, self.prefix, self.endpoint = bucket, prefix.strip("/"), endpoint
        self.inline_max = inline_max
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="s3")
        self._client = None
        self._transfer = None
        self.tmp_dir: Optional[Path] = None

    def open(self) -> None:
        try:
            import boto3
            from boto3.s3.transfer import TransferConfig
            from botocore.config import Config
        except ImportError:
            raise StoreError("an s3:// blob store needs boto3: pip install "
                             "'omni-client-open[s3]'") from None
        # SigV4 for presigned URLs too (boto3 signs those with the retired SigV2 otherwise)
        self._client = boto3.client("s3", endpoint_url=self.endpoint, config=Config(
            max_pool_connections=32, retries={"mode": "standard"}, signature_version="s3v4"))
        self._transfer = TransferConfig(multipart_threshold=PART_SIZE,
                                        multipart_chunksize=PART_SIZE, max_concurrency=8)
        self.tmp_dir = Path(tempfile.mkdtemp(prefix="omni-s3-staging-"))

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        if self.tmp_dir is not None:
            shutil.rmtree(self.tmp_dir, ignore_errors=True)

    def _key(self, sha256: str) -> str:
        return f"{self.prefix}/{sha256[:2]}/{sha256}" if self.prefix else f"{sha256[:2]}/{sha256}"

    def local_path(self, sha256: str) -> Optional[Path]:
        return None

    def _tmp_path(self) -> Path:
        return self.tmp_dir / secrets.token_hex(12)

    async def _run(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def _drop(self, tmp: Path) -> None:
        self._pool.submit(tmp.unlink, missing_ok=True)

    def _head(self, sha256: str) -> Optional[dict]:
        from botocore.exceptions import ClientError
        try:
            return self._client.head_object(Bucket=self.bucket, Key=self._key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def _held(self, sha256: str) -> Optional[dict]:
        """The blob's HEAD if the bucket holds it; it is then made new (blob GC's grace)."""
        head = self._head(sha256)
        if head is not None:
            key = self._key(sha256)
            self._client.copy_object(Bucket=self.bucket, Key=key, MetadataDirective="REPLACE",
                                     CopySource={"Bucket": self.bucket, "Key": key},
                                     Metadata={"used": str(int(time.time()))})
        return head

    def _publish(self, tmp: Path, sha256: str) -> None:
        try:
            self._client.upload_file(str(tmp), self.bucket, self._key(sha256),
                                     Config=self._transfer)
        finally:
            tmp.unlink(missing_ok=True)

    def _put_sync(self, data: bytes) -> BlobRef:
        sha = hashlib.sha256(data).hexdigest()
        if not self._held(sha):
            self._client.upload_fileobj(io.BytesIO(data), self.bucket, self._key(sha),
                                        Config=self._transfer)
        return BlobRef(sha, len(data))

    async def put(self, data: bytes) -> BlobRef:
        if len(data) <= self.inline_max:
            return BlobRef(hashlib.sha256(data).hexdigest(), len(data), inline=bytes(data))
        return await self._run(self._put_sync, data)

    def _read_sync(self, sha256: str, offset: int, length: Optional[int]) -> bytes:
        if length == 0:
            return b""
        from botocore.exceptions import ClientError
        wanted = f"bytes={offset}-" + ("" if length is None else str(offset + length - 1))
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=self._key(sha256),
                                             Range=wanted)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "InvalidRange":  # past the end
                return b""
            raise
        return answer["Body"].read()

    async def read(self, sha256: str, offset: int = 0, length: Optional[int] = None) -> bytes:
        return await self._run(self._read_sync, sha256, offset, length)

    async def stream(self, sha256: str, offset: int, length: int) -> AsyncIterator[bytes]:
        """Ranged GETs of RANGE_GET bytes, READ_AHEAD of them in flight: the next pieces
        come from the bucket while one goes to the client."""
        starts = iter(range(offset, offset + length, RANGE_GET))
        end = offset + length
        pending: collections.deque = collections.deque()

        def more() -> None:
            start = next(starts, None)
            if start is not None:
                pending.append(asyncio.ensure_future(
                    self.read(sha256, start, min(RANGE_GET, end - start))))
        try:
            for _ in range(READ_AHEAD):
                more()
            while pending:
                piece = await pending.popleft()
                more()
                if not piece:
                    return
                yield piece
        finally:  # the client went away: the reads under way are not needed
            for fut in pending:
                fut.cancel()

    async def presigned_url(self, sha256: str, expires_s: int) -> Optional[str]:
        # signed locally (no request to the bucket), for a GET only, with the server's key
        return await self._run(lambda: self._client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self._key(sha256)},
            ExpiresIn=expires_s))

    async def exists(self, sha256: str) -> Optional[BlobRef]:
        if not _is_sha256(sha256):
            return None

        def run():
            head = self._held(sha256)
            return BlobRef(sha256, head["ContentLength"]) if head is not None else None
        return await self._run(run)

    def _patch_sync(self, base: str, offset: int, data: bytes) -> BlobRef:
        source, tmp = self._tmp_path(), self._tmp_path()
        try:
            self._client.download_file(self.bucket, self._key(base), str(source),
                                       Config=self._transfer)
            ref = patch_file(source, tmp, offset, data)
        finally:
            source.unlink(missing_ok=True)
        if self._held(ref.sha256):
            tmp.unlink()
        else:
            self._publish(tmp, ref.sha256)
        return ref

    async def patch(self, base: str, offset: int, data: bytes) -> BlobRef:
        return await self._run(self._patch_sync, base, offset, data)

    def _remove_sync(self, names: list, grace_s: float) -> list:
        cutoff = time.time() - grace_s
        absent = []
        for name in names:
            head = self._head(name)
            if head is not None:
                if head["LastModified"].timestamp() > cutoff:  # stored or used again lately
                    continue
                self._client.delete_object(Bucket=self.bucket, Key=self._key(name))
            absent.append(name)
        return absent

    async def remove(self, names, grace_s: float) -> list:
        return await self._run(self._remove_sync, [n for n in names if _is_sha256(n)], grace_s)

    def _shard_sync(self, index: int) -> list:
        folder = self._key(f"{index:02x}")[:-2]  # "<prefix>/<xx>/"
        names = []
        for page in self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=folder):
            names += [os.path.basename(o["Key"]) for o in page.get("Contents", ())]
        return [n for n in names if _is_sha256(n)]

    async def shard(self, index: int) -> list:
        return await self._run(self._shard_sync, index)

    def staging(self) -> LocalStaging:
        return LocalStaging(self)
