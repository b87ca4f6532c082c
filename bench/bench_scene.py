"""A scene load, as a user feels it: a fresh process reads 600 assets (2 KB to 1.5 MB, 255 MB in 20
folders) from one local server, our client against the original (from its own virtualenv),
alternating (A B A B ...), medians of several rounds; prints medians and ratios.

    python bench/bench_scene.py --original /path/to/venv/bin/python [--rounds 5] [--only WORDS]

Each load lists every folder, then stats and reads every asset: through the ``_async`` calls with
16 and with 64 in flight, and through the blocking calls from a pool of 16 threads. The load time
counts from the first call (connecting and logging in included: a fresh process has to) to the
last answer. Then, per operation: the client's CPU for an ``_async`` stat and a 4 KiB ``_async``
read (16 in flight, after a warm-up, round 64 small files), and the server's CPU for each (from
/proc/<pid>/stat); both clients answer a repeated stat from their listing caches, so that case
measures the client's own machinery and costs the server nothing. ``--lft-threshold N`` starts the
servers with that LFT threshold (content above it goes over HTTP instead of the WebSocket).

Run it with an interpreter whose path finds this checkout's omni package but NOT through
PYTHONPATH, which the original's process would inherit (a virtualenv with a .pth file will do);
the server extra is needed (pip install .[server]). ``--baseline-server PYTHON`` starts a second
server from another such interpreter (e.g. a virtualenv of an older checkout) and compares the two
servers' CPU per stat2 (listing cache bypassed) and per 4 KiB read, our client against both (and
the original's 4 KiB reads).
"""

import argparse
import contextlib
import functools
import json
import os
import random
import statistics
import subprocess
import sys

import omni.client
from omni.server.testing import running_server

FOLDERS = 20
ASSETS = 600
SCENE_BYTES = 255 << 20
SMALL, LARGE = 2_000, 1_500_000
SMALL_FILES = 64  # the per-operation cases go round these 4 KiB files (not one: requests naming the
                  # same item wait for each other on the server)

# The client side, run in a fresh interpreter with either client; prints one JSON line.
PROGRAM = r"""
import asyncio, json, os, resource, sys, time
from concurrent.futures import ThreadPoolExecutor
import omni.client
omni.client.set_log_level(omni.client.LogLevel.ERROR)
omni.client.set_retries(0, 0, 0)
P = json.loads(sys.argv[1])
_reg = omni.client.register_authentication_callback(lambda url: (P["user"], P["password"]))
OK = omni.client.Result.OK

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

def server_cpu():
    with open(f"/proc/{P['server_pid']}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def check(result):
    if result != OK:
        raise SystemExit(f"failed: {result}")

async def run_async(items, in_flight, op):
    it = iter(items)
    async def worker():
        for item in it:
            await op(item)
    await asyncio.gather(*(worker() for _ in range(in_flight)))

async def load_async(in_flight):
    listings = await asyncio.gather(*(omni.client.list_async(f) for f in P["folders"]))
    urls = []
    for folder, (result, entries) in zip(P["folders"], listings):
        check(result)
        urls += [f"{folder}/{e.relative_path}" for e in entries]
    total = 0
    async def one(url):
        nonlocal total
        result, entry = await omni.client.stat_async(url)
        check(result)
        result, _, content = await omni.client.read_file_async(url)
        check(result)
        total += len(memoryview(content))
    await run_async(urls, in_flight, one)
    return len(urls), total

def load_threads(threads):
    with ThreadPoolExecutor(threads) as pool:
        listings = list(pool.map(omni.client.list, P["folders"]))
        urls = []
        for folder, (result, entries) in zip(P["folders"], listings):
            check(result)
            urls += [f"{folder}/{e.relative_path}" for e in entries]
        def one(url):
            result, entry = omni.client.stat(url)
            check(result)
            result, _, content = omni.client.read_file(url)
            check(result)
            return len(memoryview(content))
        return len(urls), sum(pool.map(one, urls))

async def per_op(op, n, in_flight=16):
    await run_async(range(n // 10), in_flight, op)  # warm-up: connected, logged in, caches hot
    c0, s0, t0 = cpu(), server_cpu(), time.perf_counter()
    await run_async(range(n), in_flight, op)
    t1, c1, s1 = time.perf_counter(), cpu(), server_cpu()
    return {"seconds": t1 - t0, "cpu": (c1 - c0) / n, "server_cpu": (s1 - s0) / n}

async def stat_small(i):
    check((await omni.client.stat_async(P["small"][i % len(P["small"])]))[0])

if P["mode"] == "stat2":  # every stat goes to the server (ours only: the original has no such switch)
    omni.client.bypass_list_cache(True)

async def read_small(i):
    result, _, content = await omni.client.read_file_async(P["small"][i % len(P["small"])])
    check(result)
    assert len(memoryview(content)) == 4096

mode = P["mode"]
c0, s0, t0 = cpu(), server_cpu(), time.perf_counter()
if mode.startswith("async"):
    count, total = asyncio.run(load_async(int(mode[5:])))
elif mode.startswith("threads"):
    count, total = load_threads(int(mode[7:]))
if mode in ("stat", "stat2", "read4k"):
    out = asyncio.run(per_op(read_small if mode == "read4k" else stat_small, P["ops"]))
else:
    t1, c1, s1 = time.perf_counter(), cpu(), server_cpu()
    assert (count, total) == (P["assets"], P["bytes"]), (count, total)
    out = {"seconds": t1 - t0, "cpu": c1 - c0, "server_cpu": s1 - s0}
print(json.dumps(out))
omni.client.shutdown()
"""

