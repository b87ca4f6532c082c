"""Benchmark of our content server with NVIDIA's original client (version
2.75.1, --original's interpreter or the interop tests' virtualenv) as the load.

    python bench/server_bench.py [--original PYTHON] [--seconds 3] [--rounds 3] [--clients 8]

Prints, for 1 client and for --clients concurrent clients (separate processes):
blocking stat, list (100 entries), 4 KiB read and 4 KiB write per second (the
original client answers stat and list from its cache, kept fresh by our events,
so the same is also measured on the wire: blocking stat2 and 4 KiB create_asset
calls of our own protocol client on 1 and --clients connections); then
64 MiB write and read through LFT in MB/s, side by side (A B A B ...) with the
same transfers as plain HTTP against an aiohttp static-file server in this run
(the limit), and their ratios; and our LFT download fetched with the baseline's own
HTTP client, which tells the server's share from the client's.  Medians over --rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "python"), str(ROOT / "tests" / "server"), str(Path(__file__).parent)]

from aiohttp import web  # noqa: E402

from harness import original_python  # noqa: E402
from omni.server.testing import running_server  # noqa: E402
from omni1_test_client import Omni  # noqa: E402  (tests/server: our protocol test client)

WORKER = Path(__file__).with_name("server_client_ops.py")
BIG = 64 << 20
MB = 1e6


def run_workers(python, srv, mode, clients, seconds):
    """Start ``clients`` worker processes together; return total ops/s and bytes/s."""
    start_at = time.time() + 3.0  # time for every worker to connect first
    env = {**os.environ, "OMNICLIENT_HUB_MODE": "disabled"}
    procs = [subprocess.Popen([str(python), str(WORKER), srv.url, srv.admin_user,
                               srv.admin_password, mode, str(seconds), str(start_at), str(w)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(clients)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"worker {mode} failed: {err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    if mode == "setup":
        return 0.0, 0.0
    span = max(r["seconds"] for r in results)
    return sum(r["ops"] for r in results) / span, sum(r["bytes"] for r in results) / span


def wire_rate(srv, mode: str, connections: int, seconds: float) -> float:
    """Blocking calls per second on ``connections`` ConnLib connections of our own
    protocol client (the server's own rate, without the original client's cache)."""
    async def one(conn, n, stop):
        count = 0
        data = os.urandom(4096)
        while not stop.is_set():
            if mode == "stat2":
                answer, _ = await conn.call("stat2", path={"path": f"/bench/list100/f{count % 100:03}"})
            else:
                answer, _ = await conn.call("create_asset", tail=data, overwrite=True,
                                            path={"path": f"/bench/wire{n}/f{count % 1000}"})
            assert answer["status"] == "OK", answer
            count += 1
        return count

    async def run():
        clients = [Omni(srv.ws_url, srv.http_url) for _ in range(connections)]
        try:
            conns = [await c.connect(srv.admin_user, srv.admin_password) for c in clients]
            stop = asyncio.Event()
            tasks = [asyncio.ensure_future(one(c, n, stop)) for n, c in enumerate(conns)]
            t0 = time.perf_counter()
            await asyncio.sleep(seconds)
            stop.set()
            counts = await asyncio.gather(*tasks)
            return sum(counts) / (time.perf_counter() - t0)
        finally:
            for c in clients:
                await c.close()
    return asyncio.run(run())


class StaticServer:
    """The baseline: aiohttp serving a file (GET) and taking an upload (PUT) that is
    written and fsync'd, as a durable store must."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait()

    def _run(self):
        asyncio.set_event_loop(self._loop)

        async def put(request):
            target = self.folder / "upload.tmp"
            with open(target, "wb") as f:
                async for chunk in request.content.iter_chunked(1 << 20):
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            os.replace(target, self.folder / "uploaded.bin")
            return web.Response()

        app = web.Application(client_max_size=BIG * 2)
        app.router.add_put("/upload", put)
        app.router.add_static("/files", self.folder)
        runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def put(self, data: bytes) -> float:
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        t0 = time.perf_counter()
        conn.request("PUT", "/upload", body=data)
        assert conn.getresponse().read() == b""
        return len(data) / (time.perf_counter() - t0)

    def get(self, name: str) -> float:
        return http_get(f"http://127.0.0.1:{self.port}/files/{name}", {})


