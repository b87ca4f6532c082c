"""Legitimate clients working while wrong passwords are guessed (issue 14, item 6).

    python bench/server_login_flood.py [--clients 8] [--guesses 128] [--seconds 5] [--rounds 3]

One server; --clients signed-in connections (our protocol client, tests/server) each do a
4 KiB create_asset + stat2 + read_asset_version of their own file, one request at a time.
Each round measures the latency of every operation for --seconds with nobody guessing
(quiet), then for --seconds while --guesses wrong-password Credentials.auth requests are
in flight at all times (each answer is followed by another guess), from another loopback
address (127.0.0.2) as a guesser would come from elsewhere, against one user and against
many user names in turn.  It prints the p50/p99 of the operations, quiet and flooded, their
ratio (the target: p99 under 2x quiet), and how many guesses the server answered.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "python"), str(ROOT / "tests" / "server")]

from omni.server.framing import sows  # noqa: E402
from omni.server.testing import running_server  # noqa: E402
from omni1_test_client import Omni  # noqa: E402  (tests/server: our protocol test client)

GUESS_SOCKETS = 8  # 16 requests in flight each: the SOWS bound per socket
GUESSER_ADDRESS = "127.0.0.2"


async def work(conn, path: str, until: float, latencies: list) -> None:
    data = os.urandom(4096)
    while time.monotonic() < until:
        for command, params in (("create_asset", {"path": {"path": path}, "overwrite": True}),
                                ("stat2", {"path": {"path": path}}),
                                ("read_asset_version", {"path": {"path": path}})):
            started = time.perf_counter()
            answer, _ = await conn.call(command, tail=data if command == "create_asset" else None,
                                        **params)
            latencies.append(time.perf_counter() - started)
            assert answer["status"] == "OK", answer


async def guess(srv, in_flight: int, until: float, usernames) -> int:
    """Keep ``in_flight`` wrong-password logins outstanding until ``until``; how many were
    answered (every one must be DENIED)."""
    answered = 0
    connector = aiohttp.TCPConnector(local_addr=(GUESSER_ADDRESS, 0))
    async with aiohttp.ClientSession(connector=connector) as http:
        async def one_socket(share: int) -> None:
            nonlocal answered
            ws = await http.ws_connect(srv.ws_url + "/omni/auth")
            ids = itertools.count(1)

            async def send() -> None:
                await ws.send_bytes(sows.encode_request(next(ids), "Credentials.auth", {
                    "username": next(usernames), "password": "wrong", "version": 2}))
            for _ in range(share):
                await send()
            while time.monotonic() < until:
                msg = await ws.receive(timeout=60)
                assert sows.parse_response(msg.data).answer["status"] == "DENIED"
                answered += 1
                await send()
            await ws.close()
        shares = [in_flight // GUESS_SOCKETS + (i < in_flight % GUESS_SOCKETS)
                  for i in range(GUESS_SOCKETS)]
        await asyncio.gather(*(one_socket(n) for n in shares))
    return answered


def quantiles(samples: list) -> tuple:
    cut = statistics.quantiles(samples, n=100)
    return cut[49] * 1000, cut[98] * 1000


async def measure(srv, conns, seconds: float, guesses: int = 0, usernames=None) -> tuple:
    latencies: list = []
    until = time.monotonic() + seconds
    jobs = [work(c, f"/bench/c{i}", until, latencies) for i, c in enumerate(conns)]
    if guesses:
        jobs.append(guess(srv, guesses, until, usernames))
    done = await asyncio.gather(*jobs)
    return quantiles(latencies), len(latencies), (done[-1] if guesses else 0)


async def main(args) -> None:
    with running_server() as srv:
        srv.add_user("victim", "victim-pw")
        client = Omni(srv.ws_url, srv.http_url)
        conns = [await client.connect(srv.admin_user, srv.admin_password)
                 for _ in range(args.clients)]
        print(f"{args.clients} clients (4 KiB create_asset, stat2, read_asset_version each), "
              f"{args.guesses} wrong passwords in flight, {args.seconds} s per measurement")
        cases = (("one user", lambda: itertools.repeat("victim")),
                 ("many users", lambda: (f"user{i}" for i in itertools.count())))
        for round_no in range(1, args.rounds + 1):
            for label, usernames in cases:
                (q50, q99), n, _ = await measure(srv, conns, args.seconds)
                (f50, f99), fn, answered = await measure(srv, conns, args.seconds, args.guesses,
                                                         usernames())
                print(f"round {round_no}, guessing {label:10s}: quiet p50 {q50:6.2f} ms "
                      f"p99 {q99:6.2f} ms ({n} ops) | flooded p50 {f50:6.2f} ms "
                      f"p99 {f99:6.2f} ms ({fn} ops, {answered} guesses answered) | "
                      f"p99 ratio {f99 / q99:.2f}")
        await client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--guesses", type=int, default=128)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
