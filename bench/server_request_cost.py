"""The server's own Python cost per request, without the socket: a ConnLib session of this
checkout's server is fed stat2 / 4 KiB read_asset_version requests (16 in flight, round 64 small
files) by a stand-in for its WebSocket, in this process; prints the CPU time per request
(median and minimum of --rounds), or a cProfile of one round with --profile.

    python bench/server_request_cost.py [--requests 20000] [--rounds 5] [--profile]

What it leaves out (aiohttp's WebSocket reading and writing, the event loop's polling, the
system calls) is what bench_scene.py's per-operation cases add, over a real socket. Run it with
another checkout's python/ first on PYTHONPATH to compare servers.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import uvloop
from aiohttp import WSMsgType

import omni.client
from omni.server import acl
from omni.server.app import Server, Settings
from omni.server.session import Session
from omni.server.storage.locations import Locations
from omni.server.testing import running_server

FILES = 64
IN_FLIGHT = 16
COMMANDS = ("stat2", "read_asset_version")


def write_files(data_dir: Path) -> str:
    """Small files written through a server on ``data_dir``; returns the admin's name."""
    with running_server(data_dir=data_dir) as server:
        reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
        for i in range(FILES):
            url = f"{server.url}/bench/small/f4k-{i:02}"
            assert omni.client.write_file(url, os.urandom(4096)) == omni.client.Result.OK, url
        del reg
        return server.admin_user


class Message:
    type = WSMsgType.BINARY

    def __init__(self, data: bytes):
        self.data = data


class StandInSocket:
    """What the session reads and writes: the requests, at most IN_FLIGHT unanswered; the
    answers are counted."""

    closed = False

    def __init__(self, requests: list, session: list):
        self.requests = requests
        self.session = session  # [the session], set once it exists
        self.answers = 0

    async def send_str(self, data: str) -> None:
        self.answers += 1

    async def send_bytes(self, data: bytes) -> None:
        self.answers += 1

    async def send_message(self, data) -> None:  # the server's batched socket (older ones: the two above)
        self.answers += 1

    async def __aiter__(self):
        for request in self.requests:
            while len(self.session[0].tasks) >= IN_FLIGHT:
                await asyncio.sleep(0)
            yield Message(request)
        while self.session[0].tasks:
            await asyncio.sleep(0)


def requests(command: str, count: int) -> list:
    return [(f'{{"command":"{command}","id":{i},'
             f'"path":{{"branch":"","path":"/bench/small/f4k-{i % FILES:02}"}}}}').encode() for i in range(count)]


async def measure(data_dir: Path, admin: str, command: str, count: int, profile: bool) -> float:
    """CPU seconds per request of ``count`` requests (after a tenth as many to warm up)."""
    server = Server(Settings(where=Locations.of(data_dir)))
    await server.start()
    try:
        async def session_of(number: int) -> None:
            holder: list = []
            ws = StandInSocket(requests(command, number), holder)
            session = Session(server, ws, None)
            session.principal = acl.Principal(admin, (), True)
            session.groups_gen = server.groups_gen
            holder.append(session)
            await session.run()
            assert ws.answers == number, (ws.answers, number)

        await session_of(count // 10)
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        start = time.process_time()
        await session_of(count)
        spent = time.process_time() - start
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return spent / count
    finally:
        await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="a cProfile of one round instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        admin = write_files(Path(tmp) / "data")
        print(f"server {sys.modules['omni.server'].__file__}")
        for command in COMMANDS:
            runs = [uvloop.run(measure(Path(tmp) / "data", admin, command, args.requests, args.profile))
                    for _ in range(1 if args.profile else args.rounds)]
            print(f"{command:<20} CPU per request: median {statistics.median(runs) * 1e6:6.1f} us, "
                  f"min {min(runs) * 1e6:6.1f} us")
    omni.client.shutdown()


if __name__ == "__main__":
    main()
