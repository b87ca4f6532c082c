"""omniverse:// end to end: our client against a baseline omni.client (the original, from its own
virtualenv), same local server, same run, alternating (A B A B ...); prints medians and ratios.

    python bench/bench_nucleus.py --original /path/to/venv/bin/python [--rounds 3]

Each measurement runs in a fresh interpreter: it logs in first (not timed), then repeats the
operation for at least a fraction of a second. Needs the server extra (pip install .[server]).
"""

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import client_envs, compare  # noqa: E402

import omni.client  # noqa: E402
from omni.server.testing import running_server  # noqa: E402

SETUP = """
import asyncio, os, time
import omni.client
omni.client.set_log_level(omni.client.LogLevel.ERROR)
omni.client.set_retries(0, 0, 0)
_reg = omni.client.register_authentication_callback(lambda url: ({user!r}, {password!r}))
B = {base!r}
assert omni.client.stat(B + "/f4k")[0] == omni.client.Result.OK
data4k = os.urandom(4096)
big = os.urandom(64 << 20) if {need_big} else b""
async def gather_stats(n):
    return await asyncio.gather(*(omni.client.stat_async(B + "/f4k") for _ in range(n)))
"""

CASES = [
    # (name, statement, operations per call, needs the 64 MiB buffer)
    ("blocking stat", "omni.client.stat(B + '/f4k')", 1, False),
    ("list (100 entries)", "assert len(omni.client.list(B + '/list100')[1]) == 100", 1, False),
    ("4 KiB read", "omni.client.read_file(B + '/f4k')", 1, False),
    ("4 KiB write", "omni.client.write_file(B + '/w4k', data4k)", 1, False),
    ("1,000 concurrent stat_async", "asyncio.run(gather_stats(1000))", 1000, False),
    ("64 MiB read", "assert len(omni.client.read_file(B + '/f64m')[2]) == 64 << 20", 1, False),
    ("64 MiB write", "omni.client.write_file(B + '/w64m', big)", 1, True),
]


def rate_in(python, env, setup, statement, ops_per_call, min_seconds=0.5):
    program = "\n".join([setup, "def _fn():", "    " + statement, "_fn()", "_calls = 0", "_start = time.perf_counter()",
                         "while True:", "    _fn()", "    _calls += 1", "    _now = time.perf_counter()",
                         f"    if _now - _start >= {min_seconds}:", "        break",
                         f"print(_calls * {ops_per_call} / (_now - _start))",
                         "omni.client.shutdown()"])
    out = subprocess.run([python, "-c", program], capture_output=True, text=True, env=env, timeout=600, cwd="/")
    if out.returncode != 0:
        raise RuntimeError(f"{python}: {out.stderr[-2000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--original", required=True, help="python of a virtualenv with the baseline omni.client")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    args = parser.parse_args()

    ours_env, baseline_env = client_envs()

    with running_server() as server:
        reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
        base = server.url + "/bench"
        assert omni.client.write_file(base + "/f4k", os.urandom(4096)) == omni.client.Result.OK
        for i in range(100):
            omni.client.write_file(f"{base}/list100/item{i:03}", b"x")
        assert omni.client.write_file(base + "/f64m", os.urandom(64 << 20)) == omni.client.Result.OK
        del reg
        print(f"server {server.url}, {args.rounds} rounds, medians; ratio = ours / original")
        ratios = {}
        for name, statement, ops, need_big in CASES:
            if args.only and args.only not in name:
                continue
            setup = SETUP.format(user=server.admin_user, password=server.admin_password, base=base, need_big=need_big)
            ratios[name] = compare(name, lambda: rate_in(sys.executable, ours_env, setup, statement, ops),
                                   lambda: rate_in(args.original, baseline_env, setup, statement, ops),
                                   args.rounds, baseline_label="original")
        worst = min(ratios.values()) if ratios else 0
        print(f"lowest ratio {worst:.2f}x")
    omni.client.shutdown()


if __name__ == "__main__":
    main()
