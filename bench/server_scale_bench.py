"""Benchmark of several server processes on one PostgreSQL database and one S3 bucket.

    python bench/server_scale_bench.py [--seconds 3] [--rounds 3] [--clients 24]

Starts a throw-away PostgreSQL cluster and moto's S3 server (tests/cloud_servers), then three
server processes on one database and one bucket, and measures side by side (A B A B ...,
bench/harness.py), with our own protocol client (tests/server) on the wire:

- durable 4 KiB writes/s (create_asset, new content each time) and stats/s (stat2) of
  --clients concurrent connections, one request at a time each, spread over the 3 processes
  vs all on 1 (the load runs in 3 client processes);
- 64 MiB LFT write (parallel parts, then create_asset) and read (read_asset_version, then
  the GET of its uri_redirection, streamed by the server as NVIDIA's client gets it) through
  the S3 blob store vs the same bytes put and got with boto3 directly on the S3 server
  (upload_fileobj and download_fileobj, multipart);
- the 64 MiB read as our users get it, omni.client.read_file (the extension built into
  python/omni/client): its LFT GETs accept a 307 to a presigned URL of the object, which
  they follow to the bucket; vs boto3 the same.  moto's signature checks cannot take a
  presigned URL, so they are off for this pair (tests/cloud_servers MotoS3).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "python"), str(ROOT / "tests"), str(ROOT / "tests" / "server"),
                str(Path(__file__).parent)]

import aiohttp  # noqa: E402

from cloud_servers.postgres import SharedStore, postgres_cluster  # noqa: E402
from cloud_servers.servers import moto_server  # noqa: E402
from harness import compare  # noqa: E402
from omni.server.testing import start_server  # noqa: E402
from omni1_test_client import Omni  # noqa: E402  (tests/server: our protocol test client)

BIG = 64 << 20
CLIENT_PROCESSES = 3


# -- the load: one client process, ``conns`` connections over the servers given

async def load(urls: list, user: str, password: str, mode: str, seconds: float, start_at: float,
               conns: int, worker: int) -> int:
    clients, sessions = [], []
    for i in range(conns):
        ws, http = urls[(worker + i * CLIENT_PROCESSES) % len(urls)]
        client = Omni(ws, http)
        clients.append(client)
        sessions.append(await client.connect(user, password))
    names = itertools.count()
    await sessions[0].call("create_asset", tail=b"s", path={"path": "/scale/stat"}, overwrite=True)
    await asyncio.sleep(max(0.0, start_at - time.time()))
    end = time.time() + seconds

    async def one(conn, i):
        done = 0
        while time.time() < end:
            if mode == "write":
                n = next(names)
                answer, _ = await conn.call("create_asset", tail=os.urandom(16) + bytes(4080),
                                            path={"path": f"/scale/w{worker}/{i}/{n}"},
                                            overwrite=True)
            else:
                answer, _ = await conn.call("stat2", path={"path": "/scale/stat"})
            assert answer["status"] == "OK", answer
            done += 1
        return done
    total = sum(await asyncio.gather(*(one(c, i) for i, c in enumerate(sessions))))
    for client in clients:
        await client.close()
    return total


def run_load(servers: list, mode: str, clients: int, seconds: float) -> float:
    """``clients`` connections in CLIENT_PROCESSES processes over ``servers``: ops/s."""
    urls = json.dumps([(s.ws_url, s.http_url) for s in servers])
    start_at = time.time() + 3.0  # every connection is made first
    per = clients // CLIENT_PROCESSES
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", urls, servers[0].admin_user,
                               servers[0].admin_password, mode, str(seconds), str(start_at),
                               str(per), str(w)], stdout=subprocess.PIPE, text=True)
             for w in range(CLIENT_PROCESSES)]
    done = 0
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"load worker failed ({mode})")
        done += int(out.strip().splitlines()[-1])
    return done / seconds


# -- 64 MiB through LFT and the S3 blob store, and with boto3 directly

class Lft:
    def __init__(self, srv):
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self._open(srv))
        self.data = bytearray(os.urandom(BIG))

    async def _open(self, srv) -> None:
        self.client = Omni(srv.ws_url, srv.http_url)
        self.conn = await self.client.connect(srv.admin_user, srv.admin_password)
        self.http = aiohttp.ClientSession(headers={"Authorization-Token": self.conn.auth["token"]})

    async def _write(self) -> None:
        self.data[:16] = os.urandom(16)  # new content each time
        base, chunk = self.conn.auth["lft_address"], self.conn.auth["multipart_chunk_size"]
        async with self.http.post(f"{base}/content/", data=b'{"path": "/big.bin"}') as resp:
            cid = (await resp.json())["content_id_numeric"]

        async def part(offset):
            async with self.http.put(f"{base}/content/", data=bytes(self.data[offset:offset + chunk]),
                                     headers={"Content-ID": str(cid), "Content-Start": str(offset),
                                              "Multipart-Chunk-Size": str(chunk)}) as resp:
                assert resp.status == 200
        await asyncio.gather(*(part(o) for o in range(0, BIG, chunk)))
        answer, _ = await self.conn.call("create_asset", tail=b"", path={"path": "/big.bin"},
                                         content_id=cid, overwrite=True)
        assert answer["status"] == "OK", answer

    async def _read(self) -> None:
        answer, _ = await self.conn.call("read_asset_version", path={"path": "/big.bin"})
        async with self.http.get(answer["uri_redirection"]) as resp:
            got = 0
            async for piece in resp.content.iter_chunked(1 << 20):
                got += len(piece)
        assert got == BIG

    def rate(self, step):
        def measure():
            t0 = time.perf_counter()
            self.loop.run_until_complete(step())
            return BIG / (time.perf_counter() - t0) / 1e6
        return measure

    def close(self):
        self.loop.run_until_complete(self.http.close())
        self.loop.run_until_complete(self.client.close())
        self.loop.close()


class ClientRead:
    """omni.client.read_file of the file Lft wrote, logged in as the server's admin."""

    def __init__(self, srv, token_cache: str):
        import omni.client
        os.environ["OMNI_CLIENT_TOKEN_CACHE"] = token_cache  # no refresh token in the home folder
        self.client = omni.client
        self.url = f"{srv.url}/big.bin"
        self._auth = omni.client.register_authentication_callback(
            lambda url: (srv.admin_user, srv.admin_password))
        self.failed: list = []
        omni.client.set_log_callback(self._on_log)

    def _on_log(self, thread, component, level, message) -> None:
        if message.startswith("Presigned download failed"):  # the server streamed it instead
            self.failed.append(message)

    def rate(self) -> float:
        t0 = time.perf_counter()
        result, _, content = self.client.read_file(self.url)
        seconds = time.perf_counter() - t0
        assert result == self.client.Result.OK and len(memoryview(content)) == BIG, result
        if self.failed:
            raise RuntimeError(f"not read through the redirect: {self.failed[0]}")
        return BIG / seconds / 1e6

    def close(self) -> None:
        self.client.set_log_callback(None)
        del self._auth


