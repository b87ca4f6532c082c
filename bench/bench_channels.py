"""Channels: our client vs NVIDIA's original, through one server in one run.

    python bench/bench_channels.py [--original PYTHON] [--messages 10000] [--size 1024] [--paced 1000] [--rate 100]
                                   [--readers 50] [--fanout 1000] [--rounds 3]

Members are processes of their own (bench/channel_bench_member.py), run with this checkout's
client (python/, with the module built into it) or with the original (--original PYTHON, else
the virtualenv the interop tests made); each case uses a fresh channel. There are --rounds
rounds; the figures are medians over rounds, and each round's own are printed too (machines
here are shared and noisy):

- throughput: one member sends --messages of --size bytes back to back to another; messages
  per second from the first send to the last arrival (the ratio ours / original is the figure);
  the clients take turns, ours first in one round and the original in the next;
- latency: --paced messages at --rate per second; send to arrival, p50 and p99 of each round.
  Both clients' pairs run at the same time (each on its own channel): whatever else loads the
  machine then weighs on both alike;
- server fan-out: one sender (ours) and --readers readers (raw omni1 connections in one child
  process, tests/server's protocol client), --fanout messages of --size bytes: messages
  delivered per second, and the server's RSS before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMBER = Path(__file__).parent / "channel_bench_member.py"
sys.path[:0] = [str(ROOT / "python"), str(ROOT / "tests" / "server"), str(Path(__file__).parent)]

channel_ids = itertools.count(1)
FANOUT_CHILD = "--fanout-readers-child"  # argv[1] of the fan-out readers' own process


class Member:
    def __init__(self, python: str, ours: bool, srv, url: str, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI_")}
        env.update(OMNICLIENT_HUB_MODE="disabled", PYTHONPATH=str(ROOT / "python") if ours else "")
        self.proc = subprocess.Popen([python, str(MEMBER), url, srv.admin_user, srv.admin_password, *map(str, args)],
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.line("READY")

    def line(self, prefix: str) -> str:
        """The next line starting with ``prefix`` (the original logs on stdout too)."""
        for line in self.proc.stdout:
            if line.startswith(prefix):
                return line
        raise RuntimeError(f"member exited with {self.proc.wait()}")

    def go(self) -> None:
        self.proc.stdin.write("GO\n")
        self.proc.stdin.flush()

    def result(self) -> dict:
        out = json.loads(self.line("RESULT ")[len("RESULT "):])
        self.proc.wait(60)
        return out


def run_pairs(srv, clients: list, count: int, size: int, rate: float) -> list:
    """A sender and a receiver on a channel of their own for each (python, ours) of ``clients``,
    all sending at once; (sender's result, receiver's result) for each."""
    pairs = []
    for python, ours in clients:
        url = f"{srv.url}/bench/c{next(channel_ids)}.channel"
        receiver = Member(python, ours, srv, url, "recv", count)
        pairs.append((Member(python, ours, srv, url, "send", count, size, rate), receiver))
    time.sleep(0.5)  # the members have found each other
    for sender, _ in pairs:
        sender.go()
    results = [(sender.result(), receiver.result()) for sender, receiver in pairs]
    for sent, _ in results:
        assert sent["results"] == ["OK"], sent
    return results


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def readers(ws_url: str, http_url: str, user: str, password: str, path: str, n: int, count: int) -> None:
    """The fan-out readers' child: ``n`` connections read the channel; READY once all joined,
    then, once each has ``count`` messages of type regular, RESULT {"last": ns}."""
    from omni1_test_client import Omni

    clients = [Omni(ws_url, http_url) for _ in range(n)]
    conns = [await c.connect(user, password) for c in clients]
    await conns[0].call("create", uri=path, type=3)
    reads = [c.start("read", uri=path) for c in conns]
    for c, r in zip(conns, reads):
        first, _ = await c.next(r, "read")  # the join notice
        assert first["status"] == "OK", first
    print("READY", flush=True)

    async def drain(c, r):
        got = 0
        while got < count:
            answer, tail = await c.next(r, "read", timeout=120)
            if tail and json.loads(bytes(tail).split(b"\0", 1)[0]).get("type") == "regular":
                got += 1
    await asyncio.gather(*(drain(c, r) for c, r in zip(conns, reads)))
    print("RESULT " + json.dumps({"last": time.time_ns()}), flush=True)
    for c in clients:
        await c.close()


def fanout(srv, n: int, count: int, size: int) -> dict:
    path = f"/bench/fan{next(channel_ids)}.channel"
    child = subprocess.Popen([sys.executable, __file__, FANOUT_CHILD, srv.ws_url, srv.http_url, srv.admin_user,
                              srv.admin_password, path, str(n), str(count)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "READY"
    sender = Member(sys.executable, True, srv, srv.url + path, "send", count, size, 0)
    time.sleep(0.5)
    before = rss_kib(srv.process.pid)
    sender.go()
    sent = sender.result()
    last = json.loads(child.stdout.readline()[len("RESULT "):])["last"]
    child.wait(60)
    after = rss_kib(srv.process.pid)
    assert sent["results"] == ["OK"], sent
    return {"delivered_per_s": n * count / ((last - sent["start"]) / 1e9), "rss_before_mib": before / 1024,
            "rss_after_mib": after / 1024}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main() -> int:
    if sys.argv[1:2] == [FANOUT_CHILD]:
        ws_url, http_url, user, password, path, n, count = sys.argv[2:9]
        asyncio.run(readers(ws_url, http_url, user, password, path, int(n), int(count)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--paced", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--fanout", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--original", help="python of a virtualenv with the original client "
                                           "(default: the interop tests' virtualenv)")
    args = parser.parse_args()

    if not list((ROOT / "python" / "omni" / "client").glob("_omniclient*.so")):
        sys.exit("bench: build the client first and copy its module into python/omni/client/")
    from harness import original_python
    from omni.server.testing import running_server

    clients = {"ours": (sys.executable, True), "original": (original_python(args.original), False)}
    with running_server() as srv:
        rates = {who: [] for who in clients}
        latencies = {who: [] for who in clients}  # (p50, p99) in ms, one per round
        for round_ in range(args.rounds):
            order = list(clients.items())[::(-1) ** round_]  # who goes first changes every round
            for who, (python, ours) in order:
                [(sent, got)] = run_pairs(srv, [(python, ours)], args.messages, args.size, 0)
                rates[who].append(args.messages / ((got["last"] - sent["start"]) / 1e9))
            paced = run_pairs(srv, [client for _, client in order], args.paced, args.size, args.rate)
            for (who, _), (_, got) in zip(order, paced):
                lat = got["latency_ns"]
                latencies[who].append((percentile(lat, 0.5) / 1e6, percentile(lat, 0.99) / 1e6))
        medians = {who: statistics.median(r) for who, r in rates.items()}
        for who, r in rates.items():
            print(f"throughput {who:9s}: {medians[who]:9.0f} msgs/s  (rounds: {', '.join(f'{x:.0f}' for x in r)})")
        print(f"throughput ours/original: {medians['ours'] / medians['original']:.2f}x  (rounds: "
              f"{', '.join(f'{a / b:.2f}x' for a, b in zip(rates['ours'], rates['original']))})")
        for who, rounds in latencies.items():
            print(f"latency {who:9s} at {args.rate:.0f}/s: p50 {statistics.median(r[0] for r in rounds):.2f} ms, "
                  f"p99 {statistics.median(r[1] for r in rounds):.2f} ms  (rounds p50/p99: "
                  f"{', '.join(f'{a:.2f}/{b:.2f}' for a, b in rounds)})")
        fan = fanout(srv, args.readers, args.fanout, args.size)
        print(f"fan-out 1 -> {args.readers} readers, {args.fanout} msgs: {fan['delivered_per_s']:.0f} delivered/s; "
              f"server RSS {fan['rss_before_mib']:.1f} MiB before, {fan['rss_after_mib']:.1f} MiB after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