def http_get(url: str, headers: dict) -> float:
    host, _, path = url.removeprefix("http://").partition("/")
    conn = http.client.HTTPConnection(host)
    t0 = time.perf_counter()
    conn.request("GET", "/" + path, headers=headers)
    body = conn.getresponse().read()
    rate = len(body) / (time.perf_counter() - t0)
    assert len(body) == BIG
    return rate


def lft_read_plain(srv) -> float:
    """Our LFT download of the 64 MiB file, fetched with the baseline's HTTP client."""
    async def run():
        client = Omni(srv.ws_url, srv.http_url)
        try:
            conn = await client.connect(srv.admin_user, srv.admin_password)
            answer, _ = await conn.call("read", uri="/bench/big0.bin")
            headers = {"Authorization-Token": conn.auth["token"]}
            return await asyncio.get_running_loop().run_in_executor(
                None, http_get, answer["uri_redirection"], headers)
        finally:
            await client.close()
    return asyncio.run(run())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--original", help="python of a virtualenv with the original client 2.75.1 "
                                           "(default: the interop tests' virtualenv)")
    args = parser.parse_args()
    python = original_python(args.original)
    with tempfile.TemporaryDirectory() as tmp, running_server() as srv:
        base = StaticServer(Path(tmp))
        data = os.urandom(BIG)
        (Path(tmp) / "big.bin").write_bytes(data)
        run_workers(python, srv, "setup", 1, 0)
        print(f"server {srv.url}, original client 2.75.1 ({python}), "
              f"{os.cpu_count()} cores; medians of {args.rounds} rounds")
        print(f"{'operation':<28}{'1 client':>14}{f'{args.clients} clients':>16}")
        for mode, label in [("stat", "stat /s"), ("list", "list (100 entries) /s"),
                            ("read4k", "read 4 KiB /s"), ("write4k", "write 4 KiB /s")]:
            row = []
            for clients in (1, args.clients):
                rates = [run_workers(python, srv, mode, clients, args.seconds)[0]
                         for _ in range(args.rounds)]
                row.append(statistics.median(rates))
            print(f"{label:<28}{row[0]:>14,.0f}{row[1]:>16,.0f}")
        for mode, label in [("stat2", "stat2 on the wire /s"),
                            ("create_asset", "4 KiB create_asset wire /s")]:
            row = [statistics.median(wire_rate(srv, mode, clients, args.seconds)
                                     for _ in range(args.rounds))
                   for clients in (1, args.clients)]
            print(f"{label:<28}{row[0]:>14,.0f}{row[1]:>16,.0f}")
        lft = {"big_write": [], "big_read": [], "plain_read": []}
        plain = {"big_write": [], "big_read": [], "plain_read": []}
        for _ in range(args.rounds):  # A B A B ...
            lft["big_write"].append(run_workers(python, srv, "big_write", 1, 0.1)[1])
            plain["big_write"].append(base.put(data))
            lft["big_read"].append(run_workers(python, srv, "big_read", 1, 0.1)[1])
            plain["big_read"].append(base.get("big.bin"))
            lft["plain_read"].append(lft_read_plain(srv))
            plain["plain_read"].append(base.get("big.bin"))
        print(f"{'64 MiB transfer':<28}{'LFT MB/s':>14}{'plain HTTP MB/s':>16}{'ratio':>8}")
        for mode, label in [("big_write", "write (original client)"),
                            ("big_read", "read (original client)"),
                            ("plain_read", "read (LFT URL, http.client)")]:
            a, b = statistics.median(lft[mode]) / MB, statistics.median(plain[mode]) / MB
            print(f"{label:<28}{a:>14,.1f}{b:>16,.1f}{a / b:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