def boto3_rates(moto, bucket: str):
    s3 = moto.client()
    data = bytearray(os.urandom(BIG))

    def write():
        data[:16] = os.urandom(16)
        t0 = time.perf_counter()
        s3.upload_fileobj(io.BytesIO(data), bucket, "direct/big.bin")
        return BIG / (time.perf_counter() - t0) / 1e6

    def read():
        sink = io.BytesIO()
        t0 = time.perf_counter()
        s3.download_fileobj(bucket, "direct/big.bin", sink)
        assert len(sink.getbuffer()) == BIG
        return BIG / (time.perf_counter() - t0) / 1e6
    return write, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--cases", default="load,lft", help="load (3 processes vs 1), lft")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, postgres_cluster() as pg, moto_server() as moto, \
            contextlib.ExitStack() as stack:
        shared = SharedStore(pg.new_database(), moto.new_bucket(), moto)
        servers = []
        for i in range(3):
            srv = start_server(Path(tmp) / f"s{i}", storage_args=shared.args, env=shared.env)
            stack.callback(srv.stop)
            servers.append(srv)
        print(f"{args.clients} connections, one request at a time each; 3 server processes vs 1, "
              "on one PostgreSQL database and one S3 bucket (moto)")
        for mode, label in (("write", "durable 4 KiB writes/s"), ("stat", "stats/s")):
            if "load" not in args.cases:
                break
            compare(label, lambda mode=mode: run_load(servers, mode, args.clients, args.seconds),
                    lambda mode=mode: run_load(servers[:1], mode, args.clients, args.seconds),
                    rounds=args.rounds, case_label="3 processes", baseline_label="1 process")
        if "lft" not in args.cases:
            return
        lft = Lft(servers[0])
        stack.callback(lft.close)
        lft.loop.run_until_complete(lft._write())  # the file the reads read
        boto_write, boto_read = boto3_rates(moto, shared.bucket)
        compare("64 MiB LFT write, MB/s", lft.rate(lft._write), boto_write, rounds=args.rounds,
                case_label="server+S3", baseline_label="boto3 direct", unit="MB/s")
        compare("64 MiB LFT read, MB/s", lft.rate(lft._read), boto_read, rounds=args.rounds,
                case_label="server+S3", baseline_label="boto3 direct", unit="MB/s")
        reader = ClientRead(servers[0], tmp)
        stack.callback(reader.close)
        with moto.signature_checks_off():
            compare("64 MiB read_file, redirected, MB/s", reader.rate, boto_read,
                    rounds=args.rounds, case_label="omni.client", baseline_label="boto3 direct",
                    unit="MB/s")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        urls, user, password, mode, seconds, start_at, conns, worker = sys.argv[2:]
        print(asyncio.run(load(json.loads(urls), user, password, mode, float(seconds),
                               float(start_at), int(conns), int(worker))))
    else:
        main()