LOADS = [("scene load, 16 _async in flight", "async16"), ("scene load, 64 _async in flight", "async64"),
         ("scene load, blocking from 16 threads", "threads16")]
PER_OP = [("_async stat", "stat"), ("4 KiB _async read", "read4k")]
# the original client reads too (it has no switch to bypass its listing cache: no stat2)
BY_ORIGINAL = ("server: 4 KiB read, original client", "read4k")
SERVER_PER_OP = [("server: stat2", "stat2"), ("server: 4 KiB read", "read4k"), BY_ORIGINAL]
PER_OP_SHOW = [("client CPU/op", "cpu", 1e6, "us"), ("server CPU/op", "server_cpu", 1e6, "us"), ("time/op", "seconds", None, "us")]
LOAD_SHOW = [("time", "seconds", 1, "s"), ("client CPU", "cpu", 1, "s"), ("server CPU", "server_cpu", 1, "s")]


def asset_sizes(seed=20):
    """600 sizes from 2 KB to 1.5 MB adding up to 255 MB: many small files (log-uniform) and a
    long tail of large ones, as scenes have."""
    rng = random.Random(seed)
    small = [int(SMALL * (64_000 / SMALL) ** rng.random()) for _ in range(ASSETS // 2)]
    large = [rng.randint(64_000, LARGE) for _ in range(ASSETS - len(small))]
    # Scale the large ones so that the total is exact, then put the rounding on the largest ones.
    scale = (SCENE_BYTES - sum(small)) / sum(large)
    large = [min(LARGE, int(size * scale)) for size in large]
    short = SCENE_BYTES - sum(small) - sum(large)
    for i in sorted(range(len(large)), key=lambda i: large[i]):
        if short <= 0:
            break
        grow = min(short, LARGE - large[i])
        large[i] += grow
        short -= grow
    sizes = small + large
    rng.shuffle(sizes)
    return sizes


def write_scene(base):
    sizes = asset_sizes()
    folders = [f"{base}/scene/folder{i:02}" for i in range(FOLDERS)]
    for i, size in enumerate(sizes):
        url = f"{folders[i % FOLDERS]}/asset{i:03}.usd"
        assert omni.client.write_file(url, os.urandom(size)) == omni.client.Result.OK, url
    for i in range(SMALL_FILES):
        assert omni.client.write_file(f"{base}/small/f4k-{i:02}", os.urandom(4096)) == omni.client.Result.OK
    return folders, sum(sizes)


def run_client(python, env, params):
    out = subprocess.run([python, "-c", PROGRAM, json.dumps(params)], capture_output=True, text=True, env=env,
                         timeout=600, cwd="/")
    if out.returncode != 0:
        raise RuntimeError(f"{python}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def alternate(name, case, baseline, rounds, show, labels=("ours", "original")):
    """Runs ``case`` and ``baseline`` alternately; prints the medians of what ``show`` picks and
    how many times less (time or CPU) the case takes."""
    a, b = [], []
    for _ in range(rounds):
        a.append(case())
        b.append(baseline())
    for label, key, scale, unit in show:
        mine, theirs = (statistics.median(r[key] for r in runs) * scale for runs in (a, b))
        ratio = theirs / mine if mine else float("inf")
        print(f"{name + ' ' + label:<56} {labels[0]} {mine:9.3f} {unit:<3} {labels[1]} {theirs:9.3f} {unit:<3} "
              f"{ratio:5.2f}x less")


def serve_scene(stack, server_python, server_args):
    """A server holding the scene (and a 4 KiB file); returns it and the parameters of a load."""
    server = stack.enter_context(running_server(extra_args=server_args, python=server_python))
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    base = server.url + "/bench"
    folders, total = write_scene(base)
    del reg
    return server, {"user": server.admin_user, "password": server.admin_password, "folders": folders,
                    "assets": ASSETS, "bytes": total, "server_pid": server.process.pid,
                    "small": [f"{base}/small/f4k-{i:02}" for i in range(SMALL_FILES)]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--original", required=True, help="python of a virtualenv with the original omni.client")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ops", type=int, default=3000, help="operations per CPU-per-operation measurement")
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    parser.add_argument("--lft-threshold", type=int, help="the servers' --lft-threshold (default: the server's)")
    parser.add_argument("--baseline-server", metavar="PYTHON",
                        help="also run a server from this interpreter's omni.server (e.g. a virtualenv of an older "
                             "checkout) and compare the servers' CPU per request, with our client against both")
    args = parser.parse_args()

    clean = {k: v for k, v in os.environ.items() if not k.startswith("OMNI") and k != "PYTHONPATH"}
    baseline_env = dict(clean, OMNICLIENT_HUB_MODE="disabled")
    server_args = ("--lft-threshold", str(args.lft_threshold)) if args.lft_threshold is not None else ()
    wanted = [case for case in LOADS + PER_OP + (SERVER_PER_OP if args.baseline_server else [])
              if not args.only or args.only in case[0]]
    with contextlib.ExitStack() as stack:
        server, params = serve_scene(stack, None, server_args)
        if args.baseline_server:
            _, baseline_params = serve_scene(stack, args.baseline_server, server_args)
        load = os.getloadavg()
        print(f"server {server.url}, {ASSETS} assets, {params['bytes'] / (1 << 20):.0f} MiB, {args.rounds} rounds, "
              f"medians; load average {load[0]:.2f} {load[1]:.2f}")
        for name, mode in wanted:
            p = dict(params, mode=mode, ops=args.ops)
            ours = functools.partial(run_client, sys.executable, clean, p)
            if (name, mode) in SERVER_PER_OP:
                python, env = (args.original, baseline_env) if (name, mode) == BY_ORIGINAL else (sys.executable, clean)
                ours = functools.partial(run_client, python, env, p)
                baseline = functools.partial(run_client, python, env, dict(baseline_params, mode=mode, ops=args.ops))
                labels = ("this server", "baseline server")
            else:
                baseline = functools.partial(run_client, args.original, baseline_env, p)
                labels = ("ours", "original")
            show = LOAD_SHOW if (name, mode) in LOADS else [(label, key, scale or 1e6 / args.ops, unit)
                                                            for label, key, scale, unit in PER_OP_SHOW]
            alternate(name, ours, baseline, args.rounds, show, labels)
        print(f"load average now {os.getloadavg()[0]:.2f}")
    omni.client.shutdown()


if __name__ == "__main__":
    main()
