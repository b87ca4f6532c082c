"""The cost of the request machinery itself: an operation no provider serves, end to end
(argument conversion, routing, answer), in each calling convention.

Baseline: the original omni.client doing the same in its own virtualenv, if one is given:

    python bench/bench_core.py [--original /path/to/venv/bin/python]
"""

import argparse
import asyncio
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from harness import compare, rate_in, rate_of  # noqa: E402

import omni.client  # noqa: E402

URL = "nosuchscheme://host/file.txt"


def blocking():
    omni.client.stat(URL)


def with_callback(n=1000):
    requests = [omni.client.stat_with_callback(URL, None) for _ in range(n)]
    requests[-1].wait()


def gathered(n=1000):
    async def main():
        await asyncio.gather(*(omni.client.stat_async(URL) for _ in range(n)))

    asyncio.run(main())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--original", help="python of a virtualenv with the original omni.client")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    if args.original:
        setup = f"import omni.client, asyncio\nomni.client.set_log_level(omni.client.LogLevel.ERROR)\nURL = {URL!r}"
        compare("blocking stat (unserved URL)", lambda: rate_of(blocking), lambda: rate_in(args.original, setup, "omni.client.stat(URL)"),
                args.rounds, baseline_label="original")
        compare("1,000 stat_with_callback", lambda: rate_of(with_callback, 1000),
                lambda: rate_in(args.original, setup, "rs = [omni.client.stat_with_callback(URL, lambda *a: None) for _ in range(1000)]\nrs[-1].wait()", 1000),
                args.rounds, baseline_label="original")
        compare("1,000 stat_async gathered", lambda: rate_of(gathered, 1000),
                lambda: rate_in(args.original, setup,
                                "async def _m():\n    await asyncio.gather(*(omni.client.stat_async(URL) for _ in range(1000)))\nasyncio.run(_m())", 1000),
                args.rounds, baseline_label="original")
    else:
        # Without the original: the blocking call against a plain Python function call, as the limit.
        compare("blocking stat vs a Python call", lambda: rate_of(blocking), lambda: rate_of(lambda: len(URL)), args.rounds,
                baseline_label="len()")
    compare("1,000 stat_async gathered vs callbacks", lambda: rate_of(gathered, 1000), lambda: rate_of(with_callback, 1000), args.rounds,
            case_label="async", baseline_label="callback")


if __name__ == "__main__":
    main()
