"""Local files: each workload run side by side (A B A B ...) against the original omni.client in
its own virtualenv, and against plain Python doing the same work as the limit.

    python bench/bench_file.py --original /path/to/venv/bin/python [--rounds 5]

Without --original only the plain-Python ratios are printed. Rates are operations per second
(bytes per second for the 64 MiB cases); every figure worth quoting is a ratio from one run.
"""

import argparse
import asyncio
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import compare, rate_in, rate_of  # noqa: E402

import omni.client  # noqa: E402

# The original runs in its own interpreter: it must not find this omni.client on an inherited path.
os.environ.pop("PYTHONPATH", None)

MIB = 1 << 20


def make_workspace():
    root = tempfile.mkdtemp(prefix="bench-file-")
    with open(f"{root}/stat.txt", "wb") as f:
        f.write(b"s" * 100)
    with open(f"{root}/4k.bin", "wb") as f:
        f.write(os.urandom(4096))
    with open(f"{root}/64m.bin", "wb") as f:
        f.write(os.urandom(64 * MIB))
    os.mkdir(f"{root}/many")
    for i in range(1000):
        with open(f"{root}/many/f{i:04}", "wb") as f:
            f.write(b"x" * (i % 100))
    return root


def workloads(root):
    """name -> (ours, plain, statement for the original, ops per call)."""
    data4k = os.urandom(4096)
    data64m = os.urandom(64 * MIB)
    stat_file, read4k, read64m, many = f"{root}/stat.txt", f"{root}/4k.bin", f"{root}/64m.bin", f"{root}/many"

    def plain_write(path, data):
        with open(path, "wb") as f:
            f.write(data)

    def plain_read(path):
        with open(path, "rb") as f:
            return f.read()

    def gather(stat, n=2000):
        async def main():
            await asyncio.gather(*(stat() for _ in range(n)))

        asyncio.run(main())

    def plain_async_stat():
        return asyncio.get_running_loop().run_in_executor(None, os.stat, stat_file)

    return {
        "blocking stat": (lambda: omni.client.stat(stat_file), lambda: os.stat(stat_file),
                          f"omni.client.stat({stat_file!r})", 1),
        "4 KiB read": (lambda: omni.client.read_file(read4k), lambda: plain_read(read4k),
                       f"omni.client.read_file({read4k!r})", 1),
        "4 KiB write": (lambda: omni.client.write_file(f"{root}/w4k.bin", data4k), lambda: plain_write(f"{root}/p4k.bin", data4k),
                        f"omni.client.write_file({root + '/o4k.bin'!r}, DATA4K)", 1),
        "2,000 stat_async gathered": (lambda: gather(lambda: omni.client.stat_async(stat_file)), lambda: gather(plain_async_stat),
                                      "async def _m():\n    await asyncio.gather(*(omni.client.stat_async(%r) for _ in range(2000)))\n"
                                      "asyncio.run(_m())" % stat_file, 2000),
        "list of 1,000 entries": (lambda: omni.client.list(many), lambda: [(e.name, e.stat()) for e in os.scandir(many)],
                                  f"omni.client.list({many!r})", 1),
        "64 MiB read (bytes/s)": (lambda: omni.client.read_file(read64m), lambda: plain_read(read64m),
                                  f"omni.client.read_file({read64m!r})", 64 * MIB),
        "64 MiB write (bytes/s)": (lambda: omni.client.write_file(f"{root}/w64.bin", data64m),
                                   lambda: plain_write(f"{root}/p64.bin", data64m),
                                   f"omni.client.write_file({root + '/o64.bin'!r}, DATA64M)", 64 * MIB),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--original", help="python of a virtualenv with the original omni.client")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help="run only the workloads whose name contains this")
    args = parser.parse_args()
    omni.client.set_log_level(omni.client.LogLevel.ERROR)
    root = make_workspace()
    setup = ("import asyncio, os, omni.client\nomni.client.set_log_level(omni.client.LogLevel.ERROR)\n"
             "DATA4K = os.urandom(4096)\nDATA64M = os.urandom(64 << 20)")
    try:
        print(f"omni.client {omni.client.get_version()}; {os.cpu_count()} CPUs; files in {root}")
        for name, (ours, plain, original, n) in workloads(root).items():
            if args.only and args.only not in name:
                continue
            min_seconds = 1.0 if n > 1 else 0.3
            # A write is done when the kernel has written its data: each round of a write case
            # pays for its own (otherwise the next case, ours or theirs, would).
            writes = "write" in name
            settle = os.sync if writes else None
            if args.original:
                compare(f"{name} vs original", lambda: rate_of(ours, n, min_seconds, settle),
                        lambda: rate_in(args.original, setup, original, n, min_seconds, settle="os.sync()" if writes else None),
                        args.rounds, baseline_label="original")
            compare(f"{name} vs plain Python", lambda: rate_of(ours, n, min_seconds, settle), lambda: rate_of(plain, n, min_seconds, settle),
                    args.rounds, baseline_label="plain")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
