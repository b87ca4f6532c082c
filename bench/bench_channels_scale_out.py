"""Channel messages between two members on one server process vs on two processes of one
PostgreSQL store, in one run.

    python bench/bench_channels_scale_out.py [--messages 2000] [--size 1024] [--paced 300]
                                             [--rate 100] [--rounds 3]

Starts a throw-away PostgreSQL cluster (tests/cloud_servers) and two server processes on it
(content in one shared folder). Members are raw omni1 connections (tests/server's protocol
client) in this process, a fresh channel per case; rounds alternate the two placements and
the figures are medians over rounds:

- throughput: the sender pipelines --messages of --size bytes; messages per second from the
  first send to the last arrival;
- latency: --paced messages at --rate per second; send to arrival, p50 and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "python"), str(ROOT / "tests"), str(ROOT / "tests" / "server")]

from cloud_servers.postgres import postgres_cluster  # noqa: E402
from omni.server.channels import encode_header  # noqa: E402
from omni.server.testing import start_server  # noqa: E402
from omni1_test_client import Omni  # noqa: E402  (tests/server: our protocol test client)

channel_ids = itertools.count(1)


async def member(srv, path: str):
    """A connection reading the channel ``path`` through ``srv``: (client, connection,
    read's request id), once the server's own join has come."""
    client = Omni(srv.ws_url, srv.http_url)
    conn = await client.connect(srv.admin_user, srv.admin_password)
    await conn.call("create", uri=path, type=3)
    rid = conn.start("read", uri=path)
    await conn.next(rid, "read")
    return client, conn, rid


@contextlib.asynccontextmanager
async def pair(sender_srv, receiver_srv):
    """A sender and a receiver on a channel of their own, once they have met."""
    path = f"/bench/c{next(channel_ids)}.channel"
    sender = await member(sender_srv, path)
    receiver = await member(receiver_srv, path)
    try:
        await receiver[1].next(receiver[2], "read", timeout=30)  # the sender's pong
        await sender[1].next(sender[2], "read", timeout=30)  # the receiver's join
        yield path, sender[1], receiver[1], receiver[2]
    finally:
        await sender[0].close()
        await receiver[0].close()


def tail(conn, i: int, size: int) -> bytes:
    return encode_header({"from": conn.auth["connection_id"], "id": [i, 0], "type": "regular"},
                         b"x" * size)


async def throughput(sender_srv, receiver_srv, count: int, size: int) -> float:
    async with pair(sender_srv, receiver_srv) as (path, a, b, rb):
        tails = [tail(a, i, size) for i in range(count)]
        start = time.perf_counter()
        sent = [a.start("update", tail=t, uri=path) for t in tails]
        for _ in tails:
            await b.next(rb, "read", timeout=60)
        elapsed = time.perf_counter() - start
        for rid in sent:
            await a.next(rid, "update")
        return count / elapsed


async def latency(sender_srv, receiver_srv, count: int, rate: float) -> list:
    async with pair(sender_srv, receiver_srv) as (path, a, b, rb):
        sent_at, arrived = {}, {}

        async def receive() -> None:
            for _ in range(count):
                _, got = await b.next(rb, "read", timeout=60)
                arrived[json.loads(got.split(b"\0", 1)[0])["id"][0]] = time.perf_counter()
        receiving = asyncio.ensure_future(receive())
        calls = []
        start = time.perf_counter()
        for i in range(count):
            sent_at[i] = time.perf_counter()
            calls.append(asyncio.ensure_future(a.call("update", tail=tail(a, i, 100), uri=path)))
            await asyncio.sleep(max(0.0, start + (i + 1) / rate - time.perf_counter()))
        await receiving
        await asyncio.gather(*calls)
        return sorted(arrived[i] - sent_at[i] for i in range(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--paced", type=int, default=300)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, postgres_cluster() as pg, \
            contextlib.ExitStack() as stack:
        storage = ("--store", pg.new_database(), "--blobs", f"file://{tmp}/blobs")
        one, two = (start_server(Path(tmp) / name, storage_args=storage) for name in ("a", "b"))
        stack.callback(one.stop)
        stack.callback(two.stop)
        placements = {"one process": (one, one), "two processes": (one, two)}
        rates = {name: [] for name in placements}
        delays = {name: [] for name in placements}
        for _ in range(args.rounds):
            for name, (s, r) in placements.items():
                rates[name].append(asyncio.run(throughput(s, r, args.messages, args.size)))
                delays[name].append(asyncio.run(latency(s, r, args.paced, args.rate)))
        print(f"{args.messages} messages of {args.size} B back to back; {args.paced} of 100 B at "
              f"{args.rate:g}/s; median of {args.rounds} rounds (each round's in brackets)")
        for name in placements:
            p50 = [d[len(d) // 2] * 1000 for d in delays[name]]
            p99 = [d[int(len(d) * 0.99)] * 1000 for d in delays[name]]
            print(f"{name:<14} {statistics.median(rates[name]):8.0f} msg/s "
                  f"{[round(x) for x in rates[name]]}   latency p50 "
                  f"{statistics.median(p50):6.1f} ms {[round(x, 1) for x in p50]}  p99 "
                  f"{statistics.median(p99):6.1f} ms")
        same, across = (statistics.median(rates[n]) for n in placements)
        print(f"throughput across / same: {across / same:.2f}x")


if __name__ == "__main__":
    main()
